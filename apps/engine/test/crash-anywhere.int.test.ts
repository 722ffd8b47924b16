import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FailpointName } from '@kavach/config';
import { createDb } from '@kavach/db';
import type { Db } from '@kavach/db';
import type { KiteOrder } from '@kavach/sim';
import {
  checkReliability,
  findFreePort,
  startKiteSimProcess,
  startPostgres,
} from '@kavach/testkit';
import type { KiteSimProcess, PostgresServer } from '@kavach/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrokerBook,
  type BrokerPosition,
  type EngineBracket,
  findSentTwice,
  findStateDifferences,
  findUnprotected,
} from './support/crash-invariants';
import {
  type EngineProcess,
  TEST_TRADING_CONFIG,
  callEngine,
  endEngine,
  readKite,
  spawnEngine,
  waitUntilHealthy,
  until,
} from './support/engine-process';

/**
 * Crash anywhere: the engine kills itself (SIGKILL, through ENGINE_FAILPOINT) at each step of
 * a bracket's life, on real PostgreSQL against kite-sim, and is started again on the same
 * database. After its start-up recovery and one reconciliation: no order sent twice, no
 * position without its stop, the engine's record equal to the broker's.
 */
const TOKEN = 'crash-anywhere-engine-token-0123';
const WEBHOOK = { strategy: 'crash', secret: 'crash-anywhere-webhook-secret-01' };
/** The EOD square-off comes early, so one scenario reaches it without hours of market. */
const TRADING_CONFIG = `${TEST_TRADING_CONFIG}
eod: { noNewEntriesAfter: '10:29', squareOffAt: '10:30' }
`;

let root: string;
let pg: PostgresServer;
let sim: KiteSimProcess;
let sessionDate: string;
const engines: EngineProcess[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kavach-crash-anywhere-'));
  await writeFile(join(root, 'trading.yaml'), TRADING_CONFIG);
  [pg, sim] = await Promise.all([startPostgres(), startKiteSimProcess({ speed: 1 })]);
  ({ sessionDate } = (await sim.inspect('/state')) as { sessionDate: string });
}, 120_000);

afterAll(async () => {
  for (const engine of engines) await endEngine(engine, 'SIGKILL');
  await sim.stop();
  await pg.stop();
  await rm(root, { recursive: true, force: true });
});

interface Account {
  readonly database: string;
  readonly dataDir: string;
}

async function spawnOn(account: Account, failpoint?: FailpointName): Promise<EngineProcess> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const engine = spawnEngine(url, {
    DATA_DIR: account.dataDir,
    DATABASE_URL: account.database,
    ENGINE_PORT: String(port),
    ENGINE_URL: url,
    ENGINE_API_TOKEN: TOKEN,
    KITE_ROOT: sim.root,
    KITE_API_KEY: sim.apiKey,
    KITE_API_SECRET: sim.apiSecret,
    TRADING_CONFIG: join(root, 'trading.yaml'),
    TRADINGVIEW_WEBHOOK_SECRETS: `${WEBHOOK.strategy}:${WEBHOOK.secret}`,
    ...(failpoint === undefined ? {} : { ENGINE_FAILPOINT: failpoint }),
  });
  engines.push(engine);
  await waitUntilHealthy(engine);
  return engine;
}

const api = (engine: EngineProcess, path: string, body?: unknown) =>
  callEngine(engine.url, TOKEN, path, body);

interface Bracket {
  readonly quantity: number;
  /** Fractions of the price: the stop below it, the targets above. */
  readonly stop: number;
  readonly targets: readonly number[];
}

/**
 * A TradingView alert buying INFY at the best offer. The engine may die while answering: what
 * it did is read from the broker and the database, never from this answer.
 */
