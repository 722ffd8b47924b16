import { KiteConnect } from 'kiteconnect';
import type { Connect } from 'kiteconnect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postbackChecksum } from '../src/kite/checksum';
import { FAKE_INSTRUMENTS, makeQuote } from './fake-market';
import {
  keysOf,
  MARGINS_KEYS,
  ORDER_KEYS,
  ORDER_MARGIN_CHARGES_KEYS,
  ORDER_MARGIN_KEYS,
  ORDER_OPTIONAL_KEYS,
  POSITION_KEYS,
  POSITIONS_KEYS,
  POSTBACK_EXTRA_KEYS,
  SEGMENT_AVAILABLE_KEYS,
  SEGMENT_MARGINS_KEYS,
  SEGMENT_UTILISED_KEYS,
  TRADE_KEYS,
} from './fixtures/sample-keys';
import { startPostbackReceiver } from './postback-receiver';
import type { PostbackReceiver } from './postback-receiver';
import {
  control,
  mintAccessToken,
  startKiteSim,
  TEST_API_KEY,
  TEST_API_SECRET,
} from './start-kite-sim';
import type { RunningSim } from './start-kite-sim';

let running: RunningSim;
let kc: Connect;
let accessToken: string;
let postbacks: PostbackReceiver;

beforeAll(async () => {
  postbacks = await startPostbackReceiver();
  running = await startKiteSim({ exchange: true, postbackUrl: postbacks.url });
  kc = new KiteConnect({
    api_key: TEST_API_KEY,
    root: running.root,
    access_token: (accessToken = await mintAccessToken(running.root)),
  });
});
afterAll(async () => {
  await running.stop();
  await postbacks.close();
});

/** A Kite order's keys, tolerating the optional keys Kite itself sends only sometimes. */
function orderKeys(order: object): string[] {
  return keysOf(order).filter((key) => !ORDER_OPTIONAL_KEYS.includes(key));
}

