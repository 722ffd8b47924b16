import { atIst, paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import {
  createHarness,
  expectAccepted,
  INFY,
  limitBuy,
  marketOrder,
  NIFTY_CE,
  NIFTY_FUT,
  TRADING_DAY,
} from './exchange.fixtures';
import type { OrderUpdateEvent } from './order-events';

function statusesOf(history: { ok: boolean; value?: readonly { status: string }[] }): string[] {
  return (history.value ?? []).map((o) => o.status);
}

describe('placing an order', () => {
  it('records the transient statuses before OPEN, with no exchange id until OPEN', () => {
    const { exchange } = createHarness();
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1490_00))));
    const history = exchange.orderHistory(id);
    expect(statusesOf(history)).toEqual([
      'PUT ORDER REQ RECEIVED',
      'VALIDATION PENDING',
      'OPEN PENDING',
      'OPEN',
    ]);
    const snapshots = history.ok ? history.value : [];
    expect(snapshots.slice(0, 3).map((o) => o.exchangeOrderId)).toEqual([null, null, null]);
    expect(snapshots[3]?.exchangeOrderId).toMatch(/^13\d{14}$/);
    expect(exchange.order(id)).toMatchObject({
      status: 'OPEN',
      pendingQuantity: 10,
      filledQuantity: 0,
    });
  });

  it('gives Kite-shaped ids: YYMMDD and a nine-digit sequence', () => {
    const { exchange } = createHarness();
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 1, paise(1490_00))));
    expect(id).toBe('261120000000001');
  });

  it('fills a marketable LIMIT at the offered prices, never above the limit', () => {
    const { exchange } = createHarness();
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1510_00))));
    const order = exchange.order(id);
    expect(order).toMatchObject({ status: 'COMPLETE', filledQuantity: 10, pendingQuantity: 0 });
    const trades = exchange.orderTrades(id);
    expect(trades.ok && trades.value.map((t) => [t.price, t.quantity])).toEqual([
      [paise(1500_05), 10],
    ]);
  });

  it('stores a protected MARKET order as LIMIT at the protection price, tagged mktp', () => {
    const { exchange } = createHarness();
    const id = expectAccepted(
      exchange.placeOrder(marketOrder(INFY, 'BUY', 5, { market_protection: 2 })),
    );
    const order = exchange.order(id);
    // 1500.00 + 2 % = 1530.00, on the 0.05 grid.
    expect(order).toMatchObject({
      orderType: 'LIMIT',
      requestedOrderType: 'MARKET',
      price: paise(1530_00),
      tags: ['mktp', 'mktp:2.00'],
      marketProtection: 2,
      status: 'COMPLETE',
    });
  });

  it('applies automatic protection for market_protection -1', () => {
    const { exchange } = createHarness();
    const id = expectAccepted(
      exchange.placeOrder(marketOrder(INFY, 'SELL', 5, { market_protection: -1 })),
    );
    // LTP above ₹500: 0.5 % → 1500 − 7.50 = 1492.50.
    expect(exchange.order(id)).toMatchObject({
      price: paise(1492_50),
      tags: ['mktp', 'mktp:0.50'],
    });
  });

  it('parks SL and SL-M orders in TRIGGER PENDING with an exchange id', () => {
    const { exchange } = createHarness();
    const id = expectAccepted(
      exchange.placeOrder({
        ...marketOrder(NIFTY_FUT, 'SELL', 75),
        order_type: 'SL-M',
        trigger_price: paise(24400_00),
      }),
    );
    const history = exchange.orderHistory(id);
    expect(statusesOf(history)).toEqual([
      'PUT ORDER REQ RECEIVED',
      'VALIDATION PENDING',
      'OPEN PENDING',
      'TRIGGER PENDING',
    ]);
    expect(exchange.order(id)).toMatchObject({
      orderType: 'SL-M',
      price: 0,
      triggerPrice: paise(24400_00),
    });
  });

  it('keeps the tag and lists it in tags', () => {
    const { exchange } = createHarness();
    const id = expectAccepted(
      exchange.placeOrder(limitBuy(INFY, 1, paise(1490_00), { tag: 'kv01ABC' })),
    );
    expect(exchange.order(id)).toMatchObject({ tag: 'kv01ABC', tags: ['kv01ABC'] });
  });

  it('publishes OPEN, fills as UPDATE and the last as COMPLETE', () => {
    const { exchange, market } = createHarness();
    market.setQuote(NIFTY_CE.token, {
      lastPrice: paise(120_00),
      sell: [
        { price: paise(120_05), quantity: 75, orders: 1 },
        { price: paise(120_10), quantity: 75, orders: 1 },
      ],
    });
    const events: OrderUpdateEvent[] = [];
    exchange.subscribe((event) => events.push(event));
    const id = expectAccepted(
      exchange.placeOrder(limitBuy(NIFTY_CE, 150, paise(121_00), { product: 'NRML' })),
    );
    expect(events.map((e) => [e.reason, e.updateStatus, e.order.filledQuantity])).toEqual([
      ['open', 'OPEN', 0],
      ['fill', 'UPDATE', 75],
      ['complete', 'COMPLETE', 150],
    ]);
    expect(events.every((e) => e.order.orderId === id)).toBe(true);
    expect(events[1]?.trade).toMatchObject({ price: paise(120_05), quantity: 75 });
  });

  it('takes an AMO while the market is closed and sends it to the exchange at the open', () => {
    const { exchange, clock } = createHarness({ at: atIst('07:30', TRADING_DAY) });
    const id = expectAccepted(
      exchange.placeOrder(limitBuy(INFY, 2, paise(1490_00), { variety: 'amo' })),
    );
    expect(exchange.order(id)?.status).toBe('AMO REQ RECEIVED');
    clock.set(atIst('09:15', TRADING_DAY));
    expect(exchange.runSessionOpen()).toEqual([id]);
    expect(exchange.order(id)?.status).toBe('OPEN');
  });
});
