import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkReliability, findFreePort, startKiteSimProcess, startRedis } from '@kavach/testkit';
import type { KiteSimProcess, RedisServer } from '@kavach/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Redis carries only live views: with it gone mid-session the engine still fills, protects
 * and flattens; when it returns, the live channels flow again.
 */
const appDir = fileURLToPath(new URL('..', import.meta.url));
const TOKEN = 'redis-down-engine-token-0123456789';
const WEBHOOK = { strategy: 'redis', secret: 'redis-down-webhook-secret-0123' };
const CONFIG = `
capitalRupees: 1000000
universe: [NSE:INFY, NSE:TCS]
strategies: { orb: { enabled: false }, vwap_ema: { enabled: false } }
`;

let root: string;
let sim: KiteSimProcess;
let redis: RedisServer;
let engine: { url: string; child: ChildProcess; output: () => string };

let simToken: string | undefined;
async function kite<T>(path: string): Promise<T> {
  simToken ??= await sim.mintAccessToken();
  const token = simToken;
  const response = await fetch(`${sim.root}${path}`, {
    headers: { authorization: `token ${sim.apiKey}:${token}`, 'x-kite-version': '3' },
  });
  const body = (await response.json()) as { data?: T; message?: string };
  if (body.data === undefined)
    throw new Error(`kite-sim ${path}: ${response.status} ${body.message ?? ''}`);
  return body.data;
}

async function api(path: string, body?: unknown) {
  const response = await fetch(`${engine.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string) {
  const deadline = performance.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (performance.now() > deadline) {
      throw new Error(`${what}: ${JSON.stringify(value)}\n${engine.output().slice(-3000)}`);
    }
    // kite-sim holds the test to Kite's rate limits too.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kavach-redis-down-'));
  await writeFile(join(root, 'trading.yaml'), CONFIG);
  redis = await startRedis();
  sim = await startKiteSimProcess({ speed: 1 });
  const state = (await sim.inspect('/state')) as { sessionDate: string };
  await sim.control('/clock', { set: `${state.sessionDate}T10:00:00+05:30` });
  const port = await findFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: appDir,
    env: {
      PATH: process.env.PATH ?? '',
      TZ: 'UTC',
      LOG_LEVEL: 'warn',
      DATA_DIR: join(root, 'data'),
      REDIS_URL: redis.url,
      ENGINE_PORT: String(port),
      ENGINE_API_TOKEN: TOKEN,
      KITE_ROOT: sim.root,
      KITE_API_KEY: sim.apiKey,
      KITE_API_SECRET: sim.apiSecret,
      TRADING_CONFIG: join(root, 'trading.yaml'),
      TRADINGVIEW_WEBHOOK_SECRETS: `${WEBHOOK.strategy}:${WEBHOOK.secret}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  engine = { url: `http://127.0.0.1:${port}`, child, output: () => output };
  await until(
    () =>
      fetch(`${engine.url}/healthz`).then(
        async (r) => ((await r.json()) as { status: string }).status,
        () => 'down',
      ),
    (status) => status === 'ok',
    'the engine did not start',
  );
}, 120_000);

afterAll(async () => {
  if (engine.child.exitCode === null) {
    engine.child.kill('SIGTERM');
    await once(engine.child, 'exit');
  }
  await sim.stop();
  await redis.stop();
  await rm(root, { recursive: true, force: true });
});

interface SimOrder {
  readonly order_type: string;
  readonly status: string;
}

describe('Redis down in the middle of a session', () => {
  it('keeps filling, protecting and flattening, and the live channels return with Redis', async () => {
    await checkReliability(
      {
        area: 'infrastructure',
        fault: 'Redis stopped mid-session, then started again',
        expected:
          'entry filled and its stop placed, flatten exits it, engine healthy; bus OK again once Redis is back',
        source: import.meta.url,
      },
      async () => {
        const figures: Record<string, number> = {};
        await redis.restart(async () => {
          const quote =
            await kite<Record<string, { depth: { sell: { price: number }[] } }>>(
              '/quote?i=NSE:INFY',
            );
          const ask = quote['NSE:INFY']?.depth.sell[0]?.price ?? 0;
          const started = performance.now();
          const alert = await fetch(`${engine.url}/webhooks/tradingview/${WEBHOOK.strategy}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              secret: WEBHOOK.secret,
              idempotency_key: 'redis-down-1',
              symbol: 'INFY',
              exchange: 'NSE',
              action: 'BUY',
              price: ask.toFixed(2),
              stop: (ask * 0.99).toFixed(2),
              targets: [(ask * 1.02).toFixed(2)],
              quantity: 5,
            }),
          });
          expect(alert.status, await alert.text()).toBe(202);
          await until(
            () => kite<SimOrder[]>('/orders'),
            (orders) =>
              orders.some((o) => o.order_type.startsWith('SL') && o.status === 'TRIGGER PENDING'),
            'no protective stop at the broker while Redis was down',
          );
          figures.alertToStopMs = Math.round(performance.now() - started);

          const flattening = performance.now();
          const flatten = await api('/flatten', { confirm: 'FLATTEN', reason: 'redis drill' });
          expect(flatten.status, JSON.stringify(flatten.body)).toBe(200);
          await until(
            () =>
              kite<{ net: { tradingsymbol: string; quantity: number }[] }>('/portfolio/positions'),
            (positions) => positions.net.every((p) => p.quantity === 0),
            'positions not flat while Redis was down',
          );
          figures.flattenMs = Math.round(performance.now() - flattening);
          const health = await fetch(`${engine.url}/healthz`);
          expect(health.status).toBeLessThan(600);
          expect(engine.child.exitCode).toBeNull();
        });
        const back = performance.now();
        await until(
          () => api('/status/all'),
          (status) =>
            (status.body.components as { bus?: { state?: string } } | undefined)?.bus?.state ===
            'OK',
          'the bus did not come back',
        );
        figures.busBackMs = Math.round(performance.now() - back);
        return figures;
      },
    );
  }, 120_000);
});
