import { atIst, paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import {
  BANKEX_FUT,
  createHarness,
  expectAccepted,
  INFY,
  limitBuy,
  marketOrder,
  NIFTY_CE,
  NIFTY_FUT,
  NIFTY_INDEX,
  TRADING_DAY,
} from './exchange.fixtures';
import type { PlaceOrderRequest } from './order-request';

function refusalOf(
  request: PlaceOrderRequest,
  harness = createHarness(),
): { type: string; message: string } {
  const result = harness.exchange.placeOrder(request);
  if (result.ok) throw new Error(`expected a refusal, got order ${result.orderId}`);
  expect(harness.exchange.orders()).toEqual([]);
  return result.error;
}

const MARKET_PROTECTION_TEXT =
  'Market orders without market protection are not allowed via API. Please set market protection or use a Limit order.';

describe('synchronous refusals (veto)', () => {
  it.each([
    ['MARKET without market_protection', { market_protection: undefined }],
    ['MARKET with market_protection 0', { market_protection: 0 }],
  ] as const)('refuses %s', (_, extra) => {
    const request: PlaceOrderRequest = { ...marketOrder(INFY, 'BUY', 1), ...extra };
    expect(refusalOf(request)).toEqual({ type: 'InputException', message: MARKET_PROTECTION_TEXT });
  });

  it('refuses SL-M without market protection too', () => {
    const request: PlaceOrderRequest = {
      ...marketOrder(INFY, 'SELL', 1, { market_protection: 0 }),
      order_type: 'SL-M',
      trigger_price: paise(1450_00),
    };
    expect(refusalOf(request).message).toBe(MARKET_PROTECTION_TEXT);
  });

  it('refuses a protection outside (0, 100] other than -1', () => {
    expect(refusalOf(marketOrder(INFY, 'BUY', 1, { market_protection: 150 })).type).toBe(
      'InputException',
    );
    expect(refusalOf(marketOrder(INFY, 'BUY', 1, { market_protection: -2 })).message).toContain(
      'market_protection',
    );
  });

  it('refuses regular orders while the market is closed', () => {
    const harness = createHarness({ at: atIst('15:45', TRADING_DAY) });
    expect(refusalOf(limitBuy(INFY, 1, paise(1490_00)), harness)).toEqual({
      type: 'InputException',
      message: 'Markets are closed right now. Use GTT for placing long standing orders instead.',
    });
  });

  it('refuses on a holiday and a weekend', () => {
    for (const at of [atIst('11:00', '2026-11-24'), atIst('11:00', '2026-11-21')]) {
      const harness = createHarness({ at });
      expect(refusalOf(limitBuy(INFY, 1, paise(1490_00)), harness).message).toMatch(
        /^Markets are closed/,
      );
    }
  });

  it('refuses an AMO while the market is open', () => {
    expect(refusalOf(limitBuy(INFY, 1, paise(1490_00), { variety: 'amo' })).type).toBe(
      'InputException',
    );
  });

  it('refuses prices above the upper and below the lower circuit, naming the limit', () => {
    const harness = createHarness();
    harness.market.setQuote(INFY.token, {
      lastPrice: paise(1500_00),
      lowerCircuit: paise(1350_00),
      upperCircuit: paise(1650_40),
    });
    expect(refusalOf(limitBuy(INFY, 1, paise(1650_45)), harness)).toEqual({
      type: 'InputException',
      message:
        'Your order price is higher than the current upper circuit limit of 1650.4. You can place an order within the range or use GTT for long-standing orders.',
    });
    expect(refusalOf(limitBuy(INFY, 1, paise(1349_95)), harness).message).toBe(
      'Your order price is lower than the current lower circuit limit of 1350. You can place an order within the range or use GTT for long-standing orders.',
    );
  });

  it('refuses a quantity that is not a multiple of the lot size', () => {
    const error = refusalOf(limitBuy(NIFTY_CE, 100, paise(120_00), { product: 'NRML' }));
    expect(error.type).toBe('InputException');
    expect(error.message).toContain('lot size 75');
  });

  it('refuses above the freeze quantity with Kite lots wording', () => {
    expect(refusalOf(limitBuy(BANKEX_FUT, 1000, paise(52000_00), { product: 'NRML' }))).toEqual({
      type: 'InputException',
      message:
        'The order quantity 1000 (40 lots) is higher than the maximum quantity of 900 (36 lots) allowed by the exchanges. Please reduce the order quantity or use iceberg orders.',
    });
  });

  it('allows exactly the freeze quantity', () => {
    const { exchange } = createHarness();
    expect(
      exchange.placeOrder(limitBuy(BANKEX_FUT, 900, paise(51000_00), { product: 'NRML' })).ok,
    ).toBe(true);
  });

  it('refuses a stop-loss buy whose trigger is not above the LTP, and a sell not below', () => {
    const buy: PlaceOrderRequest = {
      ...limitBuy(INFY, 1, paise(1500_00)),
      order_type: 'SL',
      trigger_price: paise(1500_00),
    };
    expect(refusalOf(buy)).toEqual({
      type: 'InputException',
      message: 'Trigger price for stoploss buy orders should be higher than the last traded price',
    });
    const sell: PlaceOrderRequest = {
      ...marketOrder(INFY, 'SELL', 1),
      order_type: 'SL-M',
      trigger_price: paise(1500_05),
    };
    expect(refusalOf(sell).message).toBe(
      'Trigger price for stoploss sell orders should be lower than the last traded price',
    );
  });

  it('refuses an SL buy whose trigger is above its limit', () => {
    const request: PlaceOrderRequest = {
      ...limitBuy(INFY, 1, paise(1510_00)),
      order_type: 'SL',
      trigger_price: paise(1520_00),
    };
    expect(refusalOf(request).type).toBe('InputException');
  });

  it('refuses unknown instruments, indices and expired contracts', () => {
    const text =
      'The instrument you are placing an order for has either expired or does not exist.';
    expect(refusalOf({ ...limitBuy(INFY, 1, paise(1490_00)), tradingsymbol: 'NOPE' }).message).toBe(
      text,
    );
    expect(refusalOf(limitBuy(NIFTY_INDEX, 1, paise(24500_00))).message).toBe(text);
    const afterExpiry = createHarness({ at: atIst('10:00', '2026-11-27') });
    expect(
      refusalOf(limitBuy(NIFTY_FUT, 75, paise(24550_00), { product: 'NRML' }), afterExpiry).message,
    ).toBe(text);
  });

  it('refuses bad tags, unknown fields and unsimulated varieties', () => {
    expect(refusalOf(limitBuy(INFY, 1, paise(1490_00), { tag: 'has space' })).type).toBe(
      'InputException',
    );
    expect(refusalOf(limitBuy(INFY, 1, paise(1490_00), { tag: 'x'.repeat(21) })).type).toBe(
      'InputException',
    );
    expect(refusalOf({ ...limitBuy(INFY, 1, paise(1490_00)), quantity: 0 }).message).toBe(
      'Invalid `quantity`.',
    );
    expect(refusalOf({ ...limitBuy(INFY, 1, paise(1490_00)), price: undefined }).message).toBe(
      'Invalid `price`.',
    );
    expect(
      refusalOf({
        ...limitBuy(INFY, 1, paise(1490_00)),
        product: 'MTF' as PlaceOrderRequest['product'],
      }).message,
    ).toBe('Invalid `product`.');
    expect(refusalOf(limitBuy(INFY, 1, paise(1490_00), { variety: 'co' })).message).toContain('co');
  });
});

describe('asynchronous rejections (order book)', () => {
  it('rejects for margin with Kite status_message and status_message_raw', () => {
    const { exchange } = createHarness({ funds: paise(1_000_00) });
    // 100 × ₹1,500.05 MIS at 20 % = ₹30,001.00 required against ₹1,000.00.
    const result = exchange.placeOrder(limitBuy(INFY, 100, paise(1500_05)));
    const id = expectAccepted(result);
    const order = exchange.order(id);
    expect(order).toMatchObject({
      status: 'REJECTED',
      exchangeOrderId: null,
      filledQuantity: 0,
      pendingQuantity: 0,
      cancelledQuantity: 0,
      statusMessage:
        'Insufficient funds. Required margin is 30001.00 but available margin is 1000.00. Check the orderbook for open orders.',
      statusMessageRaw:
        'RMS:Margin Exceeds,Required:30001.00, Available:1000.00 for entity account-AB1234 across exchange across segment across product ',
    });
    const history = exchange.orderHistory(id);
    expect(history.ok && history.value.map((o) => o.status)).toEqual([
      'PUT ORDER REQ RECEIVED',
      'VALIDATION PENDING',
      'REJECTED',
    ]);
    expect(exchange.trades()).toEqual([]);
  });

  it('rejects a trigger off the tick grid at the exchange (16316)', () => {
    const { exchange } = createHarness();
    const id = expectAccepted(
      exchange.placeOrder({
        ...marketOrder(INFY, 'SELL', 1),
        order_type: 'SL-M',
        trigger_price: paise(1450_02),
      }),
    );
    expect(exchange.order(id)).toMatchObject({
      status: 'REJECTED',
      statusMessage: '16316 : The trigger price is not a multiple of tick size',
    });
    const history = exchange.orderHistory(id);
    expect(history.ok && history.value.map((o) => o.status)).toContain('OPEN PENDING');
  });

  it('rejects a limit price off the tick grid at the exchange', () => {
    const { exchange } = createHarness();
    const id = expectAccepted(exchange.placeOrder(limitBuy(INFY, 1, paise(1490_03))));
    expect(exchange.order(id)).toMatchObject({ status: 'REJECTED' });
    expect(exchange.order(id)?.statusMessage).toMatch(/tick size/);
  });

  it('rejects the next N orders with an injected reason, then accepts again', () => {
    const { exchange } = createHarness();
    const reason = 'RMS:Blocked for  EQ  nse_cm  BO Remarks: test. block type: ALL';
    exchange.injectRejection({ count: 2, reason });
    const ids = [1, 2, 3].map(() =>
      expectAccepted(exchange.placeOrder(limitBuy(INFY, 1, paise(1490_00)))),
    );
    expect(ids.map((id) => exchange.order(id)?.status)).toEqual(['REJECTED', 'REJECTED', 'OPEN']);
    expect(exchange.order(ids[0] ?? '')).toMatchObject({
      statusMessage: reason,
      statusMessageRaw: reason,
    });
  });

  it('lets a margin-reducing order through even with no funds left', () => {
    const { exchange } = createHarness({ funds: paise(3_100_00) });
    expectAccepted(exchange.placeOrder(limitBuy(INFY, 10, paise(1510_00))));
    const exit = expectAccepted(exchange.placeOrder(marketOrder(INFY, 'SELL', 10)));
    expect(exchange.order(exit)?.status).toBe('COMPLETE');
  });
});
