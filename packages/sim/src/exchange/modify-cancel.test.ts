import { atIst, paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import {
  createHarness,
  expectAccepted,
  INFY,
  limitBuy,
  marketOrder,
  NIFTY_CE,
  TRADING_DAY,
} from './exchange.fixtures';
import type { OrderUpdateEvent } from './order-events';

const PROCESSING_MODIFY = 'Order cannot be modified as it is being processed. Try later.';
const PROCESSING_CANCEL = 'Order cannot be cancelled as it is being processed. Try later.';

describe('modifying an order', () => {
  it('walks MODIFY VALIDATION PENDING → MODIFY PENDING → MODIFIED → OPEN with the new price', () => {
    const { exchange, clock } = createHarness();
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1490_00))));
    clock.advance(84_000);
    const events: OrderUpdateEvent[] = [];
    exchange.subscribe((e) => events.push(e));
    expect(exchange.modifyOrder(id, { price: paise(1490_10) })).toEqual({ ok: true, orderId: id });
    const history = exchange.orderHistory(id);
    const snapshots = history.ok ? history.value.slice(4) : [];
    expect(snapshots.map((o) => [o.status, o.price])).toEqual([
      ['MODIFY VALIDATION PENDING', paise(1490_00)],
      ['MODIFY PENDING', paise(1490_00)],
      ['MODIFIED', paise(1490_00)],
      ['OPEN', paise(1490_10)],
    ]);
    expect(exchange.order(id)).toMatchObject({ modified: true, modificationCount: 1 });
    expect(exchange.order(id)?.orderTimestamp).toBe(clock.now());
    expect(events.map((e) => [e.reason, e.updateStatus])).toEqual([['modified', 'UPDATE']]);
  });

  it('fills at once when the new price crosses the offer', () => {
    const { exchange } = createHarness();
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1490_00))));
    exchange.modifyOrder(id, { price: paise(1501_00) });
    expect(exchange.order(id)).toMatchObject({ status: 'COMPLETE', filledQuantity: 10 });
  });

  it('allows 25 modifications, then answers Kite NetworkException', () => {
    const { exchange } = createHarness();
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1400_00))));
    for (let i = 1; i <= 25; i += 1) {
      expect(exchange.modifyOrder(id, { price: paise(1400_00 + i * 5) }).ok).toBe(true);
    }
    expect(exchange.modifyOrder(id, { price: paise(1300_00) })).toEqual({
      ok: false,
      error: { type: 'NetworkException', message: 'Maximum allowed order modifications exceeded.' },
    });
    expect(exchange.order(id)?.price).toBe(paise(1400_00 + 25 * 5));
  });

  it('refuses to modify a finished order, and an unknown id', () => {
    const { exchange } = createHarness();
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1510_00))));
    expect(exchange.modifyOrder(id, { price: paise(1490_00) })).toEqual({
      ok: false,
      error: { type: 'OrderException', message: PROCESSING_MODIFY },
    });
    expect(exchange.modifyOrder('999', { price: paise(1490_00) })).toEqual({
      ok: false,
      error: { type: 'GeneralException', message: "Couldn't find that `order_id`." },
    });
  });

  it('holds modifications to the same rules as placements', () => {
    const { exchange, market } = createHarness();
    market.setQuote(INFY.token, { lastPrice: paise(1500_00), upperCircuit: paise(1650_00) });
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1490_00))));
    const above = exchange.modifyOrder(id, { price: paise(1700_00) });
    expect(!above.ok && above.error.message).toMatch(/upper circuit limit of 1650\./);
    const option = expectAccepted(
      exchange.placeOrder(limitBuy(NIFTY_CE, 75, paise(100_00), { product: 'NRML' })),
    );
    const lots = exchange.modifyOrder(option, { quantity: 80 });
    expect(!lots.ok && lots.error.message).toContain('lot size 75');
    const tick = exchange.modifyOrder(id, { price: paise(1490_01) });
    expect(!tick.ok && tick.error.type).toBe('OrderException');
    expect(exchange.modifyOrder(id, { order_type: 'MARKET' })).toMatchObject({
      ok: false,
      error: { type: 'InputException' },
    });
  });

  it('refuses a quantity at or below what has filled', () => {
    const { exchange, market } = createHarness();
    market.setQuote(INFY.token, {
      lastPrice: paise(1500_00),
      sell: [{ price: paise(1500_05), quantity: 4, orders: 1 }],
    });
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1500_05))));
    expect(exchange.modifyOrder(id, { quantity: 4 }).ok).toBe(false);
    expect(exchange.modifyOrder(id, { quantity: 6 }).ok).toBe(true);
    expect(exchange.order(id)).toMatchObject({
      quantity: 6,
      filledQuantity: 4,
      pendingQuantity: 2,
    });
  });

  it('checks the extra margin of a bigger order synchronously (MarginException)', () => {
    const { exchange } = createHarness({ funds: paise(5_000_00) });
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1490_00))));
    const result = exchange.modifyOrder(id, { quantity: 1000 });
    expect(result).toMatchObject({ ok: false, error: { type: 'MarginException' } });
    expect(!result.ok && result.error.message).toMatch(
      /^Insufficient funds\. Required margin is \d+\.\d\d but available margin is \d+\.\d\d\.$/,
    );
  });

  it('converts a resting LIMIT to a protected MARKET order', () => {
    const { exchange } = createHarness();
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1490_00))));
    expect(exchange.modifyOrder(id, { order_type: 'MARKET', market_protection: 1 }).ok).toBe(true);
    expect(exchange.order(id)).toMatchObject({
      status: 'COMPLETE',
      orderType: 'LIMIT',
      price: paise(1515_00),
    });
  });

  it('moves a waiting stop trigger, still held to the LTP rule', () => {
    const { exchange } = createHarness();
    const id = expectAccepted(
      exchange.placeOrder({
        ...marketOrder(INFY, 'SELL', 5),
        order_type: 'SL-M',
        trigger_price: paise(1450_00),
      }),
    );
    expect(exchange.modifyOrder(id, { trigger_price: paise(1460_00) }).ok).toBe(true);
    expect(exchange.order(id)).toMatchObject({
      status: 'TRIGGER PENDING',
      triggerPrice: paise(1460_00),
    });
    expect(exchange.modifyOrder(id, { trigger_price: paise(1500_00) }).ok).toBe(false);
  });
});

