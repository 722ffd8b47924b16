import { paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import {
  createHarness,
  expectAccepted,
  INFY,
  limitBuy,
  marketOrder,
  NIFTY_CE,
  NIFTY_FUT,
} from './exchange.fixtures';

describe('positions', () => {
  it('reports Kite fields: value, pnl = value + quantity × LTP, average of the open side', () => {
    const { exchange, market } = createHarness();
    expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1501_00))));
    market.setQuote(INFY.token, { lastPrice: paise(1510_00) });
    const [position] = exchange.positions().net;
    expect(position).toMatchObject({
      tradingSymbol: 'INFY',
      product: 'MIS',
      quantity: 10,
      overnightQuantity: 0,
      multiplier: 1,
      averagePrice: 1500_05,
      lastPrice: paise(1510_00),
      buyQuantity: 10,
      buyValue: paise(15000_50),
      sellQuantity: 0,
      sellPrice: 0,
      value: paise(-15000_50),
      pnl: paise(99_50),
      m2m: paise(99_50),
      unrealised: paise(99_50),
      realised: 0,
      dayBuyQuantity: 10,
      dayBuyValue: paise(15000_50),
    });
    expect(exchange.positions().day).toEqual(exchange.positions().net);
  });

  it('shows a position closed today as flat, average 0, realised 0 and the P&L in pnl', () => {
    const { exchange, market } = createHarness();
    expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1501_00))));
    market.setQuote(INFY.token, { lastPrice: paise(1520_00) });
    expectAccepted(exchange.placeOrder(marketOrder(INFY, 'SELL', 10)));
    const [position] = exchange.positions().net;
    expect(position).toMatchObject({
      quantity: 0,
      averagePrice: 0,
      realised: 0,
      sellValue: paise(15199_50),
      value: paise(199_00),
      pnl: paise(199_00),
      unrealised: paise(199_00),
    });
  });

  it('keys positions by instrument and product, with the sell average while short', () => {
    const { exchange } = createHarness();
    expectAccepted(exchange.placeOrder(marketOrder(INFY, 'SELL', 3)));
    expectAccepted(exchange.placeOrder(marketOrder(INFY, 'BUY', 2, { product: 'CNC' })));
    const byProduct = Object.fromEntries(exchange.positions().net.map((p) => [p.product, p]));
    expect(byProduct.MIS).toMatchObject({ quantity: -3, averagePrice: 1499_95 });
    expect(byProduct.CNC).toMatchObject({ quantity: 2, averagePrice: 1500_05 });
  });
});

describe('account margins', () => {
  it('starts with all cash available', () => {
    const { exchange } = createHarness({ funds: paise(2_00_000_00) });
    expect(exchange.margins()).toMatchObject({
      openingBalance: paise(2_00_000_00),
      cash: paise(2_00_000_00),
      debits: 0,
      net: paise(2_00_000_00),
    });
  });

  it('blocks 20 % for MIS equity and counts the open loss', () => {
    const { exchange } = createHarness({ funds: paise(1_00_000_00) });
    expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1501_00))));
    // Margined at LTP 1500.00: 10 × 1500 × 20 % = 3000.00; loss 0.50 against cost 1500.05.
    expect(exchange.margins()).toMatchObject({
      exposure: paise(3000_00),
      span: 0,
      m2mUnrealised: paise(50),
      debits: paise(3000_50),
      net: paise(1_00_000_00 - 3000_50),
    });
  });

  it('blocks SPAN + exposure for futures and short options, the premium for bought options', () => {
    const { exchange } = createHarness({ funds: paise(50_00_000_00) });
    expectAccepted(exchange.placeOrder(marketOrder(NIFTY_FUT, 'SELL', 75, { product: 'NRML' })));
    const afterFuture = exchange.margins();
    // 75 × 24550 = 18,41,250 → SPAN 12 % 2,20,950 and exposure 3 % 55,237.50.
    expect(afterFuture).toMatchObject({ span: paise(2_20_950_00), exposure: paise(55_237_50) });

    expectAccepted(exchange.placeOrder(marketOrder(NIFTY_CE, 'BUY', 75, { product: 'NRML' })));
    expect(exchange.margins().optionPremium).toBe(paise(9003_75));

    const seller = createHarness({ funds: paise(50_00_000_00) });
    expectAccepted(
      seller.exchange.placeOrder(marketOrder(NIFTY_CE, 'SELL', 75, { product: 'NRML' })),
    );
    // Underlying 24500 × 75 = 18,37,500 → SPAN 15 % 2,75,625 and exposure 3 % 55,125.
    expect(seller.exchange.margins()).toMatchObject({
      span: paise(2_75_625_00),
      exposure: paise(55_125_00),
      optionPremium: 0,
    });
  });

  it('blocks margin for open orders, but not for the part that closes a position', () => {
    const { exchange } = createHarness();
    expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1490_00))));
    expect(exchange.margins().exposure).toBe(paise(2980_00));
    exchange.reset();
    expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1501_00))));
    const held = exchange.margins().exposure;
    expectAccepted(
      exchange.placeOrder({ ...limitBuy(INFY, 10, paise(1600_00)), transaction_type: 'SELL' }),
    );
    expect(exchange.margins().exposure).toBe(held);
  });
});

describe('order margins', () => {
  it('reports each order alone with charges and leverage', () => {
    const { exchange, market } = createHarness();
    market.setQuote(INFY.token, { lastPrice: paise(1498_00) });
    const result = exchange.orderMargins([
      {
        exchange: 'NSE',
        tradingsymbol: 'INFY',
        transaction_type: 'BUY',
        variety: 'regular',
        product: 'CNC',
        order_type: 'MARKET',
        quantity: 1,
      },
      {
        exchange: 'NSE',
        tradingsymbol: 'INFY',
        transaction_type: 'SELL',
        variety: 'regular',
        product: 'MIS',
        order_type: 'LIMIT',
        quantity: 10,
        price: paise(1500_00),
      },
    ]);
    if (!result.ok) throw new Error(result.error.message);
    const [delivery, intraday] = result.value;
    expect(delivery).toMatchObject({
      var: paise(1498_00),
      total: paise(1498_00),
      leverage: 1,
      span: 0,
    });
    expect(delivery?.charges.transactionTax).toBeCloseTo(149.8, 6);
    expect(delivery?.charges.stampDuty).toBeCloseTo(22.47, 6);
    expect(delivery?.charges.brokerage).toBe(0);
    expect(intraday).toMatchObject({ var: paise(3000_00), leverage: 5 });
    // 0.03 % of ₹15,000 = ₹4.50 brokerage; STT 0.025 % on the sell side = ₹3.75.
    expect(intraday?.charges.brokerage).toBeCloseTo(450, 6);
    expect(intraday?.charges.transactionTax).toBeCloseTo(375, 6);
    expect(intraday?.charges.stampDuty).toBe(0);
  });

  it('refuses an unknown instrument', () => {
    const { exchange } = createHarness();
    const result = exchange.orderMargins([
      {
        exchange: 'NSE',
        tradingsymbol: 'NOPE',
        transaction_type: 'BUY',
        variety: 'regular',
        product: 'CNC',
        order_type: 'MARKET',
        quantity: 1,
      },
    ]);
    expect(result).toMatchObject({ ok: false, error: { type: 'InputException' } });
  });
});
