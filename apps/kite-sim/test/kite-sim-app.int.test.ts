import { atIst, paise } from '@kavach/domain';
import { KiteConnect } from 'kiteconnect';
import type { Connect } from 'kiteconnect';
import { findFreePort } from '@kavach/testkit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKiteSimApp } from '../src/kite-sim-app';
import type { KiteSimApp } from '../src/kite-sim-app';
import { keysOf, ORDER_KEYS, ORDER_OPTIONAL_KEYS, QUOTE_KEYS } from './fixtures/sample-keys';
import { createKiteTicker } from './kite-ticker';
import {
  control,
  GENEROUS_LIMITS,
  mintAccessToken,
  TEST_API_KEY,
  TEST_API_SECRET,
  TEST_REDIRECT_URL,
} from './start-kite-sim';

type Tick = Record<string, unknown> & {
  instrument_token: number;
  mode: string;
  last_price: number;
};

const SESSION = '2026-11-23';
let app: KiteSimApp;
let root: string;
let kc: Connect;
let accessToken: string;

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function getState(): Promise<Record<string, unknown>> {
  return (await (await fetch(`${root}/_sim/state`)).json()) as Record<string, unknown>;
}

beforeAll(async () => {
  app = createKiteSimApp({
    settings: { apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, redirectUrl: TEST_REDIRECT_URL },
    logger: pino({ level: 'silent' }),
    seed: 7,
    accountFunds: paise(10_00_000_00),
    realNow: () => performance.now(),
    wallNow: Date.now(),
    startMs: atIst('10:00', SESSION),
    speed: 10,
    tickIntervalMs: 50,
    heartbeatMs: 200,
    rateLimits: GENEROUS_LIMITS,
  });
  root = await app.start(await findFreePort());
  accessToken = await mintAccessToken(root);
  kc = new KiteConnect({ api_key: TEST_API_KEY, root, access_token: accessToken });
});
afterAll(async () => {
  await app.stop();
});