describe('cancelling an order', () => {
  it('walks CANCEL PENDING → CANCELLED and cancels the whole quantity', () => {
    const { exchange } = createHarness();
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1490_00))));
    const events: OrderUpdateEvent[] = [];
    exchange.subscribe((e) => events.push(e));
    expect(exchange.cancelOrder(id)).toEqual({ ok: true, orderId: id });
    const history = exchange.orderHistory(id);
    expect(history.ok && history.value.slice(-2).map((o) => o.status)).toEqual([
      'CANCEL PENDING',
      'CANCELLED',
    ]);
    expect(exchange.order(id)).toMatchObject({
      filledQuantity: 0,
      pendingQuantity: 0,
      cancelledQuantity: 10,
    });
    expect(events.map((e) => e.updateStatus)).toEqual(['CANCELLED']);
  });

  it('keeps the filled part of a partly filled order', () => {
    const { exchange, market } = createHarness();
    market.setQuote(INFY.token, {
      lastPrice: paise(1500_00),
      sell: [{ price: paise(1500_05), quantity: 3, orders: 1 }],
    });
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1500_05))));
    exchange.cancelOrder(id);
    expect(exchange.order(id)).toMatchObject({
      status: 'CANCELLED',
      filledQuantity: 3,
      cancelledQuantity: 7,
    });
    expect(exchange.positions().net[0]?.quantity).toBe(3);
  });

  it('refuses to cancel a finished order and an unknown id', () => {
    const { exchange } = createHarness();
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1490_00))));
    exchange.cancelOrder(id);
    expect(exchange.cancelOrder(id)).toEqual({
      ok: false,
      error: { type: 'OrderException', message: PROCESSING_CANCEL },
    });
    expect(exchange.cancelOrder('nope')).toMatchObject({
      ok: false,
      error: { type: 'GeneralException' },
    });
    expect(exchange.orderHistory('nope')).toMatchObject({
      ok: false,
      error: { type: 'GeneralException' },
    });
    expect(exchange.orderTrades('nope')).toMatchObject({ ok: false });
  });

  it('cancels a waiting AMO', () => {
    const { exchange } = createHarness({ at: atIst('18:00', TRADING_DAY) });
    const id = expectAccepted(
      exchange.placeOrder(limitBuy(INFY, 1, paise(1490_00), { variety: 'amo' })),
    );
    expect(exchange.cancelOrder(id).ok).toBe(true);
    expect(exchange.order(id)?.status).toBe('CANCELLED');
  });
});
