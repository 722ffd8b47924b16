import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkReliability, findFreePort, startKiteSimProcess, startRedis } from '@kavach/testkit';
import type { KiteSimProcess, RedisServer } from '@kavach/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EngineProcess,
  type SimOrder,
  TEST_TRADING_CONFIG,
  buyInfyThroughWebhook,
  callEngine,
  endEngine,
  readKite,
  spawnEngine,
  waitUntilHealthy,
  until as untilHolds,
} from './support/engine-process';

/**
 * Redis carries only live views: with it gone mid-session the engine still fills, protects
 * and flattens; when it returns, the live channels flow again.
 */
const TOKEN = 'redis-down-engine-token-0123456789';
const WEBHOOK = { strategy: 'redis', secret: 'redis-down-webhook-secret-0123' };

let root: string;
let sim: KiteSimProcess;
let redis: RedisServer;
let engine: EngineProcess;

const kite = <T>(path: string): Promise<T> => readKite<T>(sim, path);

const api = (path: string, body?: unknown) => callEngine(engine.url, TOKEN, path, body);

/** Polls until `done`; a failure shows the end of the engine's output. */
const until = <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string) =>
  untilHolds(read, done, what, () => engine.output().slice(-3000));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kavach-redis-down-'));
  await writeFile(join(root, 'trading.yaml'), TEST_TRADING_CONFIG);
  redis = await startRedis();
  sim = await startKiteSimProcess({ speed: 1 });
  const state = (await sim.inspect('/state')) as { sessionDate: string };
  await sim.control('/clock', { set: `${state.sessionDate}T10:00:00+05:30` });
  const port = await findFreePort();
  engine = spawnEngine(`http://127.0.0.1:${port}`, {
    DATA_DIR: join(root, 'data'),
    REDIS_URL: redis.url,
    ENGINE_PORT: String(port),
    ENGINE_API_TOKEN: TOKEN,
    KITE_ROOT: sim.root,
    KITE_API_KEY: sim.apiKey,
    KITE_API_SECRET: sim.apiSecret,
    TRADING_CONFIG: join(root, 'trading.yaml'),
    TRADINGVIEW_WEBHOOK_SECRETS: `${WEBHOOK.strategy}:${WEBHOOK.secret}`,
  });
  await waitUntilHealthy(engine);
}, 120_000);

afterAll(async () => {
  await endEngine(engine, 'SIGTERM');
  await sim.stop();
  await redis.stop();
  await rm(root, { recursive: true, force: true });
});

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
          const started = performance.now();
          const alert = await buyInfyThroughWebhook(sim, engine.url, WEBHOOK, 'redis-down-1', 5);
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