async function buyInfy(engine: EngineProcess, key: string, bracket: Bracket): Promise<void> {
  const quote = await readKite<Record<string, { depth: { sell: { price: number }[] } }>>(
    sim,
    '/quote?i=NSE:INFY',
  );
  const ask = quote['NSE:INFY']?.depth.sell[0]?.price ?? 0;
  await fetch(`${engine.url}/webhooks/tradingview/${WEBHOOK.strategy}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      secret: WEBHOOK.secret,
      idempotency_key: key,
      symbol: 'INFY',
      exchange: 'NSE',
      action: 'BUY',
      price: ask.toFixed(2),
      stop: (ask * (1 - bracket.stop)).toFixed(2),
      targets: bracket.targets.map((t) => (ask * (1 + t)).toFixed(2)),
      quantity: bracket.quantity,
    }),
  }).catch(() => null);
}

const readBook = async (): Promise<BrokerBook> => ({
  orders: await readKite<KiteOrder[]>(sim, '/orders'),
  positions: (await readKite<{ net: BrokerPosition[] }>(sim, '/portfolio/positions')).net.filter(
    (p) => p.product === 'MIS',
  ),
});

/** The stop and every target of a bracket are resting at the broker. */
async function untilProtected(engine: EngineProcess, targets: number): Promise<KiteOrder[]> {
  const book = await until(
    readBook,
    ({ orders }) =>
      orders.some((o) => o.order_type === 'SL-M' && o.status === 'TRIGGER PENDING') &&
      orders.filter((o) => o.order_type === 'LIMIT' && o.status === 'OPEN').length === targets,
    'the bracket was not protected at the broker',
    () => engine.output().slice(-3000),
  );
  return [...book.orders];
}

/** A cancel sent to the broker is never answered (and never done), as if the line hung. */
const hangNextCancel = () =>
  sim.control('/faults/http', {
    kind: 'timeout',
    ms: 60_000,
    count: 1,
    path_prefix: '/orders',
    method: 'DELETE',
  });

async function untilKilled(engine: EngineProcess, failpoint: FailpointName): Promise<void> {
  const exited = once(engine.child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => {
      reject(new Error(`failpoint ${failpoint} not reached:\n${engine.output().slice(-3000)}`));
    }, 30_000).unref(),
  );
  const [, signal] =
    engine.child.exitCode === null && engine.child.signalCode === null
      ? await Promise.race([exited, timeout])
      : [engine.child.exitCode, engine.child.signalCode];
  expect(signal, engine.output().slice(-3000)).toBe('SIGKILL');
  expect(engine.output()).toContain(`failpoint ${failpoint} hit`);
}

interface Crash {
  readonly failpoint: FailpointName;
  readonly fault: string;
  /** What the restarted engine must have done, beyond the checks every crash gets. */
  readonly expected: string;
  /** Sim time (IST) the scenario starts at. */
  readonly at: string;
  /** The engine was getting out: everything must be flat and nothing left working. */
  readonly flat: boolean;
  /** Brings the engine to its failpoint. */
  readonly drive: (engine: EngineProcess) => Promise<void>;
}

const ONE_TARGET: Bracket = { quantity: 5, stop: 0.01, targets: [0.02] };

const CRASHES: readonly Crash[] = [
  {
    failpoint: 'oco.entry.after-write-ahead',
    fault: 'kill -9 after the entry’s write-ahead row, before it is sent',
    expected: 'the entry closed as never sent, not sent again; nothing at the broker',
    at: '10:00:00',
    flat: false,
    drive: (engine) => buyInfy(engine, 'write-ahead', ONE_TARGET),
  },
  {
    failpoint: 'oco.entry.after-broker-accept',
    fault: 'kill -9 after the broker accepted the entry, before the answer is stored',
    expected: 'the entry found at the broker by its tag, not sent again; its fill protected',
    at: '10:00:00',
    flat: false,
    drive: (engine) => buyInfy(engine, 'accepted', ONE_TARGET),
  },
  {
    failpoint: 'oco.entry-fill.before-protection',
    fault: 'kill -9 after the entry fill is stored, before its stop is written or sent',
    expected: 'the stop and target decided before the crash placed, once',
    at: '10:00:00',
    flat: false,
    drive: (engine) => buyInfy(engine, 'entry-fill', ONE_TARGET),
  },
  {
    failpoint: 'oco.target-fill.before-stop-reduction',
    fault: 'kill -9 after TP1 filled half the position, before the stop’s reduction is sent',
    expected: 'the stop reduced to the half left',
    at: '10:00:00',
    flat: false,
    drive: async (engine) => {
      await buyInfy(engine, 'target-fill', { quantity: 4, stop: 0.01, targets: [0.01, 0.02] });
      const orders = await untilProtected(engine, 2);
      const targets = orders.filter((o) => o.order_type === 'LIMIT' && o.status === 'OPEN');
      const tp1 = Math.min(...targets.map((o) => o.price));
      // Past TP1, short of TP2, on Kite's 5-paise tick.
      const price = Math.round(tp1 * 1.003 * 20) / 20;
      await sim.control('/price', { instrument: 'NSE:INFY', price });
    },
  },
  {
    failpoint: 'flatten.midway',
    fault: 'kill -9 during the kill switch’s flatten: position out, target cancel unanswered',
    expected: 'the target cancelled again: flat, nothing working',
    at: '10:00:00',
    flat: true,
    drive: async (engine) => {
      await buyInfy(engine, 'flatten', ONE_TARGET);
      await untilProtected(engine, 1);
      await hangNextCancel();
      await api(engine, '/flatten', { confirm: 'FLATTEN', reason: 'crash drill' }).catch(
        () => null,
      );
    },
  },
  {
    failpoint: 'eod.midway',
    fault: 'kill -9 during the EOD square-off: position out, target cancel unanswered',
    expected: 'the target cancelled again: flat, nothing working',
    at: '10:28:00',
    flat: true,
    drive: async (engine) => {
      await buyInfy(engine, 'eod', { quantity: 5, stop: 0.03, targets: [0.03] });
      await untilProtected(engine, 1);
      await hangNextCancel();
      await sim.control('/clock', { set: `${sessionDate}T10:29:58+05:30` });
    },
  },
];

/** Everything that is wrong now, read from the broker, the database and the engine. */
async function findProblems(engine: EngineProcess, db: Db, flat: boolean) {
  const book = await readBook();
  const rows = await db.prisma.order.findMany({ where: { isExternal: false } });
  const status = await api(engine, '/status/all');
  const brackets = (status.body.brackets ?? []) as EngineBracket[];
  return {
    book,
    problems: [
      ...findSentTwice(book, rows),
      ...findUnprotected(book, flat),
      ...findStateDifferences(book, rows, brackets),
    ],
  };
}

/** One crash: the engine killed at its failpoint, started again, checked against the broker. */
async function crashAndRestart(crash: Crash) {
  await sim.control('/reset');
  await fetch(`${sim.root}/_sim/faults`, { method: 'DELETE' });
  await sim.control('/clock', { set: `${sessionDate}T${crash.at}+05:30` });
  const name = crash.failpoint.replace(/[^a-z]+/g, '_');
  const account: Account = { database: await pg.createDatabase(name), dataDir: join(root, name) };
  const first = await spawnOn(account, crash.failpoint);
  const db = createDb({ databaseUrl: account.database, dataDir: account.dataDir });
  let second: EngineProcess | null = null;
  try {
    await crash.drive(first);
    await untilKilled(first, crash.failpoint);

    const restartedAt = performance.now();
    second = await spawnOn(account);
    const engine = second;
    const { reconciliation: startup, restoredAtStart } = (await api(engine, '/status/all')).body;
    const settled = await until(
      () => findProblems(engine, db, crash.flat),
      (found) => found.problems.length === 0,
      'the restarted engine did not agree with the broker',
      () => engine.output().slice(-3000),
    );
    const run = await api(engine, '/api/reconciliation/run', { reason: 'crash check' });
    const restartToCleanMs = Math.round(performance.now() - restartedAt);
    expect(startup).toMatchObject({ lastRun: { trigger: 'STARTUP', outcome: 'CLEAN' } });
    expect(run.body).toMatchObject({
      ok: true,
      state: { reconciliation: { lastRun: { outcome: 'CLEAN', discrepancies: 0 } } },
    });
    const { resumed } = restoredAtStart as { resumed: number };
    return { restartToCleanMs, orders: settled.book.orders.length, sentAgainAtRestart: resumed };
  } finally {
    // A bracket left behind would trade on into the next scenario's account.
    await endEngine(first, 'SIGKILL');
    if (second !== null) await endEngine(second, 'SIGKILL');
    await db.close();
  }
}

describe('kill -9 anywhere in a bracket’s life', () => {
  it.each(CRASHES)(
    '$failpoint: nothing sent twice, nothing unprotected, state = broker after the restart',
    async (crash) => {
      await checkReliability(
        {
          area: 'crash',
          fault: crash.fault,
          expected: `restart + one reconciliation: ${crash.expected}; nothing sent twice, every position with its stop, engine = broker, reconciliation CLEAN`,
          source: import.meta.url,
        },
        () => crashAndRestart(crash),
      );
    },
    120_000,
  );
});
