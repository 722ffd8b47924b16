import { atIst, paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import {
  createHarness,
  expectAccepted,
  INFY,
  limitBuy,
  marketOrder,
  NIFTY_FUT,
  TRADING_DAY,
} from './exchange.fixtures';
import type { PlaceOrderRequest } from './order-request';

function tradesOf(exchange: ReturnType<typeof createHarness>['exchange'], id: string): number[][] {
  const trades = exchange.orderTrades(id);
  return trades.ok ? trades.value.map((t) => [t.price, t.quantity]) : [];
}

describe('partial fills against depth', () => {
  it('walks the levels up to the limit, rests the remainder, fills it on later updates', () => {
    const { exchange, market } = createHarness();
    market.setQuote(INFY.token, {
      lastPrice: paise(1500_00),
      sell: [
        { price: paise(1500_05), quantity: 30, orders: 2 },
        { price: paise(1500_10), quantity: 20, orders: 1 },
        { price: paise(1500_50), quantity: 500, orders: 9 },
      ],
    });
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 100, paise(1500_10))));
    expect(tradesOf(exchange, id)).toEqual([
      [paise(1500_05), 30],
      [paise(1500_10), 20],
    ]);
    expect(exchange.order(id)).toMatchObject({
      status: 'OPEN',
      filledQuantity: 50,
      pendingQuantity: 50,
    });

    // Same snapshot again: the liquidity already taken is not there twice.
    exchange.onMarketUpdate([INFY.token]);
    expect(exchange.order(id)?.filledQuantity).toBe(50);

    market.setQuote(INFY.token, {
      lastPrice: paise(1499_00),
      sell: [{ price: paise(1499_50), quantity: 20, orders: 1 }],
    });
    exchange.onMarketUpdate([INFY.token]);
    // A resting order is filled at its own limit when the market comes to it.
    expect(exchange.order(id)).toMatchObject({ filledQuantity: 70, pendingQuantity: 30 });
    expect(tradesOf(exchange, id).at(-1)).toEqual([paise(1500_10), 20]);

    market.setQuote(INFY.token, { lastPrice: paise(1499_00), levelQuantity: 1_000 });
    exchange.onMarketUpdate([INFY.token]);
    expect(exchange.order(id)).toMatchObject({
      status: 'COMPLETE',
      filledQuantity: 100,
      pendingQuantity: 0,
    });
  });

  it('does not fill a limit that does not reach the offer', () => {
    const { exchange, market } = createHarness();
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1499_00))));
    market.setQuote(INFY.token, { lastPrice: paise(1499_50) });
    exchange.onMarketUpdate([INFY.token]);
    expect(exchange.order(id)).toMatchObject({ status: 'OPEN', filledQuantity: 0 });
  });

  it('fills a SELL limit only at or above its price, walking the bids', () => {
    const { exchange, market } = createHarness();
    market.setQuote(INFY.token, {
      lastPrice: paise(1500_00),
      buy: [
        { price: paise(1499_95), quantity: 5, orders: 1 },
        { price: paise(1499_90), quantity: 5, orders: 1 },
        { price: paise(1499_00), quantity: 50, orders: 1 },
      ],
    });
    const id = expectAccepted(
      exchange.placeOrder({ ...limitBuy(INFY, 20, paise(1499_90)), transaction_type: 'SELL' }),
    );
    expect(tradesOf(exchange, id)).toEqual([
      [paise(1499_95), 5],
      [paise(1499_90), 5],
    ]);
    expect(exchange.order(id)?.pendingQuantity).toBe(10);
  });

  it('does not match while the market is closed', () => {
    const { exchange, market, clock } = createHarness();
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1499_00))));
    clock.set(atIst('15:31', TRADING_DAY));
    market.setQuote(INFY.token, { lastPrice: paise(1490_00) });
    exchange.onMarketUpdate([INFY.token]);
    expect(exchange.order(id)?.filledQuantity).toBe(0);
  });
});

describe('IOC', () => {
  it('cancels the unfilled remainder at once and keeps the fill', () => {
    const { exchange, market } = createHarness();
    market.setQuote(INFY.token, {
      lastPrice: paise(1500_00),
      sell: [{ price: paise(1500_05), quantity: 4, orders: 1 }],
    });
    const id = expectAccepted(
      exchange.placeOrder(limitBuy(INFY, 10, paise(1501_00), { validity: 'IOC' })),
    );
    expect(exchange.order(id)).toMatchObject({
      status: 'CANCELLED',
      filledQuantity: 4,
      pendingQuantity: 0,
      cancelledQuantity: 6,
    });
  });

  it('cancels an IOC with nothing to fill entirely', () => {
    const { exchange } = createHarness();
    const id = expectAccepted(
      exchange.placeOrder(limitBuy(INFY, 10, paise(1490_00), { validity: 'IOC' })),
    );
    expect(exchange.order(id)).toMatchObject({
      status: 'CANCELLED',
      filledQuantity: 0,
      cancelledQuantity: 10,
    });
  });
});

