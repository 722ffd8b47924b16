import { paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { createHarness, expectAccepted, INFY, limitBuy, marketOrder } from './exchange.fixtures';
import { toKiteMargins, toKiteSegmentMargins } from './kite-margins';
import { toKiteOrder } from './kite-order';
import { toKiteOrderMargin } from './kite-order-margins';
import { toKitePositions } from './kite-position';
import { toKiteTrade } from './kite-trade';
import {
  KITE_AVAILABLE_KEYS,
  KITE_CHARGES_KEYS,
  KITE_GST_KEYS,
  KITE_MARGINS_KEYS,
  KITE_ORDER_KEYS_WITH_TAGS,
  KITE_ORDER_KEYS_WITHOUT_TAGS,
  KITE_ORDER_MARGIN_KEYS,
  KITE_ORDER_MARGIN_PNL_KEYS,
  KITE_POSITION_KEYS,
  KITE_SEGMENT_KEYS,
  KITE_TRADE_KEYS,
  KITE_UTILISED_KEYS,
} from './kite-keys.fixtures';

const sorted = (keys: readonly string[]): string[] => [...keys].sort();
const keysOf = (value: object): string[] => Object.keys(value).sort();
const IST_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe('toKiteOrder', () => {
  it('produces exactly the sample key set, with and without tags', () => {
    const { exchange } = createHarness();
    const plain = expectAccepted(exchange.placeOrder(limitBuy(INFY, 1, paise(1490_00))));
    const protectedMarket = expectAccepted(exchange.placeOrder(marketOrder(INFY, 'BUY', 1)));
    expect(keysOf(toKiteOrder(exchange.order(plain)!))).toEqual(
      sorted(KITE_ORDER_KEYS_WITHOUT_TAGS),
    );
    expect(keysOf(toKiteOrder(exchange.order(protectedMarket)!))).toEqual(
      sorted(KITE_ORDER_KEYS_WITH_TAGS),
    );
  });

  it('writes rupees, IST strings and Kite types', () => {
    const { exchange } = createHarness();
    const id = expectAccepted(exchange.placeOrder(marketOrder(INFY, 'BUY', 2)));
    const order = toKiteOrder(exchange.order(id)!);
    expect(order).toMatchObject({
      account_id: 'AB1234',
      placed_by: 'AB1234',
      order_id: id,
      parent_order_id: null,
      status: 'COMPLETE',
      status_message: null,
      status_message_raw: null,
      variety: 'regular',
      modified: false,
      exchange: 'NSE',
      tradingsymbol: 'INFY',
      instrument_token: INFY.token,
      order_type: 'LIMIT',
      transaction_type: 'BUY',
      validity: 'DAY',
      validity_ttl: 0,
      product: 'MIS',
      quantity: 2,
      disclosed_quantity: 0,
      price: 1530,
      trigger_price: 0,
      average_price: 1500.05,
      filled_quantity: 2,
      pending_quantity: 0,
      cancelled_quantity: 0,
      market_protection: 2,
      meta: {},
      tag: null,
      tags: ['mktp', 'mktp:2.00'],
    });
    expect(order.order_timestamp).toBe('2026-11-20 10:00:00');
    expect(order.exchange_timestamp).toMatch(IST_TIMESTAMP);
    expect(order.exchange_update_timestamp).toMatch(IST_TIMESTAMP);
    expect(typeof order.exchange_order_id).toBe('string');
    expect(typeof order.guid).toBe('string');
  });

  it('serialises every history snapshot, null exchange fields before OPEN', () => {
    const { exchange } = createHarness();
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 1, paise(1490_00))));
    const history = exchange.orderHistory(id);
    const kite = (history.ok ? history.value : []).map(toKiteOrder);
    expect(kite[0]).toMatchObject({
      status: 'PUT ORDER REQ RECEIVED',
      exchange_order_id: null,
      exchange_timestamp: null,
    });
    for (const entry of kite) expect(keysOf(entry)).toEqual(sorted(KITE_ORDER_KEYS_WITHOUT_TAGS));
  });
});

describe('toKiteTrade', () => {
  it('produces the sample key set; order_timestamp is the time of day only', () => {
    const { exchange } = createHarness();
    expectAccepted(exchange.placeOrder(marketOrder(INFY, 'BUY', 2)));
    const [trade] = exchange.trades().map(toKiteTrade);
    expect(keysOf(trade!)).toEqual(sorted(KITE_TRADE_KEYS));
    expect(trade).toMatchObject({
      average_price: 1500.05,
      quantity: 2,
      fill_timestamp: '2026-11-20 10:00:00',
      order_timestamp: '10:00:00',
      exchange_timestamp: '2026-11-20 10:00:00',
    });
  });
});

describe('toKitePositions', () => {
  it('produces the sample key set for net and day', () => {
    const { exchange } = createHarness();
    expectAccepted(exchange.placeOrder(marketOrder(INFY, 'BUY', 2)));
    const kite = toKitePositions(exchange.positions());
    for (const entry of [...kite.net, ...kite.day])
      expect(keysOf(entry)).toEqual(sorted(KITE_POSITION_KEYS));
    expect(kite.net[0]).toMatchObject({
      quantity: 2,
      average_price: 1500.05,
      buy_value: 3000.1,
      pnl: -0.1,
    });
  });
});

describe('toKiteMargins', () => {
  it('produces the sample key sets for both segments', () => {
    const { exchange } = createHarness();
    const kite = toKiteMargins(exchange.margins());
    expect(keysOf(kite)).toEqual(sorted(KITE_MARGINS_KEYS));
    for (const segment of [kite.equity, kite.commodity]) {
      expect(keysOf(segment)).toEqual(sorted(KITE_SEGMENT_KEYS));
      expect(keysOf(segment.available)).toEqual(sorted(KITE_AVAILABLE_KEYS));
      expect(keysOf(segment.utilised)).toEqual(sorted(KITE_UTILISED_KEYS));
    }
    expect(kite.equity).toMatchObject({
      enabled: true,
      net: 1_000_000,
      available: { cash: 1_000_000 },
    });
    expect(toKiteSegmentMargins(exchange.margins())).toEqual(kite.equity);
  });

  it('writes utilisation in rupees', () => {
    const { exchange } = createHarness();
    expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1490_00))));
    expect(toKiteMargins(exchange.margins()).equity.utilised.exposure).toBe(2980);
  });
});

describe('toKiteOrderMargin', () => {
  it('produces the sample key sets', () => {
    const { exchange } = createHarness();
    const result = exchange.orderMargins([
      {
        exchange: 'NSE',
        tradingsymbol: 'INFY',
        transaction_type: 'BUY',
        variety: 'regular',
        product: 'CNC',
        order_type: 'LIMIT',
        quantity: 1,
        price: paise(1498_00),
      },
    ]);
    const [row] = result.ok ? result.value.map(toKiteOrderMargin) : [];
    expect(keysOf(row!)).toEqual(sorted(KITE_ORDER_MARGIN_KEYS));
    expect(keysOf(row!.pnl)).toEqual(sorted(KITE_ORDER_MARGIN_PNL_KEYS));
    expect(keysOf(row!.charges)).toEqual(sorted(KITE_CHARGES_KEYS));
    expect(keysOf(row!.charges.gst)).toEqual(sorted(KITE_GST_KEYS));
    expect(row).toMatchObject({ type: 'equity', var: 1498, total: 1498, leverage: 1 });
    expect(row!.charges.transaction_tax).toBeCloseTo(1.498, 9);
    expect(row!.charges.transaction_tax_type).toBe('stt');
  });
});