async function waitFor<T>(probe: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 4_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const INFY = FAKE_INSTRUMENTS.infy;

describe('orders with the official client', () => {
  let restingId = '';

  it('places a LIMIT order below the market that rests OPEN, with the sample’s fields', async () => {
    const placed = await kc.placeOrder('regular', {
      exchange: 'NSE',
      tradingsymbol: 'INFY',
      transaction_type: 'BUY',
      quantity: 5,
      product: 'MIS',
      order_type: 'LIMIT',
      price: 1500,
      tag: 'kavachA1',
    });
    expect(keysOf(placed)).toEqual(['order_id']);
    restingId = placed.order_id;
    const orders = await kc.getOrders();
    const order = orders.find((o) => o.order_id === restingId)!;
    expect(orderKeys(order)).toEqual(ORDER_KEYS);
    expect(order).toMatchObject({ status: 'OPEN', price: 1500, tag: 'kavachA1', quantity: 5 });
    // The client turns the 19-character IST timestamps into Dates (TZ=Asia/Kolkata).
    expect(order.order_timestamp).toEqual(
      new Date(running.clock.now() - (running.clock.now() % 1000)),
    );

    const history = await kc.getOrderHistory(restingId);
    expect(history.map((h) => h.status)).toEqual(
      expect.arrayContaining([
        'PUT ORDER REQ RECEIVED',
        'VALIDATION PENDING',
        'OPEN PENDING',
        'OPEN',
      ]),
    );
    for (const entry of history) expect(orderKeys(entry)).toEqual(ORDER_KEYS);
  });

  it('modifies and cancels it; updates go to the postback URL with Kite’s checksum', async () => {
    await expect(
      kc.modifyOrder('regular', restingId, { price: 1510, quantity: 6 }),
    ).resolves.toEqual({
      order_id: restingId,
    });
    await expect(kc.cancelOrder('regular', restingId)).resolves.toEqual({ order_id: restingId });
    const [order] = await kc.getOrderHistory(restingId).then((h) => h.slice(-1));
    expect(order).toMatchObject({ status: 'CANCELLED', price: 1510, quantity: 6 });

    const cancelled = await waitFor(
      () => postbacks.received.find((p) => p.order_id === restingId && p.status === 'CANCELLED'),
      'the CANCELLED postback',
    );
    expect(keysOf(cancelled).filter((k) => !ORDER_OPTIONAL_KEYS.includes(k))).toEqual(
      [...ORDER_KEYS.filter((k) => k !== 'modified'), ...POSTBACK_EXTRA_KEYS].sort(),
    );
    expect(cancelled.checksum).toBe(
      postbackChecksum(restingId, String(cancelled.order_timestamp), TEST_API_SECRET),
    );
    expect(kc.validatePostback(cancelled as never, TEST_API_SECRET)).toBe(true);
    expect(
      postbacks.received.find((p) => p.order_id === restingId && p.status === 'UPDATE'),
    ).toBeDefined();
  });

  it('fills a protected MARKET order against the depth: trades and positions', async () => {
    // market_protection is missing from the client's published types; it sends it all the same.
    const { order_id: orderId } = await kc.placeOrder('regular', {
      exchange: 'NSE',
      tradingsymbol: 'INFY',
      transaction_type: 'BUY',
      quantity: 10,
      product: 'MIS',
      order_type: 'MARKET',
      market_protection: 2,
    } as Parameters<Connect['placeOrder']>[1]);
    const order = (await kc.getOrderHistory(orderId)).at(-1)!;
    expect(order.status).toBe('COMPLETE');
    const trades = await kc.getOrderTrades(orderId);
    expect(trades.length).toBeGreaterThan(0);
    for (const trade of trades) expect(keysOf(trade)).toEqual(TRADE_KEYS);
    expect(trades.reduce((sum, t) => sum + t.quantity, 0)).toBe(10);
    expect((await kc.getTrades()).map((t) => t.order_id)).toContain(orderId);

    const positions = await kc.getPositions();
    expect(keysOf(positions)).toEqual(POSITIONS_KEYS);
    const infy = positions.net.find((p) => p.tradingsymbol === 'INFY')!;
    expect(keysOf(infy)).toEqual(POSITION_KEYS);
    expect(infy.quantity).toBe(10);
    expect(keysOf(positions.day[0])).toEqual(POSITION_KEYS);
    await expect(kc.getHoldings()).resolves.toEqual([]);
    await expect(
      kc.convertPosition({
        exchange: 'NSE',
        tradingsymbol: 'INFY',
        transaction_type: 'BUY',
        position_type: 'intraday' as 'day',
        quantity: 10,
        old_product: 'MIS',
        new_product: 'CNC',
      }),
    ).rejects.toMatchObject({ error_type: 'InputException', message: 'Invalid `position_type`.' });

    const complete = await waitFor(
      () => postbacks.received.find((p) => p.order_id === orderId && p.status === 'COMPLETE'),
      'the COMPLETE postback',
    );
    expect(complete).toMatchObject({
      filled_quantity: 10,
      unfilled_quantity: 0,
      user_id: 'KS0001',
    });
  });

  it('refuses synchronously what Kite vetoes, with Kite’s error types', async () => {
    await expect(
      kc.placeOrder('regular', {
        exchange: 'NSE',
        tradingsymbol: 'INFY',
        transaction_type: 'BUY',
        quantity: 1,
        product: 'MIS',
        order_type: 'MARKET',
      }),
    ).rejects.toMatchObject({
      error_type: 'InputException',
      message: expect.stringContaining('market protection') as string,
    });
    await expect(
      kc.placeOrder('regular', {
        exchange: 'NSE',
        tradingsymbol: 'INFY',
        transaction_type: 'SIDEWAYS' as 'BUY',
        quantity: 1,
        product: 'MIS',
        order_type: 'LIMIT',
        price: 1500,
      }),
    ).rejects.toMatchObject({
      error_type: 'InputException',
      message: 'Invalid `transaction_type`.',
    });
    await expect(kc.getOrderHistory('999')).rejects.toMatchObject({
      error_type: 'GeneralException',
    });
    await expect(kc.cancelOrder('regular', '999')).rejects.toHaveProperty('error_type');
  });

  it('rejects the next order asynchronously when told to', async () => {
    await control(running.root, '/faults/orders', { count: 1, reason: 'RMS:Blocked for testing' });
    const { order_id: orderId } = await kc.placeOrder('regular', {
      exchange: 'NSE',
      tradingsymbol: 'INFY',
      transaction_type: 'BUY',
      quantity: 1,
      product: 'MIS',
      order_type: 'LIMIT',
      price: 1500,
    });
    const order = (await kc.getOrderHistory(orderId)).at(-1)!;
    expect(order).toMatchObject({ status: 'REJECTED', status_message: 'RMS:Blocked for testing' });
  });
});

describe('postback URL control', () => {
  it('switches postbacks off and on', async () => {
    expect(await control(running.root, '/postback', { url: null })).toEqual({ url: null });
    expect(await control(running.root, '/postback', { url: postbacks.url })).toEqual({
      url: postbacks.url,
    });
  });
});

describe('margins', () => {
  it('answers /user/margins and /user/margins/equity in the sample’s shape', async () => {
    const margins = await kc.getMargins();
    expect(keysOf(margins)).toEqual(MARGINS_KEYS);
    for (const segment of [margins.equity, margins.commodity]) {
      expect(keysOf(segment)).toEqual(SEGMENT_MARGINS_KEYS);
      expect(keysOf(segment?.available)).toEqual(SEGMENT_AVAILABLE_KEYS);
      expect(keysOf(segment?.utilised)).toEqual(SEGMENT_UTILISED_KEYS);
    }
    const equity = await kc.getMargins('equity');
    expect(keysOf(equity)).toEqual(SEGMENT_MARGINS_KEYS);
  });

  it('computes order margins from a JSON body', async () => {
    const rows = await kc.orderMargins([
      {
        exchange: 'NSE',
        tradingsymbol: 'INFY',
        transaction_type: 'BUY',
        variety: 'regular',
        product: 'MIS',
        order_type: 'LIMIT',
        quantity: 10,
        price: 1500,
        trigger_price: 0,
      },
    ]);
    expect(rows).toHaveLength(1);
    expect(keysOf(rows[0])).toEqual(ORDER_MARGIN_KEYS);
    expect(keysOf(rows[0]?.charges)).toEqual(ORDER_MARGIN_CHARGES_KEYS);
  });
});

describe('market-driven fills', () => {
  it('fills a resting order when the market comes to it', async () => {
    const { order_id: orderId } = await kc.placeOrder('regular', {
      exchange: 'NSE',
      tradingsymbol: 'INFY',
      transaction_type: 'BUY',
      quantity: 2,
      product: 'MIS',
      order_type: 'LIMIT',
      price: 1560,
    });
    expect((await kc.getOrderHistory(orderId)).at(-1)?.status).toBe('OPEN');
    running.clock.advance(1_000);
    running.moveMarket(makeQuote(INFY, 155_900, running.clock.now()));
    expect((await kc.getOrderHistory(orderId)).at(-1)?.status).toBe('COMPLETE');
  });
});

describe('position conversion', () => {
  const FUT = FAKE_INSTRUMENTS.niftyFut;
  const lot = FUT.lotSize;
  const convert = (
    quantity: number,
    extra: Partial<Parameters<Connect['convertPosition']>[0]> = {},
  ) =>
    kc.convertPosition({
      exchange: 'NFO',
      tradingsymbol: FUT.tradingSymbol,
      transaction_type: 'SELL',
      position_type: 'day',
      quantity,
      old_product: 'MIS',
      new_product: 'NRML',
      ...extra,
    });
  const futureProducts = async (): Promise<Record<string, number>[]> => {
    const positions = await kc.getPositions();
    return [positions.net, positions.day].map((list) =>
      Object.fromEntries(
        list
          .filter((p) => p.tradingsymbol === FUT.tradingSymbol)
          .map((p) => [p.product, p.quantity]),
      ),
    );
  };

  it('moves quantity to another product: the client gets true, positions show the move', async () => {
    await kc.placeOrder('regular', {
      exchange: 'NFO',
      tradingsymbol: FUT.tradingSymbol,
      transaction_type: 'SELL',
      quantity: 2 * lot,
      product: 'MIS',
      order_type: 'MARKET',
      market_protection: 2,
    } as Parameters<Connect['placeOrder']>[1]);
    expect(await futureProducts()).toEqual([{ MIS: -2 * lot }, { MIS: -2 * lot }]);

    await expect(convert(lot)).resolves.toBe(true);
    expect(await futureProducts()).toEqual([
      { MIS: -lot, NRML: -lot },
      { MIS: -lot, NRML: -lot },
    ]);

    await expect(convert(2 * lot)).rejects.toMatchObject({
      error_type: 'InputException',
      message: `Cannot convert ${2 * lot}: the open quantity is only ${lot}.`,
    });
    await expect(convert(lot, { new_product: 'CNC' })).rejects.toMatchObject({
      error_type: 'InputException',
      message: 'Conversion from MIS to CNC is not allowed for F&O positions.',
    });
    await expect(convert(lot, { old_product: 'NRML', new_product: 'MIS' })).resolves.toBe(true);
    expect(await futureProducts()).toEqual([{ MIS: -2 * lot }, { MIS: -2 * lot }]);
  });

  it('answers Kite’s envelope with data true, form-encoded like the client sends it', async () => {
    const response = await fetch(`${running.root}/portfolio/positions`, {
      method: 'PUT',
      headers: {
        authorization: `token ${TEST_API_KEY}:${accessToken}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        exchange: 'NFO',
        tradingsymbol: FUT.tradingSymbol,
        transaction_type: 'SELL',
        position_type: 'day',
        quantity: String(lot),
        old_product: 'MIS',
        new_product: 'NRML',
      }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'success', data: true });
  });
});
