import { performance } from 'node:perf_hooks';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from '@kavach/db';
import type { Db } from '@kavach/db';
import {
  checkReliability,
  findFreePort,
  startKiteSimProcess,
  startPostgres,
} from '@kavach/testkit';
import type { KiteSimProcess, PostgresServer } from '@kavach/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EngineProcess,
  type SimOrder,
  endEngine,
  readKite,
  spawnEngine,
  waitUntilHealthy,
  until as untilHolds,
} from './support/engine-process';
import { mapConcurrently, percentile, sleep } from './support/load';
import { type LoadAnswer, buildSignals, errorCodeOf, sendSignal } from './support/webhook-load';
import { expectRecordedOnce } from './support/webhook-records';

/**
 * 1,000 distinct TradingView alerts in one burst against the engine process on PostgreSQL:
 * each strategy's limit is taken and recorded once, the excess refused with 429 and a
 * Retry-After, nothing lost or processed twice, and a resent key answered from the record.
 */
const TOKEN = 'load-webhooks-engine-token-0123456789';
const SIGNALS = 1_000;
const IN_FLIGHT = 20;
/** The engine's limit: 30 alerts per strategy per 60 s (src/webhooks/README.md). */
const LIMIT_PER_STRATEGY = 30;
const WINDOW_MS = 60_000;
const STRATEGIES = Array.from({ length: 10 }, (_, n) => ({
  strategy: `load-${n}`,
  secret: `load-webhook-secret-${n}-0123456789`,
}));
/** Few positions, so the risk gates refuse most alerts and the broker sees a handful. */
const MAX_OPEN_POSITIONS = 2;
const TRADING_CONFIG = `
capitalRupees: 1000000
risk: { maxOpenPositions: ${MAX_OPEN_POSITIONS} }
universe: [NSE:INFY, NSE:TCS]
strategies: { orb: { enabled: false }, vwap_ema: { enabled: false } }
`;

let root: string;
let pgServer: PostgresServer;
let db: Db;
let sim: KiteSimProcess;
let engine: EngineProcess;

const until = <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string) =>
  untilHolds(read, done, what, () => engine.output().slice(-3000));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kavach-load-webhooks-'));
  await writeFile(join(root, 'trading.yaml'), TRADING_CONFIG);
  pgServer = await startPostgres();
  const databaseUrl = await pgServer.createDatabase('load_webhooks');
  db = createDb({ databaseUrl, dataDir: root });
  await db.migrate();
  sim = await startKiteSimProcess({ speed: 1 });
  const state = (await sim.inspect('/state')) as { sessionDate: string };
  await sim.control('/clock', { set: `${state.sessionDate}T10:00:00+05:30` });
  const port = await findFreePort();
  engine = spawnEngine(`http://127.0.0.1:${port}`, {
    DATA_DIR: join(root, 'data'),
    DATABASE_URL: databaseUrl,
    MIGRATE_ON_START: 'false',
    ENGINE_PORT: String(port),
    ENGINE_API_TOKEN: TOKEN,
    KITE_ROOT: sim.root,
    KITE_API_KEY: sim.apiKey,
    KITE_API_SECRET: sim.apiSecret,
    TRADING_CONFIG: join(root, 'trading.yaml'),
    TRADINGVIEW_WEBHOOK_SECRETS: STRATEGIES.map((s) => `${s.strategy}:${s.secret}`).join(','),
  });
  await waitUntilHealthy(engine);
}, 120_000);

afterAll(async () => {
  await endEngine(engine, 'SIGTERM');
  await db.close();
  await sim.stop();
  await pgServer.stop();
  await rm(root, { recursive: true, force: true });
});

const isProcessed = (answer: LoadAnswer) => answer.status === 202 || answer.status === 422;

async function readAsk(): Promise<number> {
  const quote = await readKite<Record<string, { depth: { sell: { price: number }[] } }>>(
    sim,
    '/quote?i=NSE:INFY',
  );
  const ask = quote['NSE:INFY']?.depth.sell[0]?.price;
  if (ask === undefined) throw new Error('kite-sim quoted no offer for INFY');
  return ask;
}

/** Entries at the broker: every alert is a BUY, and stops and targets sell. */
async function countBrokerOrders(): Promise<{ entries: number; all: number }> {
  const orders = await readKite<SimOrder[]>(sim, '/orders');
  return {
    entries: orders.filter((o) => o.transaction_type === 'BUY').length,
    all: orders.length,
  };
}

describe('1,000 TradingView alerts in one burst', () => {
  it('processes each strategy’s limit once, refuses the rest with 429, loses nothing', async () => {
    await checkReliability(
      {
        area: 'load',
        fault: `${SIGNALS} distinct webhook alerts over ${STRATEGIES.length} strategies, ${IN_FLIGHT} in flight`,
        expected:
          'every answer 2xx/422 or 429 with Retry-After, never 5xx or a dropped connection; ' +
          `${LIMIT_PER_STRATEGY} processed per strategy, each recorded once; a resent key answered from the record`,
        source: import.meta.url,
      },
      burstAndResend,
    );
  }, 150_000);
});

