import {
  LEG_ROLES,
  MAX_INSTRUMENT_TOKEN,
  ORDER_SIDES,
  ORDER_STATUSES,
  ORDER_TYPES,
  paise,
} from '@kavach/domain';
import type { Paise } from '@kavach/domain';
import fc from 'fast-check';
import type { OrderMessage, TickMessage } from '../src';

const price: fc.Arbitrary<Paise> = fc.integer({ min: 0, max: 10_000_000_00 }).map(paise);
const count = fc.integer({ min: 0, max: 10_000_000 });
const token = fc.integer({ min: 0, max: MAX_INSTRUMENT_TOKEN });
const at = fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) });
const id = fc.string({ minLength: 1, maxLength: 40 });

export const tickMessageArbitrary: fc.Arbitrary<TickMessage> = fc.record({
  token,
  mode: fc.constantFrom('ltp', 'quote', 'full'),
  lastPrice: price,
  at,
  lastQuantity: fc.option(count),
  averagePrice: fc.option(price),
  volume: fc.option(count),
  buyQuantity: fc.option(count),
  sellQuantity: fc.option(count),
  open: fc.option(price),
  high: fc.option(price),
  low: fc.option(price),
  close: fc.option(price),
  bestBid: fc.option(price),
  bestAsk: fc.option(price),
});

export const orderMessageArbitrary: fc.Arbitrary<OrderMessage> = fc.record({
  clientOrderId: id,
  brokerOrderId: fc.option(id),
  groupId: fc.option(id),
  role: fc.constantFrom(...LEG_ROLES),
  token,
  tradingSymbol: fc.string({ minLength: 1, maxLength: 30 }),
  side: fc.constantFrom(...ORDER_SIDES),
  orderType: fc.constantFrom(...ORDER_TYPES),
  quantity: count,
  filledQuantity: count,
  averagePrice: fc.option(price),
  price: fc.option(price),
  triggerPrice: fc.option(price),
  status: fc.constantFrom(...ORDER_STATUSES),
  statusMessage: fc.option(fc.string({ maxLength: 200 })),
  correlationId: id,
  at,
});