describe('stop-loss orders', () => {
  const slBuy: PlaceOrderRequest = {
    ...limitBuy(INFY, 10, paise(1512_00)),
    order_type: 'SL',
    trigger_price: paise(1510_00),
  };

  it('waits below its trigger, turns OPEN when the LTP crosses it, then fills as a LIMIT', () => {
    const { exchange, market } = createHarness();
    const events: string[] = [];
    exchange.subscribe((e) => events.push(`${e.reason}:${e.updateStatus}`));
    const id = expectAccepted(exchange.placeOrder(slBuy));
    market.setQuote(INFY.token, { lastPrice: paise(1509_95) });
    exchange.onMarketUpdate([INFY.token]);
    expect(exchange.order(id)?.status).toBe('TRIGGER PENDING');

    market.setQuote(INFY.token, {
      lastPrice: paise(1510_00),
      sell: [
        { price: paise(1511_00), quantity: 6, orders: 1 },
        { price: paise(1513_00), quantity: 50, orders: 1 },
      ],
    });
    exchange.onMarketUpdate([INFY.token]);
    expect(exchange.order(id)).toMatchObject({
      status: 'OPEN',
      filledQuantity: 6,
      orderType: 'SL',
    });
    expect(tradesOf(exchange, id)).toEqual([[paise(1511_00), 6]]);
    expect(events).toEqual(['trigger_pending:TRIGGER PENDING', 'triggered:UPDATE', 'fill:UPDATE']);
    const history = exchange.orderHistory(id);
    expect(history.ok && history.value.map((o) => o.status)).toEqual([
      'PUT ORDER REQ RECEIVED',
      'VALIDATION PENDING',
      'OPEN PENDING',
      'TRIGGER PENDING',
      'OPEN',
      'OPEN',
    ]);
  });

  it('triggers an SL-M sell and fills it as a protected market order', () => {
    const { exchange, market } = createHarness();
    const id = expectAccepted(
      exchange.placeOrder({
        ...marketOrder(NIFTY_FUT, 'SELL', 150, { product: 'NRML', market_protection: 1 }),
        order_type: 'SL-M',
        trigger_price: paise(24500_00),
      }),
    );
    market.setQuote(NIFTY_FUT.token, { lastPrice: paise(24490_00) });
    exchange.onMarketUpdate([NIFTY_FUT.token]);
    const order = exchange.order(id);
    expect(order).toMatchObject({ status: 'COMPLETE', orderType: 'SL-M', filledQuantity: 150 });
    expect(order?.tags).toEqual(['mktp', 'mktp:1.00']);
    // Best bid one tick under the LTP.
    expect(tradesOf(exchange, id)).toEqual([[paise(24489_90), 150]]);
  });

  it('triggers a sell stop when the LTP falls to the trigger, not before', () => {
    const { exchange, market } = createHarness();
    const id = expectAccepted(
      exchange.placeOrder({
        ...limitBuy(INFY, 5, paise(1479_00)),
        transaction_type: 'SELL',
        order_type: 'SL',
        trigger_price: paise(1480_00),
      }),
    );
    market.setQuote(INFY.token, { lastPrice: paise(1480_05) });
    exchange.onMarketUpdate([INFY.token]);
    expect(exchange.order(id)?.status).toBe('TRIGGER PENDING');
    market.setQuote(INFY.token, { lastPrice: paise(1480_00) });
    exchange.onMarketUpdate([INFY.token]);
    expect(exchange.order(id)?.status).toBe('COMPLETE');
  });
});

describe('market orders', () => {
  it('never fill beyond the protection price, and rest as LIMIT when depth runs out', () => {
    const { exchange, market } = createHarness();
    market.setQuote(INFY.token, {
      lastPrice: paise(1500_00),
      sell: [
        { price: paise(1500_05), quantity: 3, orders: 1 },
        { price: paise(1600_00), quantity: 500, orders: 1 },
      ],
    });
    const id = expectAccepted(
      exchange.placeOrder(marketOrder(INFY, 'BUY', 10, { market_protection: 1 })),
    );
    expect(exchange.order(id)).toMatchObject({
      status: 'OPEN',
      filledQuantity: 3,
      price: paise(1515_00),
    });
    market.setQuote(INFY.token, { lastPrice: paise(1505_00) });
    exchange.onMarketUpdate([INFY.token]);
    // Still marketable: it takes the new offer at its own price, not at the protection price.
    expect(tradesOf(exchange, id).at(-1)).toEqual([paise(1505_05), 7]);
  });
});
