import { atIst, paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import {
  BANKEX_FUT,
  createHarness,
  expectAccepted,
  INFY,
  limitBuy,
  marketOrder,
  NIFTY_FUT,
  TRADING_DAY,
} from './exchange.fixtures';
import { SQUARE_OFF_PLACED_BY } from './session-events';

function openPositions(harness: ReturnType<typeof createHarness>): Record<string, number> {
  return Object.fromEntries(
    harness.exchange.positions().net.map((p) => [`${p.tradingSymbol}:${p.product}`, p.quantity]),
  );
}

describe('broker MIS square-off', () => {
  it('closes MIS equity at 15:20 with ADMINSQF orders and leaves F&O until 15:25', () => {
    const harness = createHarness();
    const { exchange, clock } = harness;
    expectAccepted(exchange.placeOrder(marketOrder(INFY, 'BUY', 10)));
    expectAccepted(exchange.placeOrder(marketOrder(INFY, 'SELL', 4, { product: 'CNC' })));
    expectAccepted(exchange.placeOrder(marketOrder(NIFTY_FUT, 'SELL', 150)));
    const resting = expectAccepted(exchange.placeOrder(limitBuy(INFY, 5, paise(1400_00))));

    clock.set(atIst('15:19', TRADING_DAY));
    expect(exchange.runSquareOff()).toEqual([]);

    clock.set(atIst('15:20', TRADING_DAY));
    const equity = exchange.runSquareOff();
    expect(equity).toHaveLength(1);
    const squareOff = exchange.order(equity[0] ?? '');
    expect(squareOff).toMatchObject({
      placedBy: SQUARE_OFF_PLACED_BY,
      transactionType: 'SELL',
      product: 'MIS',
      quantity: 10,
      status: 'COMPLETE',
      requestedOrderType: 'MARKET',
    });
    expect(exchange.order(resting)?.status).toBe('CANCELLED');
    expect(openPositions(harness)).toEqual({
      'INFY:MIS': 0,
      'INFY:CNC': -4,
      'NIFTY26NOVFUT:MIS': -150,
    });
    // Once per day and segment.
    expect(exchange.runSquareOff()).toEqual([]);

    clock.set(atIst('15:25', TRADING_DAY));
    const derivatives = exchange.runSquareOff();
    expect(derivatives.map((id) => exchange.order(id)?.transactionType)).toEqual(['BUY']);
    expect(openPositions(harness)['NIFTY26NOVFUT:MIS']).toBe(0);
  });

  it('slices a position above the freeze quantity', () => {
    const harness = createHarness({ funds: paise(10_00_00_000_00) });
    const { exchange, clock, market } = harness;
    market.setQuote(BANKEX_FUT.token, { lastPrice: paise(52000_00), levelQuantity: 10_000 });
    for (let i = 0; i < 2; i += 1)
      expectAccepted(exchange.placeOrder(marketOrder(BANKEX_FUT, 'BUY', 900)));
    expectAccepted(exchange.placeOrder(marketOrder(BANKEX_FUT, 'BUY', 100)));
    clock.set(atIst('15:25', TRADING_DAY));
    const ids = exchange.runSquareOff();
    expect(ids.map((id) => exchange.order(id)?.quantity)).toEqual([900, 900, 100]);
    expect(openPositions(harness)['BANKNIFTY26NOVFUT:MIS']).toBe(0);
  });

  it('runs from onClock when due', () => {
    const harness = createHarness();
    const { exchange, clock } = harness;
    expectAccepted(exchange.placeOrder(marketOrder(INFY, 'BUY', 1)));
    clock.set(atIst('15:21', TRADING_DAY));
    exchange.onClock();
    expect(openPositions(harness)['INFY:MIS']).toBe(0);
  });
});

describe('session close', () => {
  it('cancels working DAY orders once the market has closed, keeping fills', () => {
    const { exchange, clock, market } = createHarness();
    market.setQuote(INFY.token, {
      lastPrice: paise(1500_00),
      sell: [{ price: paise(1500_05), quantity: 2, orders: 1 }],
    });
    const partly = expectAccepted(
      exchange.placeOrder(limitBuy(INFY, 5, paise(1500_05), { product: 'CNC' })),
    );
    const stop = expectAccepted(
      exchange.placeOrder({
        ...marketOrder(INFY, 'SELL', 1, { product: 'CNC' }),
        order_type: 'SL-M',
        trigger_price: paise(1400_00),
      }),
    );
    clock.set(atIst('15:29', TRADING_DAY));
    expect(exchange.runSessionClose()).toEqual([]);
    clock.set(atIst('15:30', TRADING_DAY));
    expect(exchange.runSessionClose()).toEqual([partly, stop]);
    expect(exchange.order(partly)).toMatchObject({
      status: 'CANCELLED',
      filledQuantity: 2,
      cancelledQuantity: 3,
    });
    expect(exchange.order(stop)).toMatchObject({ status: 'CANCELLED', cancelledQuantity: 1 });
  });

  it('can be forced closed and open by the control API', () => {
    const { exchange } = createHarness();
    exchange.setMarketStatus('closed');
    expect(exchange.placeOrder(limitBuy(INFY, 1, paise(1490_00))).ok).toBe(false);
    exchange.setMarketStatus('open');
    expect(exchange.isMarketOpen()).toBe(true);
    exchange.setMarketStatus(null);
    expect(exchange.placeOrder(limitBuy(INFY, 1, paise(1490_00))).ok).toBe(true);
  });

  it('falls back to weekday hours outside the calendar years', () => {
    const { exchange } = createHarness({ at: atIst('10:00', '2027-03-03') });
    expect(exchange.isMarketOpen()).toBe(true);
    const sunday = createHarness({ at: atIst('10:00', '2027-03-07') });
    expect(sunday.exchange.isMarketOpen()).toBe(false);
  });
});

describe('reset', () => {
  it('forgets orders, trades, positions and faults and restores funds', () => {
    const { exchange } = createHarness({ funds: paise(1_00_000_00) });
    expectAccepted(exchange.placeOrder(marketOrder(INFY, 'BUY', 10)));
    exchange.injectRejection({ count: 5, reason: 'x' });
    exchange.reset({ accountFunds: paise(50_000_00) });
    expect([exchange.orders(), exchange.trades(), exchange.positions().net]).toEqual([[], [], []]);
    expect(exchange.margins().cash).toBe(paise(50_000_00));
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 1, paise(1490_00))));
    expect(id.endsWith('000000001')).toBe(true);
    expect(exchange.order(id)?.status).toBe('OPEN');
  });
});
