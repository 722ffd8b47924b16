import { paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import type { BrokerOrderReport } from '../broker';
import {
  createPaperHarness,
  expectOk,
  findOrder,
  INFY,
  NIFTY_FUT,
  NIFTY_INDEX,
  orderOf,
  UNIVERSE,
} from './paper.fixtures';

describe('PaperBroker placement', () => {
  it('says an order is open when asked to, for a paper venue nobody polls', async () => {
    const h = await createPaperHarness({ publishPlacement: true });
    const placed = expectOk(await h.broker.placeOrder(orderOf({ clientOrderId: 'ENTRY2' })));
    expect(h.reports()).toMatchObject([
      { brokerOrderId: placed.brokerOrderId, clientOrderId: 'ENTRY2', status: 'OPEN' },
    ]);
  });

  it('rests a LIMIT below the market silently, as Kite sends no update on placement', async () => {
    const h = await createPaperHarness();
    const placed = expectOk(await h.broker.placeOrder(orderOf({ clientOrderId: 'ENTRY1' })));

    expect(h.reports()).toEqual([]);
    expect(await findOrder(h.broker, placed.brokerOrderId)).toMatchObject({
      clientOrderId: 'ENTRY1',
      status: 'OPEN',
      venueStatus: 'OPEN',
      orderType: 'LIMIT',
      price: paise(1500_00),
      triggerPrice: null,
      quantity: 10,
      filledQuantity: 0,
      averagePrice: null,
      instrumentToken: INFY.token,
      exchange: 'NSE',
      tradingSymbol: 'INFY',
    });
  });

  it('fills a MARKET order at the ask and reports it before the answer, like Kite', async () => {
    const h = await createPaperHarness();
    let answered = false;
    const seenBeforeAnswer: BrokerOrderReport[] = [];
    h.broker.onEvent((event) => {
      if (event.type === 'order' && !answered) seenBeforeAnswer.push(event.report);
    });
    const pending = h.broker.placeOrder(
      orderOf({ clientOrderId: 'MKT1', orderType: 'MARKET', price: null }),
    );
    const placed = expectOk(await pending);
    answered = true;

    expect(seenBeforeAnswer).toHaveLength(1);
    expect(seenBeforeAnswer[0]).toMatchObject({
      brokerOrderId: placed.brokerOrderId,
      clientOrderId: 'MKT1',
      status: 'FILLED',
      venueStatus: 'COMPLETE',
      filledQuantity: 10,
      // One tick above the last price: the synthetic spread.
      averagePrice: paise(1500_05),
      // Kite shows a protected MARKET order as a LIMIT at its protection price.
      orderType: 'LIMIT',
    });
    expect(seenBeforeAnswer[0]?.price).toBeGreaterThan(1500_05);
  });

  it('uses the given market protection, and the default when none is given', async () => {
    const h = await createPaperHarness({ defaultMarketProtection: 1 });
    const own = expectOk(
      await h.broker.placeOrder(orderOf({ orderType: 'MARKET', price: null, marketProtection: 2 })),
    );
    const byDefault = expectOk(
      await h.broker.placeOrder(orderOf({ orderType: 'MARKET', price: null })),
    );
    // 2 % and 1 % above ₹1,500.00, on the 5-paise grid.
    expect((await findOrder(h.broker, own.brokerOrderId)).price).toBe(paise(1530_00));
    expect((await findOrder(h.broker, byDefault.brokerOrderId)).price).toBe(paise(1515_00));
  });

  it('takes a marketable LIMIT at the level price, never beyond its limit', async () => {
    const h = await createPaperHarness();
    const placed = expectOk(await h.broker.placeOrder(orderOf({ price: paise(1502_00) })));
    const order = await findOrder(h.broker, placed.brokerOrderId);
    expect(order).toMatchObject({ status: 'FILLED', averagePrice: paise(1500_05) });
  });

  it('fills a resting LIMIT at its own price once the market trades through it', async () => {
    const h = await createPaperHarness();
    const placed = expectOk(await h.broker.placeOrder(orderOf({ price: paise(1495_00) })));
    h.tick(INFY, 1495_00);
    expect((await findOrder(h.broker, placed.brokerOrderId)).status).toBe('OPEN');

    h.tick(INFY, 1494_95);
    expect(h.reports()).toMatchObject([
      { brokerOrderId: placed.brokerOrderId, status: 'FILLED', averagePrice: paise(1495_00) },
    ]);
    expect(expectOk(await h.broker.getOrderTrades(placed.brokerOrderId))).toMatchObject([
      { brokerOrderId: placed.brokerOrderId, quantity: 10, price: paise(1495_00), side: 'BUY' },
    ]);
  });

  it('waits an SL sell for its trigger, then reports the trigger and the fill', async () => {
    const h = await createPaperHarness();
    const placed = expectOk(
      await h.broker.placeOrder(
        orderOf({
          clientOrderId: 'STOP1',
          side: 'SELL',
          orderType: 'SL',
          triggerPrice: paise(1490_00),
          price: paise(1485_00),
        }),
      ),
    );
    expect((await findOrder(h.broker, placed.brokerOrderId)).status).toBe('TRIGGER_PENDING');
    h.tick(INFY, 1492_00);
    expect(h.reports()).toEqual([]);

    h.tick(INFY, 1489_00);
    expect(h.reports().map((r) => [r.clientOrderId, r.venueStatus, r.filledQuantity])).toEqual([
      ['STOP1', 'UPDATE', 0],
      ['STOP1', 'COMPLETE', 10],
    ]);
    // Triggered, it sold as an incoming order at the best bid, one tick under the last price.
    expect((await findOrder(h.broker, placed.brokerOrderId)).averagePrice).toBe(paise(1488_95));
  });

  it('fills a triggered SL-M buy against the offers', async () => {
    const h = await createPaperHarness();
    const placed = expectOk(
      await h.broker.placeOrder(
        orderOf({ orderType: 'SL-M', price: null, triggerPrice: paise(1510_00) }),
      ),
    );
    h.tick(INFY, 1509_95);
    expect((await findOrder(h.broker, placed.brokerOrderId)).status).toBe('TRIGGER_PENDING');
    h.tick(INFY, 1511_00);
    expect(await findOrder(h.broker, placed.brokerOrderId)).toMatchObject({
      status: 'FILLED',
      orderType: 'SL-M',
      triggerPrice: paise(1510_00),
      averagePrice: paise(1511_05),
    });
  });

  it('fills partly against thin depth and completes on later ticks', async () => {
    const h = await createPaperHarness({ levelQuantity: 10 });
    const placed = expectOk(
      await h.broker.placeOrder(
        orderOf({ clientOrderId: 'PART1', quantity: 25, price: paise(1500_05) }),
      ),
    );
    expect(await findOrder(h.broker, placed.brokerOrderId)).toMatchObject({
      status: 'PARTIALLY_FILLED',
      venueStatus: 'OPEN',
      filledQuantity: 10,
    });
    h.tick(INFY, 1500_00);
    h.tick(INFY, 1500_00);
    expect(h.reports().map((r) => [r.venueStatus, r.status, r.filledQuantity])).toEqual([
      ['UPDATE', 'PARTIALLY_FILLED', 10],
      ['UPDATE', 'PARTIALLY_FILLED', 20],
      ['COMPLETE', 'FILLED', 25],
    ]);
    const trades = expectOk(await h.broker.getOrderTrades(placed.brokerOrderId));
    expect(trades.map((t) => t.quantity)).toEqual([10, 10, 5]);
    expect(new Set(trades.map((t) => t.tradeId)).size).toBe(3);
  });

  it('places F&O in lots and refuses an index', async () => {
    const h = await createPaperHarness();
    const fut = expectOk(
      await h.broker.placeOrder(
        orderOf({
          exchange: 'NFO',
          tradingSymbol: NIFTY_FUT.tradingSymbol,
          quantity: 75,
          orderType: 'MARKET',
          price: null,
        }),
      ),
    );
    expect((await findOrder(h.broker, fut.brokerOrderId)).status).toBe('FILLED');
    const index = await h.broker.placeOrder(
      orderOf({ exchange: 'NSE', tradingSymbol: NIFTY_INDEX.tradingSymbol }),
    );
    expect(index).toMatchObject({ ok: false, error: { kind: 'NON_RETRYABLE' } });
  });
});

describe('PaperBroker refusals and rejections', () => {
  it('answers a veto with NON_RETRYABLE, Kite error_type as code, and no order', async () => {
    const h = await createPaperHarness();
    const result = await h.broker.placeOrder(
      orderOf({
        side: 'SELL',
        orderType: 'SL',
        triggerPrice: paise(1510_00),
        price: paise(1505_00),
      }),
    );
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'NON_RETRYABLE',
        code: 'InputException',
        message:
          'Trigger price for stoploss sell orders should be lower than the last traded price',
        httpStatus: null,
      },
    });
    expect(expectOk(await h.broker.getOrders())).toEqual([]);
  });

  it('refuses orders while the market is closed and for unknown symbols', async () => {
    const h = await createPaperHarness();
    expect(await h.broker.placeOrder(orderOf({ tradingSymbol: 'NOSUCH' }))).toMatchObject({
      ok: false,
      error: { code: 'InputException' },
    });
    h.broker.setMarketStatus('closed');
    expect(await h.broker.placeOrder(orderOf())).toMatchObject({
      ok: false,
      error: {
        kind: 'NON_RETRYABLE',
        message: 'Markets are closed right now. Use GTT for placing long standing orders instead.',
      },
    });
  });

  it('accepts an order and then rejects it when a rejection is injected', async () => {
    const h = await createPaperHarness();
    h.broker.injectRejection({ count: 1, reason: 'RMS:Blocked for testing' });
    const placed = expectOk(
      await h.broker.placeOrder(
        orderOf({ clientOrderId: 'REJ1', orderType: 'MARKET', price: null }),
      ),
    );
    expect(h.reports()).toMatchObject([
      {
        brokerOrderId: placed.brokerOrderId,
        clientOrderId: 'REJ1',
        status: 'REJECTED',
        statusMessage: 'RMS:Blocked for testing',
        statusMessageRaw: 'RMS:Blocked for testing',
        exchangeOrderId: null,
        filledQuantity: 0,
      },
    ]);
    const next = expectOk(await h.broker.placeOrder(orderOf({ orderType: 'MARKET', price: null })));
    expect((await findOrder(h.broker, next.brokerOrderId)).status).toBe('FILLED');
    expect(expectOk(await h.broker.getPositions())).toMatchObject([{ quantity: 10 }]);
  });

  it('rejects an order beyond the margin in the book, with Kite’s RMS text', async () => {
    const h = await createPaperHarness({ accountFunds: paise(1_000_00) });
    const placed = expectOk(await h.broker.placeOrder(orderOf()));
    const order = await findOrder(h.broker, placed.brokerOrderId);
    expect(order.status).toBe('REJECTED');
    expect(order.statusMessageRaw).toMatch(/^RMS:Margin Exceeds/);
  });
});

