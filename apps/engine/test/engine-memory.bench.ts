import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort, recordBench, startKiteSimProcess, startPostgres } from '@kavach/testkit';
import type { KiteSimProcess, PostgresServer } from '@kavach/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EngineProcess,
  callEngine,
  endEngine,
  spawnEngine,
  until,
  waitUntilHealthy,
} from './support/engine-process';
import { sleep, toMb } from './support/load';
import {
  type SystemReading,
  chooseLoadUniverse,
  countTicks,
  readEngineMetrics,
} from './support/market-load';

/**
 * The engine process on PostgreSQL through a whole simulated session, 09:15 to 15:30, with 500
 * instruments in full mode on kite-sim's ticker and the strategies on: its resident memory,
 * read every second. The first simulated hour is the warm-up (caches, JIT, the day's first
 * bars); after it the live heap (its floor, after collections) and RSS must not grow.
 */
const TOKEN = 'engine-memory-bench-token-0123456789abcdef';
const INSTRUMENTS = 500;
const SESSION_MINUTES = 375;
const WARM_UP_MINUTES = 60;
/** A 375-minute session in five real minutes; kite-sim sends a frame every 250 ms regardless. */
const SPEED = 75;
/** Growth allowed after warm-up: what a collection's timing moves, not a leak's slope. */
const MAX_HEAP_FLOOR_GROWTH_MB = 8;
const MAX_RSS_GROWTH_MB = 24;

let root: string;
let pg: PostgresServer;
let sim: KiteSimProcess;
let engine: EngineProcess;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kavach-engine-memory-'));
  pg = await startPostgres({ durable: true });
  sim = await startKiteSimProcess({
    env: { KITE_SIM_STRIKES_EACH_SIDE: '40', KITE_SIM_LATENCY_MS: '0' },
  });
  await sim.control('/clock', { paused: true, speed: SPEED });
  const universe = await chooseLoadUniverse(sim, INSTRUMENTS);
  await writeFile(
    join(root, 'trading.yaml'),
    `universe:\n${universe.keys.map((key) => `  - '${key}'`).join('\n')}\n`,
  );
  const port = await findFreePort();
  engine = spawnEngine(`http://127.0.0.1:${port}`, {
    DATA_DIR: join(root, 'data'),
    DATABASE_URL: await pg.createDatabase('engine_memory'),
    ENGINE_PORT: String(port),
    ENGINE_API_TOKEN: TOKEN,
    KITE_ROOT: sim.root,
    KITE_API_KEY: sim.apiKey,
    KITE_API_SECRET: sim.apiSecret,
    TRADING_CONFIG: join(root, 'trading.yaml'),
  });
  await waitUntilHealthy(engine);
}, 180_000);

afterAll(async () => {
  await endEngine(engine, 'SIGTERM');
  await sim.stop();
  await pg.stop();
  await rm(root, { recursive: true, force: true });
});

interface Reading extends SystemReading {
  readonly simMinute: number;
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

describe('engine memory', () => {
  it('500 instruments in full mode, one simulated day', async () => {
    const engineTicks = async () => countTicks(await readEngineMetrics(engine.url));
    await until(engineTicks, (n) => n.full >= INSTRUMENTS, 'the first full tick of each');
    const simNow = async () => ((await sim.inspect('/state')) as { now: number }).now;
    const open = await simNow();
    const ticksBefore = await engineTicks();
    const readings: Reading[] = [];
    await sim.control('/clock', { paused: false });
    for (;;) {
      await sleep(1_000);
      const simMinute = ((await simNow()) - open) / 60_000;
      const system = (await callEngine(engine.url, TOKEN, '/system/metrics')).body;
      readings.push({ ...(system as unknown as SystemReading), simMinute });
      if (simMinute >= SESSION_MINUTES) break;
    }
    await sim.control('/clock', { paused: true });
    const ticks = (await engineTicks()).full - ticksBefore.full;

    const rss = readings.map((r) => r.memory.rssBytes);
    const afterWarmUp = readings.filter((r) => r.simMinute >= WARM_UP_MINUTES);
    const third = Math.max(1, Math.floor(afterWarmUp.length / 3));
    const [early, late] = [afterWarmUp.slice(0, third), afterWarmUp.slice(-third)];
    const heapFloor = (part: readonly Reading[]) =>
      Math.min(...part.map((r) => r.memory.heapUsedBytes));
    const rssMedian = (part: readonly Reading[]) => median(part.map((r) => r.memory.rssBytes));
    const heapGrowthMb = toMb(heapFloor(late) - heapFloor(early));
    const rssGrowthMb = toMb(rssMedian(late) - rssMedian(early));
    const maxAfterWarmUpMb = toMb(Math.max(...afterWarmUp.map((r) => r.memory.rssBytes)));

    expect(engine.child.exitCode).toBeNull();
    expect(ticks).toBeGreaterThan(INSTRUMENTS * SESSION_MINUTES);
    recordBench({
      id: 'engine_memory',
      measured: maxAfterWarmUpMb,
      checks: {
        [`heap floor growth after warm-up ≤ ${MAX_HEAP_FLOOR_GROWTH_MB} MB`]:
          heapGrowthMb <= MAX_HEAP_FLOOR_GROWTH_MB,
        [`RSS growth after warm-up ≤ ${MAX_RSS_GROWTH_MB} MB`]: rssGrowthMb <= MAX_RSS_GROWTH_MB,
      },
      figures: {
        rss_start_mb: toMb(rss[0] ?? 0),
        rss_max_mb: toMb(Math.max(...rss)),
        rss_growth_after_warm_up_mb: rssGrowthMb,
        heap_floor_growth_after_warm_up_mb: heapGrowthMb,
        full_ticks: ticks,
        real_seconds: readings.length,
      },
      method:
        `The engine process as its start script and Docker image run it (node --max-semi-space-size=4 start.mjs, tsx in the main thread) on PostgreSQL 15 with fsync on, ` +
        `${INSTRUMENTS} instruments of kite-sim in full mode, strategies on, 09:15–15:30 ` +
        `simulated at ${SPEED}× (a frame every 250 ms of real time). RSS and heap read every ` +
        `second from /system/metrics; warm-up is the first simulated hour; growth compares the ` +
        `first and last third of the rest (heap: lowest reading; RSS: median).`,
      source: import.meta.url,
    });
  }, 900_000);
});
