import { atIst, paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import type { ConvertPositionRequest } from './convert-position';
import {
  createHarness,
  expectAccepted,
  INFY,
  marketOrder,
  NIFTY_CE,
  NIFTY_FUT,
  TRADING_DAY,
} from './exchange.fixtures';
import type { Harness } from './exchange.fixtures';

function conversion(
  instrument: typeof INFY,
  quantity: number,
  extra: Partial<ConvertPositionRequest> = {},
): ConvertPositionRequest {
  return {
    exchange: instrument.exchange,
    tradingsymbol: instrument.tradingSymbol,
    transaction_type: 'BUY',
    position_type: 'day',
    quantity,
    old_product: 'MIS',
    new_product: instrument.exchange === 'NFO' ? 'NRML' : 'CNC',
    ...extra,
  };
}

function byProduct(harness: Harness): Record<string, { quantity: number; pnl: number }> {
  return Object.fromEntries(harness.exchange.positions().net.map((p) => [p.product, p]));
}

function totalPnl(harness: Harness): number {
  return harness.exchange.positions().net.reduce((sum, p) => sum + p.pnl, 0);
}

describe('converting a position', () => {
  it('moves an MIS equity position to CNC whole, at its average, and blocks delivery margin', () => {
    const harness = createHarness();
    const { exchange, market } = harness;
    expectAccepted(exchange.placeOrder(marketOrder(INFY, 'BUY', 10)));
    market.setQuote(INFY.token, { lastPrice: paise(1510_00) });
    const pnl = totalPnl(harness);
    expect(exchange.margins().exposure).toBe(paise(3020_00));

    expect(exchange.convertPosition(conversion(INFY, 10))).toEqual({ ok: true });
    const positions = exchange.positions().net;
    expect(positions).toHaveLength(1);
    expect(positions[0]).toMatchObject({
      product: 'CNC',
      quantity: 10,
      averagePrice: 1500_05,
      buyQuantity: 10,
      buyValue: paise(15000_50),
      pnl: paise(99_50),
    });
    expect(totalPnl(harness)).toBe(pnl);
    // CNC blocks the full notional at the last price, no longer 20 %.
    expect(exchange.margins().exposure).toBe(paise(15100_00));
  });

  it('moves part of a position and keeps the realised P&L with the old product', () => {
    const harness = createHarness();
    const { exchange, market } = harness;
    expectAccepted(exchange.placeOrder(marketOrder(INFY, 'BUY', 10)));
    market.setQuote(INFY.token, { lastPrice: paise(1520_00) });
    expectAccepted(exchange.placeOrder(marketOrder(INFY, 'SELL', 4)));
    const pnl = totalPnl(harness);

    expect(exchange.convertPosition(conversion(INFY, 4))).toEqual({ ok: true });
    const positions = byProduct(harness);
    expect(positions.MIS).toMatchObject({ quantity: 2, buyQuantity: 6, sellQuantity: 4 });
    expect(positions.CNC).toMatchObject({ quantity: 4, buyQuantity: 4, sellQuantity: 0 });
    expect(totalPnl(harness)).toBe(pnl);
  });

  it('moves F&O between MIS and NRML both ways, in lots', () => {
    const harness = createHarness();
    const { exchange } = harness;
    expectAccepted(exchange.placeOrder(marketOrder(NIFTY_FUT, 'SELL', 150)));
    const margins = exchange.margins();
    expect(
      exchange.convertPosition(conversion(NIFTY_FUT, 75, { transaction_type: 'SELL' })),
    ).toEqual({ ok: true });
    expect(byProduct(harness)).toMatchObject({
      MIS: { quantity: -75 },
      NRML: { quantity: -75 },
    });
    // Futures margin does not depend on MIS or NRML in the model.
    expect(exchange.margins().net).toBe(margins.net);
    expect(
      exchange.convertPosition(
        conversion(NIFTY_FUT, 75, {
          transaction_type: 'SELL',
          old_product: 'NRML',
          new_product: 'MIS',
        }),
      ),
    ).toEqual({ ok: true });
    expect(exchange.positions().net.map((p) => [p.product, p.quantity])).toEqual([['MIS', -150]]);
  });

  it('keeps a converted position out of the broker’s MIS square-off', () => {
    const harness = createHarness();
    const { exchange, clock } = harness;
    expectAccepted(exchange.placeOrder(marketOrder(INFY, 'BUY', 10)));
    expect(exchange.convertPosition(conversion(INFY, 6))).toEqual({ ok: true });
    clock.set(atIst('15:20', TRADING_DAY));
    const squareOff = exchange.runSquareOff();
    expect(squareOff.map((id) => exchange.order(id)?.quantity)).toEqual([4]);
    expect(byProduct(harness)).toMatchObject({ MIS: { quantity: 0 }, CNC: { quantity: 6 } });
  });

  it('refuses more than the open quantity, the wrong side and overnight positions', () => {
    const { exchange } = createHarness();
    expectAccepted(exchange.placeOrder(marketOrder(INFY, 'BUY', 10)));
    expect(exchange.convertPosition(conversion(INFY, 11))).toEqual({
      ok: false,
      error: {
        type: 'InputException',
        message: 'Cannot convert 11: the open quantity is only 10.',
      },
    });
    expect(exchange.convertPosition(conversion(INFY, 5, { transaction_type: 'SELL' }))).toEqual({
      ok: false,
      error: {
        type: 'InputException',
        message: 'There is no open SELL day position in INFY (MIS) to convert.',
      },
    });
    expect(exchange.convertPosition(conversion(INFY, 5, { position_type: 'overnight' }))).toEqual({
      ok: false,
      error: {
        type: 'InputException',
        message: 'There is no open BUY overnight position in INFY (MIS) to convert.',
      },
    });
    expect(exchange.convertPosition(conversion(INFY, 5, { old_product: 'CNC' }))).toMatchObject({
      ok: false,
      error: { message: 'The old and new product of a conversion cannot be the same.' },
    });
    expect(exchange.positions().net).toMatchObject([{ product: 'MIS', quantity: 10 }]);
  });

  it('refuses pairs Zerodha does not offer, shorts into CNC and broken lots', () => {
    const { exchange } = createHarness();
    expectAccepted(exchange.placeOrder(marketOrder(INFY, 'SELL', 5)));
    expectAccepted(exchange.placeOrder(marketOrder(NIFTY_CE, 'BUY', 75)));
    expect(exchange.convertPosition(conversion(INFY, 5, { new_product: 'NRML' }))).toEqual({
      ok: false,
      error: {
        type: 'InputException',
        message: 'Conversion from MIS to NRML is not allowed for equity positions.',
      },
    });
    expect(exchange.convertPosition(conversion(NIFTY_CE, 75, { new_product: 'CNC' }))).toEqual({
      ok: false,
      error: {
        type: 'InputException',
        message: 'Conversion from MIS to CNC is not allowed for F&O positions.',
      },
    });
    expect(exchange.convertPosition(conversion(INFY, 5, { transaction_type: 'SELL' }))).toEqual({
      ok: false,
      error: { type: 'InputException', message: 'Short positions cannot be converted to CNC.' },
    });
    expect(exchange.convertPosition(conversion(NIFTY_CE, 50))).toEqual({
      ok: false,
      error: {
        type: 'InputException',
        message:
          'Quantity 50 is not a multiple of the lot size 75. Enter the quantity in multiples of the lot size.',
      },
    });
    expect(
      exchange.convertPosition(conversion(INFY, 5, { transaction_type: 'HOLD' as 'BUY' })),
    ).toMatchObject({ ok: false, error: { message: 'Invalid `transaction_type`.' } });
    expect(
      exchange.convertPosition({ ...conversion(INFY, 5), tradingsymbol: 'NOSUCH' }),
    ).toMatchObject({ ok: false, error: { type: 'InputException' } });
  });

  it('refuses when the new product needs more margin than is free, changing nothing', () => {
    const { exchange } = createHarness({ funds: paise(50_000_00) });
    // 100 × 1500 = ₹1.5 lakh: ₹30,000 at 20 % as MIS, all of it as CNC.
    expectAccepted(exchange.placeOrder(marketOrder(INFY, 'BUY', 100)));
    const before = exchange.positions();
    const result = exchange.convertPosition(conversion(INFY, 100));
    expect(result).toMatchObject({
      ok: false,
      error: {
        type: 'MarginException',
        message: expect.stringMatching(
          /^Insufficient funds\. Required margin is 120000\.00 but available margin is \d+\.\d\d\.$/,
        ) as unknown,
      },
    });
    expect(exchange.positions()).toEqual(before);
    // A part that fits is accepted.
    expect(exchange.convertPosition(conversion(INFY, 15))).toEqual({ ok: true });
  });

  it('refuses while the market is closed and into MIS after the square-off time', () => {
    const harness = createHarness();
    const { exchange, clock } = harness;
    expectAccepted(exchange.placeOrder(marketOrder(INFY, 'BUY', 10, { product: 'CNC' })));
    clock.set(atIst('15:21', TRADING_DAY));
    expect(
      exchange.convertPosition(conversion(INFY, 10, { old_product: 'CNC', new_product: 'MIS' })),
    ).toEqual({
      ok: false,
      error: {
        type: 'InputException',
        message: 'Positions cannot be converted to MIS after the 15:20 square-off.',
      },
    });
    exchange.setMarketStatus('closed');
    expect(exchange.convertPosition(conversion(INFY, 10))).toMatchObject({
      ok: false,
      error: { message: 'Positions can be converted only while the market is open.' },
    });
  });
});