describe('PaperBroker modify and cancel', () => {
  it('modifies a resting order (an UPDATE) and fills it when made marketable', async () => {
    const h = await createPaperHarness();
    const placed = expectOk(await h.broker.placeOrder(orderOf({ price: paise(1490_00) })));
    const modified = expectOk(
      await h.broker.modifyOrder(placed.brokerOrderId, { price: paise(1495_00), quantity: 12 }),
    );
    expect(modified.brokerOrderId).toBe(placed.brokerOrderId);
    expect(h.reports()).toMatchObject([
      { venueStatus: 'UPDATE', status: 'OPEN', price: paise(1495_00), quantity: 12 },
    ]);

    expectOk(await h.broker.modifyOrder(placed.brokerOrderId, { price: paise(1500_05) }));
    expect(await findOrder(h.broker, placed.brokerOrderId)).toMatchObject({
      status: 'FILLED',
      filledQuantity: 12,
    });
  });

  it('turns a LIMIT into a MARKET order with the default protection', async () => {
    const h = await createPaperHarness();
    const placed = expectOk(await h.broker.placeOrder(orderOf({ price: paise(1490_00) })));
    expectOk(await h.broker.modifyOrder(placed.brokerOrderId, { orderType: 'MARKET' }));
    expect((await findOrder(h.broker, placed.brokerOrderId)).status).toBe('FILLED');
  });

  it('cancels a working order and refuses to cancel it again', async () => {
    const h = await createPaperHarness();
    const placed = expectOk(
      await h.broker.placeOrder(orderOf({ clientOrderId: 'C1', price: paise(1490_00) })),
    );
    expectOk(await h.broker.cancelOrder(placed.brokerOrderId));
    expect(h.reports()).toMatchObject([
      { clientOrderId: 'C1', status: 'CANCELLED', venueStatus: 'CANCELLED' },
    ]);
    expect(await h.broker.cancelOrder(placed.brokerOrderId)).toMatchObject({
      ok: false,
      error: { kind: 'NON_RETRYABLE', code: 'OrderException' },
    });
    expect(await h.broker.modifyOrder('999', { price: paise(1490_00) })).toMatchObject({
      ok: false,
      error: { kind: 'NON_RETRYABLE', code: 'GeneralException' },
    });
  });

  it('cancels every working order, in book order, and leaves finished ones alone', async () => {
    const h = await createPaperHarness();
    const first = expectOk(await h.broker.placeOrder(orderOf({ price: paise(1490_00) })));
    expectOk(await h.broker.placeOrder(orderOf({ orderType: 'MARKET', price: null })));
    const stop = expectOk(
      await h.broker.placeOrder(
        orderOf({ side: 'SELL', orderType: 'SL-M', price: null, triggerPrice: paise(1480_00) }),
      ),
    );
    const all = expectOk(await h.broker.cancelAllOrders());
    expect(all).toEqual([
      { brokerOrderId: first.brokerOrderId, result: { ok: true, value: first } },
      { brokerOrderId: stop.brokerOrderId, result: { ok: true, value: stop } },
    ]);
    const statuses = expectOk(await h.broker.getOrders()).map((o) => o.status);
    expect(statuses).toEqual(['CANCELLED', 'FILLED', 'CANCELLED']);
    expect(expectOk(await h.broker.cancelAllOrders())).toEqual([]);
  });
});

