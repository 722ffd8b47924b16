import { parseEnv } from '@kavach/config';
import { findFreePort } from '@kavach/testkit';
import { KiteConnect } from 'kiteconnect';
import type { Connect } from 'kiteconnect';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startKiteSim } from '../src/start-kite-sim';
import type { RunningKiteSim } from '../src/start-kite-sim';
import { control, mintAccessToken, TEST_API_KEY, TEST_API_SECRET } from './start-kite-sim';

// KITE_SIM_LATENCY_MS as the process reads it: every Kite answer and order update is late by
// it, the control API is not.
const LATENCY_MS = 150;
/** setTimeout may fire a millisecond early by rounding. */
const SLACK_MS = 2;

let sim: RunningKiteSim;
let accessToken: string;

beforeAll(async () => {
  const env = parseEnv({
    KITE_API_KEY: TEST_API_KEY,
    KITE_API_SECRET: TEST_API_SECRET,
    KITE_SIM_SPEED: '1',
    KITE_SIM_LATENCY_MS: String(LATENCY_MS),
    LOG_LEVEL: 'silent',
  });
  expect(env.KITE_SIM_LATENCY_MS).toBe(LATENCY_MS);
  sim = await startKiteSim({ env, logger: pino({ level: 'silent' }), port: await findFreePort() });
  await control(sim.root, '/market', { status: 'open' });
  accessToken = await mintAccessToken(sim.root);
}, 30_000);

afterAll(async () => {
  await sim.stop();
});

async function timed<T>(call: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await call();
  return { value, ms: performance.now() - started };
}

function openTicker(): Promise<WebSocket> {
  const socket = new WebSocket(
    `${sim.tickerUrl}?api_key=${TEST_API_KEY}&access_token=${accessToken}`,
  );
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function nextOrderUpdate(socket: WebSocket, orderId: () => string | null): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer, binary: boolean) => {
      if (binary) return;
      const message = JSON.parse(data.toString('utf8')) as {
        type?: string;
        data?: { order_id?: string };
      };
      if (message.type !== 'order') return;
      const id = orderId();
      if (id !== null && message.data?.order_id !== id) return;
      socket.off('message', onMessage);
      resolve(performance.now());
    };
    socket.on('message', onMessage);
  });
}

describe('KITE_SIM_LATENCY_MS', () => {
  it('holds every REST answer, not the control API', async () => {
    const kc = new KiteConnect({
      api_key: TEST_API_KEY,
      root: sim.root,
      access_token: accessToken,
    });
    const profile = await timed(() => kc.getProfile());
    expect(profile.value.user_id).toBeTruthy();
    expect(profile.ms).toBeGreaterThanOrEqual(LATENCY_MS - SLACK_MS);
    const refused = await timed(() => fetch(`${sim.root}/user/profile`));
    expect(refused.value.status).toBe(403);
    expect(refused.ms).toBeGreaterThanOrEqual(LATENCY_MS - SLACK_MS);
    const state = await timed(() => fetch(`${sim.root}/_sim/state`));
    expect(state.value.ok).toBe(true);
    expect(state.ms).toBeLessThan(LATENCY_MS);
  });

  it('holds every order update on the ticker', { timeout: 10_000 }, async () => {
    const socket = await openTicker();
    try {
      const kc = new KiteConnect({
        api_key: TEST_API_KEY,
        root: sim.root,
        access_token: accessToken,
      });
      let orderId: string | null = null;
      const sentAt = performance.now();
      const updated = nextOrderUpdate(socket, () => orderId);
      // A resting order is not announced (Kite's ticker neither): one that fills is.
      const placed = await kc.placeOrder('regular', {
        exchange: 'NSE',
        tradingsymbol: 'INFY',
        transaction_type: 'BUY',
        product: 'MIS',
        quantity: 1,
        order_type: 'MARKET',
        // market_protection is missing from the client's published types; it sends it all the same.
        market_protection: 2,
      } as Parameters<Connect['placeOrder']>[1]);
      orderId = placed.order_id;
      expect(await updated).toBeGreaterThanOrEqual(sentAt + LATENCY_MS - SLACK_MS);
    } finally {
      socket.close();
    }
  });
});