async function burstAndResend() {
  const signals = buildSignals(STRATEGIES, SIGNALS, await readAsk());
  const started = performance.now();
  const answers = await mapConcurrently(signals, IN_FLIGHT, (s) => sendSignal(engine.url, s));
  const wallMs = performance.now() - started;

  // The per-strategy counts below hold only if the burst fits in one rate window.
  expect(wallMs).toBeLessThan(WINDOW_MS);
  expect(answers.filter((a) => a.error !== null || a.status >= 500)).toEqual([]);
  const processed = answers.filter(isProcessed);
  const limited = answers.filter((a) => a.status === 429);
  expect(processed.length + limited.length).toBe(SIGNALS);
  // A 422 is the risk gates' refusal of a recorded alert, never a malformed one.
  for (const answer of processed.filter((a) => a.status === 422)) {
    expect(errorCodeOf(answer), JSON.stringify(answer.body)).toBe('REFUSED');
  }
  for (const answer of limited) {
    expect(errorCodeOf(answer)).toBe('RATE_LIMITED');
    expect(answer.retryAfterSeconds).toBeGreaterThan(0);
    expect(answer.retryAfterSeconds).toBeLessThanOrEqual(WINDOW_MS / 1000);
  }
  for (const { strategy } of STRATEGIES) {
    expect(
      processed.filter((a) => a.signal.strategy === strategy),
      strategy,
    ).toHaveLength(LIMIT_PER_STRATEGY);
  }
  const opened = processed.filter((a) => a.status === 202);
  expect(opened.length).toBeGreaterThan(0);
  expect(opened.length).toBeLessThanOrEqual(MAX_OPEN_POSITIONS);
  await expectRecordedOnce(db.prisma, processed, limited);
  const orders = await until(
    countBrokerOrders,
    (count) => count.entries >= opened.length,
    'the opened brackets never reached the broker',
  );
  expect(orders.entries).toBe(opened.length);

  const resend = await resendAfterTheWindow(answers);
  const retriedKeys = new Set(resend.retried.map((a) => a.signal.key));
  await expectRecordedOnce(
    db.prisma,
    [...processed, ...resend.retried],
    limited.filter((a) => !retriedKeys.has(a.signal.key)),
  );
  const after = await countBrokerOrders();
  expect(after.entries).toBe(opened.length + resend.retried.filter((a) => a.status === 202).length);

  const latencies = answers.map((a) => a.ms);
  const processedLatencies = processed.map((a) => a.ms);
  return {
    sent: SIGNALS,
    inFlight: IN_FLIGHT,
    strategies: STRATEGIES.length,
    processed: processed.length,
    bracketsOpened: opened.length,
    refusedByRiskGates: processed.length - opened.length,
    refused429: limited.length,
    latencyP50Ms: Math.round(percentile(latencies, 50)),
    latencyP99Ms: Math.round(percentile(latencies, 99)),
    processedP99Ms: Math.round(percentile(processedLatencies, 99)),
    wallMs: Math.round(wallMs),
    brokerOrders: orders.all,
    resentDuplicates: resend.duplicates,
    retriedAfter429: resend.retried.length,
  };
}

/**
 * Once each strategy's window is over (as its 429s' Retry-After said): two processed keys
 * per strategy come back from the record, marked duplicate; one refused key is processed now.
 */
async function resendAfterTheWindow(answers: readonly LoadAnswer[]) {
  const limited = answers.filter((a) => a.status === 429);
  const reopensAt = Math.max(...limited.map((a) => a.at + (a.retryAfterSeconds ?? 0) * 1000));
  await sleep(reopensAt - performance.now());

  const firsts = STRATEGIES.flatMap(({ strategy }) =>
    answers.filter((a) => a.signal.strategy === strategy && isProcessed(a)).slice(0, 2),
  );
  const resent = await Promise.all(firsts.map((first) => sendSignal(engine.url, first.signal)));
  resent.forEach((again, n) => {
    const first = firsts[n]!;
    expect(again.status, first.signal.key).toBe(first.status);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
  });

  const refusedOnce = STRATEGIES.map(({ strategy }) =>
    limited.find((a) => a.signal.strategy === strategy),
  ).filter((a) => a !== undefined);
  const retried = await Promise.all(refusedOnce.map((a) => sendSignal(engine.url, a.signal)));
  for (const answer of retried) {
    expect(isProcessed(answer), JSON.stringify(answer.body)).toBe(true);
    expect(answer.body).not.toHaveProperty('duplicate');
  }
  return { duplicates: resent.length, retried };
}
