import { KiteConnect } from 'kiteconnect';
import type { Connect } from 'kiteconnect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { KITE_RATE_LIMITS } from '../src/http/rate-limit';
import { control, mintAccessToken, startKiteSim, TEST_API_KEY } from './start-kite-sim';
import type { RunningSim } from './start-kite-sim';

let running: RunningSim;
let kc: Connect;

beforeAll(async () => {
  running = await startKiteSim({ rateLimits: KITE_RATE_LIMITS });
  kc = new KiteConnect({
    api_key: TEST_API_KEY,
    root: running.root,
    access_token: await mintAccessToken(running.root),
    timeout: 1_000,
  });
});
afterAll(async () => {
  await running.stop();
});

/** Let Kite's one-second windows pass so every test starts with a full budget. */
function waitForFreshWindow(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1_050));
}

describe('rate limits (Kite’s, per account)', () => {
  it('allows one quote request per second and answers the next with 429', async () => {
    await waitForFreshWindow();
    await expect(kc.getLTP(['NSE:INFY'])).resolves.toBeDefined();
    await expect(kc.getLTP(['NSE:INFY'])).rejects.toEqual({
      status: 'error',
      error_type: 'NetworkException',
      message: 'Too many requests',
    });
    const raw = await fetch(`${running.root}/quote/ltp?i=NSE:INFY`, {
      headers: { authorization: `token ${TEST_API_KEY}:${await mintAccessToken(running.root)}` },
    });
    expect(raw.status).toBe(429);
    await waitForFreshWindow();
    await expect(kc.getLTP(['NSE:INFY'])).resolves.toBeDefined();
  });

  it('allows ten ordinary requests per second', async () => {
    await waitForFreshWindow();
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => kc.getProfile()));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(2);
  });
});

describe('injected HTTP faults', () => {
  it('returns a 5xx in Kite’s envelope for the next N requests, then recovers', async () => {
    await waitForFreshWindow();
    await control(running.root, '/faults/http', { kind: 'status', status: 503, count: 2 });
    await expect(kc.getProfile()).rejects.toMatchObject({ error_type: 'NetworkException' });
    await expect(kc.getProfile()).rejects.toMatchObject({ error_type: 'NetworkException' });
    await expect(kc.getProfile()).resolves.toBeDefined();
  });

  it('can answer like a gateway (HTML), which the client reports by status text', async () => {
    await control(running.root, '/faults/http', {
      kind: 'status',
      status: 502,
      body: 'html',
      count: 1,
    });
    await expect(kc.getProfile()).rejects.toEqual({
      message: 'Bad Gateway',
      error_type: 'NetworkException',
      data: null,
    });
  });

  it('limits a fault to a path prefix and injects 429s', async () => {
    await waitForFreshWindow();
    await control(running.root, '/faults/http', {
      kind: 'status',
      status: 429,
      count: 1,
      path_prefix: '/user/margins',
    });
    await expect(kc.getProfile()).resolves.toBeDefined();
    const raw = await fetch(`${running.root}/user/margins`, {
      headers: { authorization: `token ${TEST_API_KEY}:${await mintAccessToken(running.root)}` },
    });
    expect(raw.status).toBe(429);
    expect(await raw.json()).toEqual({
      status: 'error',
      message: 'Too many requests',
      error_type: 'NetworkException',
    });
  });

  it('delays a response', async () => {
    await waitForFreshWindow();
    await control(running.root, '/faults/http', { kind: 'delay', ms: 300, count: 1 });
    const started = Date.now();
    await expect(kc.getProfile()).resolves.toBeDefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('times a request out: no answer, so the client gives up', async () => {
    await control(running.root, '/faults/http', { kind: 'timeout', ms: 5_000, count: 1 });
    await expect(kc.getProfile()).rejects.toMatchObject({
      error_type: 'NetworkException',
      message: expect.stringContaining('No response from server') as string,
    });
    await expect(kc.getProfile()).resolves.toBeDefined();
  });

  it('lists and clears armed faults; the control API itself is never faulted', async () => {
    await control(running.root, '/faults/http', { kind: 'status', status: 500, count: 5 });
    const listed = (await (await fetch(`${running.root}/_sim/faults`)).json()) as {
      http: unknown[];
    };
    expect(listed.http).toHaveLength(1);
    const cleared = await fetch(`${running.root}/_sim/faults`, { method: 'DELETE' });
    expect(((await cleared.json()) as { http: unknown[] }).http).toEqual([]);
    await waitForFreshWindow();
    await expect(kc.getProfile()).resolves.toBeDefined();
  });

  it('refuses a malformed fault', async () => {
    const response = await fetch(`${running.root}/_sim/faults/http`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'status', status: 200 }),
    });
    expect(response.status).toBe(400);
  });
});

describe('ticker authentication', () => {
  function tryConnect(query: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${running.root.replace('http', 'ws')}/ws?${query}`);
      socket.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
      });
      socket.once('open', () => {
        socket.close();
        resolve(101);
      });
      socket.once('error', reject);
    });
  }

  it('refuses the upgrade with 403 for a bad token and accepts a live one', async () => {
    expect(await tryConnect(`api_key=${TEST_API_KEY}&access_token=nope`)).toBe(403);
    expect(await tryConnect('')).toBe(403);
    const token = await mintAccessToken(running.root);
    expect(await tryConnect(`api_key=${TEST_API_KEY}&access_token=${token}`)).toBe(101);
  });
});