describe('the composed simulator behind the Kite facade', () => {
  it('serves the generated universe: NIFTY 50 stocks, indices, futures and options', async () => {
    const instruments = (await kc.getInstruments()).filter((i) => i.tradingsymbol);
    const types = new Set(instruments.map((i) => `${i.segment}:${i.instrument_type}`));
    expect(types).toEqual(
      new Set(['NSE:EQ', 'INDICES:EQ', 'NFO-FUT:FUT', 'NFO-OPT:CE', 'NFO-OPT:PE']),
    );
    const quotes = await kc.getQuote(['NSE:INFY', 'NSE:NIFTY 50', 'NSE:NIFTY BANK']);
    expect(Object.keys(quotes)).toHaveLength(3);
    for (const quote of Object.values(quotes)) expect(keysOf(quote)).toEqual(QUOTE_KEYS);
  });

  it('moves prices with the virtual clock and streams them to a KiteTicker', async () => {
    const ticker = createKiteTicker({
      api_key: TEST_API_KEY,
      access_token: accessToken,
      root: root.replace('http', 'ws') + '/ws',
    });
    const ticks: Tick[] = [];
    const updates: Record<string, unknown>[] = [];
    let connected = false;
    ticker.on('connect', () => {
      connected = true;
    });
    ticker.on('ticks', (batch: Tick[]) => ticks.push(...batch));
    ticker.on('order_update', (order: Record<string, unknown>) => updates.push(order));
    ticker.connect();
    await waitFor(() => (connected ? true : undefined), 'the ticker');
    const nifty = app.simulator.resolveInstrument('NSE:NIFTY 50')!;
    const infy = app.simulator.resolveInstrument('NSE:INFY')!;
    ticker.subscribe([nifty, infy]);
    ticker.setMode('full', [infy]);
    await waitFor(
      () => ticks.find((t) => t.instrument_token === infy && t.mode === 'full'),
      'a full INFY tick',
    );
    const before = ticks.length;
    await waitFor(
      () =>
        ticks.slice(before).filter((t) => t.instrument_token === nifty).length >= 2
          ? true
          : undefined,
      'moving NIFTY ticks',
    );

    // An order filled by the exchange reaches the ticker as an order update.
    const { order_id: orderId } = await kc.placeOrder('regular', {
      exchange: 'NSE',
      tradingsymbol: 'INFY',
      transaction_type: 'BUY',
      quantity: 1,
      product: 'MIS',
      order_type: 'MARKET',
      market_protection: -1,
    } as Parameters<Connect['placeOrder']>[1]);
    const update = await waitFor(
      () => updates.find((u) => u.order_id === orderId && u.status === 'COMPLETE'),
      'the COMPLETE order update',
    );
    expect(update).toMatchObject({ user_id: 'KS0001', filled_quantity: 1 });
    ticker.disconnect();
  });

  it('sets and nudges prices through the control API', async () => {
    await control(root, '/clock', { paused: true });
    await control(root, '/price', { instrument: 'NSE:INFY', price: 1600 });
    expect((await kc.getLTP(['NSE:INFY']))['NSE:INFY']?.last_price).toBe(1600);
    await control(root, '/price', { instrument: 'NSE:INFY', nudge_bps: 100 });
    expect((await kc.getLTP(['NSE:INFY']))['NSE:INFY']?.last_price).toBeCloseTo(1616, 0);
  });

  it('steps, sets and speeds the clock; time never runs backwards', async () => {
    const before = (await getState()).now as number;
    const stepped = (await control(root, '/clock', { step_ms: 60_000 })) as {
      now: number;
      paused: boolean;
    };
    expect(stepped.now).toBe(before + 60_000);
    expect(stepped.paused).toBe(true);
    const set = (await control(root, '/clock', {
      set: `${SESSION}T14:00:00+05:30`,
      speed: 60,
    })) as {
      nowIst: string;
      speed: number;
    };
    expect(set).toMatchObject({ nowIst: `${SESSION} 14:00:00`, speed: 60 });
    const back = await fetch(`${root}/_sim/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ set: `${SESSION}T09:00:00+05:30` }),
    });
    expect(back.status).toBe(400);
    await control(root, '/clock', { paused: false, speed: 10 });
  });

  it('closes and reopens the market: orders are vetoed while closed', async () => {
    await control(root, '/market', { status: 'closed' });
    await expect(
      kc.placeOrder('regular', {
        exchange: 'NSE',
        tradingsymbol: 'INFY',
        transaction_type: 'BUY',
        quantity: 1,
        product: 'MIS',
        order_type: 'LIMIT',
        price: 1500,
      }),
    ).rejects.toMatchObject({
      error_type: 'InputException',
      message: 'Markets are closed right now. Use GTT for placing long standing orders instead.',
    });
    expect(await control(root, '/market', { status: 'auto' })).toMatchObject({
      marketMode: 'auto',
      marketOpen: true,
    });
  });

  it('loads a scenario with an exact price path, and resets', async () => {
    const state = (await control(root, '/scenario', {
      scenario: {
        name: 'infy-drop',
        sessionDate: SESSION,
        start: '09:15',
        unscripted: 'flat',
        paths: {
          'NSE:INFY': {
            interpolation: 'step',
            points: [
              ['09:15', 1500],
              ['09:20', 1450],
            ],
          },
        },
      },
    })) as Record<string, unknown>;
    expect(state).toMatchObject({ scenario: 'infy-drop', nowIst: `${SESSION} 09:15:00` });
    expect((await kc.getOrders()).length).toBe(0);
    await control(root, '/clock', { paused: true });
    await control(root, '/clock', { set: `${SESSION}T09:21:00+05:30` });
    expect((await kc.getLTP(['NSE:INFY']))['NSE:INFY']?.last_price).toBe(1450);

    const reset = (await control(root, '/reset')) as Record<string, unknown>;
    expect(reset).toMatchObject({ scenario: null, nowIst: `${SESSION} 09:15:00` });
    await control(root, '/clock', { paused: false });
  });

  it('reports orders in the sample’s shape from the real exchange', async () => {
    const ltp = (await kc.getLTP(['NSE:INFY']))['NSE:INFY']!.last_price;
    const { order_id: orderId } = await kc.placeOrder('regular', {
      exchange: 'NSE',
      tradingsymbol: 'INFY',
      transaction_type: 'BUY',
      quantity: 1,
      product: 'MIS',
      order_type: 'LIMIT',
      // A rupee below the last price: on the 0.05 tick and inside the circuit.
      price: Math.floor(ltp) - 1,
    });
    const order = (await kc.getOrders()).find((o) => o.order_id === orderId)!;
    expect(keysOf(order).filter((k) => !ORDER_OPTIONAL_KEYS.includes(k))).toEqual(ORDER_KEYS);
  });
});
