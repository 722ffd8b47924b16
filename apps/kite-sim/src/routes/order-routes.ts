import { ORDER_SIDES, ORDER_TYPES, PRODUCTS } from '@kavach/domain';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { successBody } from '../kite/envelope';
import { inputError } from '../kite/kite-error';
import {
  nonNegativeInteger,
  optionalField,
  positiveInteger,
  rupeeAmount,
} from '../http/form-fields';
import { parseInput } from '../http/parse-input';
import { unwrap } from '../trading/port-result';
import type { ModifyOrderInput, PlaceOrderInput, TradingPort } from '../trading/trading-port';

/** Kite's varieties; the exchange decides which of them it simulates. */
const VARIETIES = new Set(['regular', 'amo', 'co', 'iceberg', 'auction']);
const VALIDITIES = ['DAY', 'IOC', 'TTL'] as const;

const placeBody = z.object({
  exchange: z.string().min(1),
  tradingsymbol: z.string().min(1),
  transaction_type: z.enum(ORDER_SIDES),
  order_type: z.enum(ORDER_TYPES),
  quantity: positiveInteger,
  product: z.enum(PRODUCTS),
  price: optionalField(rupeeAmount),
  trigger_price: optionalField(rupeeAmount),
  disclosed_quantity: optionalField(nonNegativeInteger),
  validity: optionalField(z.enum(VALIDITIES)),
  validity_ttl: optionalField(positiveInteger),
  // Kite documents "alphanumeric, up to 20"; its own samples carry spaces, so only length is enforced.
  tag: optionalField(z.string().max(20)),
  market_protection: optionalField(z.coerce.number()),
});

const modifyBody = z.object({
  order_type: optionalField(z.enum(ORDER_TYPES)),
  quantity: optionalField(positiveInteger),
  price: optionalField(rupeeAmount),
  trigger_price: optionalField(rupeeAmount),
  disclosed_quantity: optionalField(nonNegativeInteger),
  validity: optionalField(z.enum(VALIDITIES)),
  market_protection: optionalField(z.coerce.number()),
});

/** Drop keys whose value is undefined, so the exchange sees only what the client sent. */
function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function checkVariety(variety: string): string {
  if (!VARIETIES.has(variety)) throw inputError('Invalid `variety`.');
  return variety;
}

/** Orders and trades: place, modify, cancel, the order book, history and fills. */
export function registerOrderRoutes(app: FastifyInstance, trading: TradingPort): void {
  app.post<{ Params: { variety: string } }>('/orders/:variety', (request) => {
    const variety = checkVariety(request.params.variety);
    const body = parseInput(placeBody, request.body);
    const input: PlaceOrderInput = definedOnly({ ...body, variety });
    return successBody({ order_id: unwrap(trading.placeOrder(input)) });
  });

  app.put<{ Params: { variety: string; order_id: string } }>(
    '/orders/:variety/:order_id',
    (request) => {
      checkVariety(request.params.variety);
      const changes: ModifyOrderInput = definedOnly(parseInput(modifyBody, request.body));
      return successBody({
        order_id: unwrap(trading.modifyOrder(request.params.order_id, changes)),
      });
    },
  );

  app.delete<{ Params: { variety: string; order_id: string } }>(
    '/orders/:variety/:order_id',
    (request) => {
      checkVariety(request.params.variety);
      return successBody({ order_id: unwrap(trading.cancelOrder(request.params.order_id)) });
    },
  );

  app.get('/orders', () => successBody(trading.orders()));

  app.get<{ Params: { order_id: string } }>('/orders/:order_id', (request) =>
    successBody(unwrap(trading.orderHistory(request.params.order_id))),
  );

  app.get('/trades', () => successBody(trading.trades()));

  app.get<{ Params: { order_id: string } }>('/orders/:order_id/trades', (request) =>
    successBody(unwrap(trading.orderTrades(request.params.order_id))),
  );
}