describe('PaperBroker books', () => {
  it('reports trades and net positions after fills', async () => {
    const h = await createPaperHarness();
    expectOk(
      await h.broker.placeOrder(orderOf({ orderType: 'MARKET', price: null, quantity: 10 })),
    );
    expectOk(
      await h.broker.placeOrder(
        orderOf({ side: 'SELL', orderType: 'MARKET', price: null, quantity: 4 }),
      ),
    );
    h.tick(INFY, 1510_00);

    const trades = expectOk(await h.broker.getTrades());
    expect(trades.map((t) => [t.side, t.quantity, t.price])).toEqual([
      ['BUY', 10, paise(1500_05)],
      ['SELL', 4, paise(1499_95)],
    ]);
    expect(expectOk(await h.broker.getPositions())).toEqual([
      {
        instrumentToken: INFY.token,
        exchange: 'NSE',
        tradingSymbol: 'INFY',
        product: 'MIS',
        quantity: 6,
        averagePrice: paise(1500_05),
        buyQuantity: 10,
        sellQuantity: 4,
        buyValue: paise(15000_50),
        sellValue: paise(5999_80),
        lastPrice: paise(1510_00),
        // sell value − buy value + 6 × last price
        pnl: paise(5999_80 - 15000_50 + 6 * 1510_00),
      },
    ]);
  });

  it('reports no average price for a flat position', async () => {
    const h = await createPaperHarness();
    expectOk(await h.broker.placeOrder(orderOf({ orderType: 'MARKET', price: null })));
    expectOk(
      await h.broker.placeOrder(orderOf({ side: 'SELL', orderType: 'MARKET', price: null })),
    );
    expect(expectOk(await h.broker.getPositions())).toMatchObject([
      { quantity: 0, averagePrice: null, pnl: paise(-100) },
    ]);
  });

  it('returns the configured instruments and refuses trades of an unknown order', async () => {
    const h = await createPaperHarness();
    expect(expectOk(await h.broker.getInstruments())).toEqual(UNIVERSE);
    expect(await h.broker.getOrderTrades('nope')).toMatchObject({
      ok: false,
      error: { kind: 'NON_RETRYABLE', code: 'GeneralException' },
    });
  });

  it('squares MIS positions off at 15:20 as the broker (no client order id)', async () => {
    const h = await createPaperHarness();
    expectOk(await h.broker.placeOrder(orderOf({ orderType: 'MARKET', price: null })));
    h.clock.set(h.clock.now() + 5 * 3_600_000 + 20 * 60_000);
    h.broker.runClock();
    const squareOff = h.reports().find((r) => r.clientOrderId === null);
    expect(squareOff).toMatchObject({ side: 'SELL', quantity: 10, status: 'FILLED' });
    expect(expectOk(await h.broker.getPositions())).toMatchObject([{ quantity: 0 }]);
  });
});
