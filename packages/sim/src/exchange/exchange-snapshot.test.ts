import { atIst, paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { createExchange } from './create-exchange';
import type { SimExchange } from './exchange-api';
import {
  createHarness,
  expectAccepted,
  INFY,
  limitBuy,
  marketOrder,
  NIFTY_FUT,
  TRADING_DAY,
} from './exchange.fixtures';
import type { Harness } from './exchange.fixtures';
import type { ExchangeSnapshot } from './exchange-snapshot';
import { toKiteMargins } from './kite-margins';
import { toKiteOrder } from './kite-order';
import { toKitePositions } from './kite-position';
import { toKiteTrade } from './kite-trade';

/** Everything a Kite client can read about the account, in Kite's shapes. */
function kiteView(exchange: SimExchange) {
  const orders = exchange.orders();
  return {
    orders: orders.map(toKiteOrder),
    histories: orders.map((order) => {
      const history = exchange.orderHistory(order.orderId);
      return history.ok ? history.value.map(toKiteOrder) : [];
    }),
    trades: exchange.trades().map(toKiteTrade),
    orderTrades: orders.map((order) => {
      const trades = exchange.orderTrades(order.orderId);
      return trades.ok ? trades.value.map(toKiteTrade) : [];
    }),
    positions: toKitePositions(exchange.positions()),
    margins: toKiteMargins(exchange.margins()),
  };
}

/** A session's worth of activity: a partial fill, a modify, a cancel, fills on two instruments. */
function trade(harness: Harness) {
  const { exchange, market, clock } = harness;
  // Ten at each level of the offer: a buy of 50 up to the second level fills 20, rests 30.
  market.setQuote(INFY.token, { lastPrice: paise(1500_00), levelQuantity: 10 });
  const partial = expectAccepted(exchange.placeOrder(limitBuy(INFY, 50, paise(1500_10))));
  clock.advance(2_000);
  const resting = expectAccepted(exchange.placeOrder(limitBuy(INFY, 5, paise(1480_00))));
  clock.advance(2_000);
  expect(exchange.modifyOrder(resting, { price: paise(1485_00) }).ok).toBe(true);
  const cancelled = expectAccepted(exchange.placeOrder(limitBuy(INFY, 3, paise(1470_00))));
  expect(exchange.cancelOrder(cancelled).ok).toBe(true);
  clock.advance(2_000);
  const short = expectAccepted(exchange.placeOrder(marketOrder(NIFTY_FUT, 'SELL', 75)));
  const stop = expectAccepted(
    exchange.placeOrder({
      ...marketOrder(NIFTY_FUT, 'BUY', 75),
      order_type: 'SL-M',
      trigger_price: paise(24600_00),
    }),
  );
  clock.advance(2_000);
  return { partial, resting, cancelled, short, stop };
}

function roundTrip(snapshot: ExchangeSnapshot): ExchangeSnapshot {
  return JSON.parse(JSON.stringify(snapshot)) as ExchangeSnapshot;
}

function restoreOnto(harness: Harness, snapshot: ExchangeSnapshot): SimExchange {
  return createExchange({
    market: harness.market,
    clock: harness.clock,
    accountFunds: paise(10_00_000_00),
    userId: 'AB1234',
    restore: roundTrip(snapshot),
  });
}

describe('exchange snapshot and restore', () => {
  it('answers exactly as before after a JSON round trip: orders, histories, trades, positions, margins', () => {
    const harness = createHarness();
    const ids = trade(harness);
    const before = kiteView(harness.exchange);
    expect(harness.exchange.order(ids.partial)).toMatchObject({
      status: 'OPEN',
      filledQuantity: 20,
      pendingQuantity: 30,
    });
    expect(harness.exchange.order(ids.resting)).toMatchObject({ status: 'OPEN', modified: true });
    expect(harness.exchange.order(ids.cancelled)?.status).toBe('CANCELLED');
    expect(harness.exchange.order(ids.stop)?.status).toBe('TRIGGER PENDING');
    expect(before.positions.net).toHaveLength(2);

    const restored = restoreOnto(harness, harness.exchange.snapshot());
    expect(kiteView(restored)).toEqual(before);
    expect(restored.snapshot()).toEqual(harness.exchange.snapshot());
  });

  it('gives new orders, exchange orders and trades ids that never repeat restored ones', () => {
    const harness = createHarness();
    trade(harness);
    const restored = restoreOnto(harness, harness.exchange.snapshot());
    const oldOrders = new Set(restored.orders().map((o) => o.orderId));
    const oldExchangeIds = new Set(restored.orders().map((o) => o.exchangeOrderId));
    const oldTrades = new Set(restored.trades().map((t) => t.tradeId));

    const fresh = [
      expectAccepted(restored.placeOrder(marketOrder(INFY, 'SELL', 5))),
      expectAccepted(restored.placeOrder(marketOrder(NIFTY_FUT, 'BUY', 75))),
    ];
    for (const id of fresh) {
      expect(oldOrders.has(id)).toBe(false);
      const order = restored.order(id);
      expect(order?.status).toBe('COMPLETE');
      expect(oldExchangeIds.has(order?.exchangeOrderId ?? null)).toBe(false);
    }
    const newTrades = restored.trades().filter((t) => fresh.includes(t.orderId));
    expect(newTrades.length).toBeGreaterThan(0);
    for (const t of newTrades) expect(oldTrades.has(t.tradeId)).toBe(false);
    // Placement sequence (time priority) goes on after the restored orders.
    const sequences = restored.orders().map((o) => o.sequence);
    expect(new Set(sequences).size).toBe(sequences.length);
  });

  it('matches a restored resting order when the price comes to it, as the original would', () => {
    const original = createHarness();
    const ids = trade(original);
    const snapshot = original.exchange.snapshot();
    const restored = restoreOnto(original, snapshot);

    const fills: string[] = [];
    restored.subscribe((event) => {
      if (event.trade !== null) fills.push(event.order.orderId);
    });
    original.market.setQuote(INFY.token, { lastPrice: paise(1484_00) });
    original.market.setQuote(NIFTY_FUT.token, { lastPrice: paise(24610_00) });
    for (const exchange of [original.exchange, restored]) {
      exchange.onMarketUpdate([INFY.token, NIFTY_FUT.token]);
    }
    expect(restored.order(ids.resting)).toMatchObject({ status: 'COMPLETE', filledQuantity: 5 });
    expect(restored.order(ids.partial)).toMatchObject({ status: 'COMPLETE', filledQuantity: 50 });
    expect(restored.order(ids.stop)).toMatchObject({ status: 'COMPLETE', filledQuantity: 75 });
    expect(fills).toEqual(expect.arrayContaining([ids.resting, ids.partial, ids.stop]));
    expect(kiteView(restored)).toEqual(kiteView(original.exchange));
  });

  it('keeps a restored order cancellable and its modification count', () => {
    const harness = createHarness();
    const ids = trade(harness);
    const restored = restoreOnto(harness, harness.exchange.snapshot());
    expect(restored.order(ids.resting)?.modificationCount).toBe(1);
    expect(restored.cancelOrder(ids.resting)).toEqual({ ok: true, orderId: ids.resting });
    expect(restored.order(ids.resting)?.status).toBe('CANCELLED');
    expect(harness.exchange.order(ids.resting)?.status).toBe('OPEN');
  });

  it('keeps squared-off days and a forced market status', () => {
    const harness = createHarness({ at: atIst('15:21', TRADING_DAY) });
    harness.market.setQuote(INFY.token, { lastPrice: paise(1500_00) });
    expectAccepted(harness.exchange.placeOrder(marketOrder(INFY, 'BUY', 10)));
    harness.exchange.setMarketStatus('open');
    harness.exchange.onClock();
    const squaredOff = harness.exchange.orders().filter((o) => o.placedBy === 'ADMINSQF');
    expect(squaredOff).toHaveLength(1);
    const restored = restoreOnto(harness, harness.exchange.snapshot());
    restored.onClock();
    expect(restored.orders().filter((o) => o.placedBy === 'ADMINSQF')).toHaveLength(1);
    harness.clock.set(atIst('16:00', TRADING_DAY));
    expect(restored.isMarketOpen()).toBe(true);
  });

  it('refuses an unknown snapshot version and another account, saying why', () => {
    const harness = createHarness();
    const snapshot = harness.exchange.snapshot();
    expect(() => restoreOnto(harness, { ...snapshot, version: 2 } as never)).toThrow(
      /unknown exchange snapshot version 2/,
    );
    expect(() =>
      createExchange({
        market: harness.market,
        clock: harness.clock,
        accountFunds: paise(1),
        userId: 'ZZ9999',
        restore: snapshot,
      }),
    ).toThrow(/user AB1234, not ZZ9999/);
  });
});

describe('rolling over to a new trading day', () => {
  it('empties the book, settles P&L into the funds, carries AMOs and keeps ids going', () => {
    const harness = createHarness();
    const { exchange, market, clock } = harness;
    const bought = expectAccepted(exchange.placeOrder(marketOrder(INFY, 'BUY', 10)));
    const boughtAt = exchange.order(bought)!.filledValue;
    market.setQuote(INFY.token, { lastPrice: paise(1510_00) });
    expectAccepted(exchange.placeOrder(limitBuy(INFY, 1, paise(1400_00))));
    clock.set(atIst('18:00', TRADING_DAY));
    const amo = expectAccepted(
      exchange.placeOrder({ ...limitBuy(INFY, 2, paise(1450_00)), variety: 'amo' }),
    );
    const openingFunds = exchange.margins().openingBalance;

    const roll = exchange.rollOverDay();

    expect(roll.settledPnl).toBe(paise(10 * 1510_00 - boughtAt));
    expect(roll.carriedOrderIds).toEqual([amo]);
    expect(exchange.orders().map((o) => o.orderId)).toEqual([amo]);
    expect(exchange.trades()).toEqual([]);
    expect(exchange.positions()).toEqual({ net: [], day: [] });
    expect(exchange.margins().openingBalance).toBe(openingFunds + roll.settledPnl);
    clock.set(atIst('09:15', '2026-11-23'));
    const next = expectAccepted(exchange.placeOrder(limitBuy(INFY, 1, paise(1400_00))));
    expect(next.startsWith('261123')).toBe(true);
    expect(Number(next.slice(6))).toBeGreaterThan(Number(amo.slice(6)));
  });
});
