import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkReliability,
  findFreePort,
  startKiteSimProcess,
  startPostgres,
} from '@kavach/testkit';
import type { KiteSimProcess, PostgresServer } from '@kavach/testkit';
import { createDb } from '@kavach/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EngineProcess,
  type SimOrder,
  TEST_TRADING_CONFIG,
  callEngine,
  endEngine,
  readKite,
  spawnEngine,
  waitUntilHealthy,
  until as untilHolds,
} from './support/engine-process';

/**
 * PostgreSQL stopped mid-session under the engine (ADR 7): no new entry goes out (no record,
 * no entry), but a fill still gets its stop and the kill switch still flattens; the records of
 * both are kept in memory and written once PostgreSQL is back, and the engine keeps its lease.
 */
const TOKEN = 'postgres-down-engine-token-0123456789';
const WEBHOOK = { strategy: 'pgdown', secret: 'postgres-down-webhook-secret-01' };

interface StatusAll {
  readonly components: Record<string, { state: string; detail: string }>;
}
interface BrokerOrder extends SimOrder {
  readonly order_id: string;
  readonly quantity: number;
  readonly filled_quantity: number;
  readonly price: number;
}

let root: string;
let sim: KiteSimProcess;
let postgres: PostgresServer;
let databaseUrl: string;
let engine: EngineProcess;

const kite = <T>(path: string): Promise<T> => readKite<T>(sim, path);
const api = (path: string, body?: unknown) => callEngine(engine.url, TOKEN, path, body);
const until = <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string) =>
  untilHolds(read, done, what, () => engine.output().slice(-3000));
const databaseState = async () => {
  const database = ((await api('/status/all')).body as unknown as StatusAll).components.database;
  if (database === undefined) throw new Error('/status/all has no database component');
  return database;
};

/** A TradingView alert to BUY 5 INFY with a limit `belowAskPct` under the best offer. */
async function alertBuyInfy(key: string, belowAskPct: number): Promise<Response> {
  // The engine shares the account's quote rate limit (1/s): a 429 is asked again.
  const quote = await until(
    () =>
      kite<Record<string, { depth: { sell: { price: number }[] } }>>('/quote?i=NSE:INFY').catch(
        () => null,
      ),
    (answer) => answer !== null,
    'no quote for INFY',
  );
  const ask = quote?.['NSE:INFY']?.depth.sell[0]?.price ?? 0;
  const limit = Math.floor(ask * (1 - belowAskPct / 100) * 20) / 20;
  return fetch(`${engine.url}/webhooks/tradingview/${WEBHOOK.strategy}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      secret: WEBHOOK.secret,
      idempotency_key: key,
      symbol: 'INFY',
      exchange: 'NSE',
      action: 'BUY',
      price: limit.toFixed(2),
      stop: (limit * 0.99).toFixed(2),
      targets: [(limit * 1.02).toFixed(2)],
      quantity: 5,
    }),
  });
}

/** Reads rows straight from PostgreSQL, as an operator would after the outage. */
async function query<T>(sql: string): Promise<T[]> {
  const db = createDb({ databaseUrl, dataDir: root });
  try {
    return await db.prisma.$queryRawUnsafe<T[]>(sql);
  } finally {
    await db.close();
  }
}

/** The engine process on this test's PostgreSQL and kite-sim, once it answers healthy. */
async function startEngine(): Promise<EngineProcess> {
  const port = await findFreePort();
  const started = spawnEngine(`http://127.0.0.1:${port}`, {
    DATA_DIR: join(root, 'data'),
    DATABASE_URL: databaseUrl,
    ENGINE_PORT: String(port),
    ENGINE_API_TOKEN: TOKEN,
    KITE_ROOT: sim.root,
    KITE_API_KEY: sim.apiKey,
    KITE_API_SECRET: sim.apiSecret,
    TRADING_CONFIG: join(root, 'trading.yaml'),
    TRADINGVIEW_WEBHOOK_SECRETS: `${WEBHOOK.strategy}:${WEBHOOK.secret}`,
    // Short, so a restart after an outage that also killed the engine waits little (ADR 7).
    DB_OUTAGE_GRACE_SECONDS: '10',
  });
  await waitUntilHealthy(started);
  return started;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kavach-postgres-down-'));
  await writeFile(join(root, 'trading.yaml'), TEST_TRADING_CONFIG);
  postgres = await startPostgres();
  databaseUrl = await postgres.createDatabase('kavach_pg_down');
  sim = await startKiteSimProcess({ speed: 1 });
  const state = (await sim.inspect('/state')) as { sessionDate: string };
  await sim.control('/clock', { set: `${state.sessionDate}T10:00:00+05:30` });
  engine = await startEngine();
}, 120_000);

afterAll(async () => {
  await endEngine(engine, 'SIGTERM');
  await sim.stop();
  await postgres.stop();
  await rm(root, { recursive: true, force: true });
});

describe('PostgreSQL down in the middle of a session', () => {
  it('refuses entries, still protects and flattens, and writes every record once it is back', async () => {
    await checkReliability(
      {
        area: 'infrastructure',
        fault: 'PostgreSQL stopped mid-session with an entry working, then started again',
        expected:
          'new entry refused (503, nothing sent); the entry’s fill gets its stop; the kill switch flattens; once back every record (orders, kill switch audit, HALTED) is written, same lease epoch, reconciliation CLEAN',
        source: import.meta.url,
      },
      async () => {
        const working = await alertBuyInfy('pg-down-entry', 0.25);
        expect(working.status, await working.text()).toBe(202);
        const entry = await until(
          () => kite<BrokerOrder[]>('/orders'),
          (orders) => orders.some((o) => o.transaction_type === 'BUY' && o.status === 'OPEN'),
          'the entry is not resting at the broker',
        );
        const lease = await query<{ holder: string; epoch: number }>(
          'SELECT holder, epoch FROM engine_leases',
        );

        const down = performance.now();
        await postgres.takeDown();
        await until(databaseState, (db) => db.state === 'DOWN', 'the engine did not see it');

        const refused = await alertBuyInfy('pg-down-refused', 0.25);
        expect(refused.status).toBe(503);
        expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
          'DATABASE_UNAVAILABLE',
        );

        const filling = performance.now();
        const limit = entry.find((o) => o.transaction_type === 'BUY')?.price ?? 0;
        // Just through the limit, well above the stop 1 % under it.
        await sim.control('/price', { instrument: 'NSE:INFY', price: limit - 0.5 });
        await until(
          () => kite<BrokerOrder[]>('/orders'),
          (orders) =>
            orders.some((o) => o.order_type.startsWith('SL') && o.status === 'TRIGGER PENDING'),
          'no stop at the broker after the fill while PostgreSQL was down',
        );
        const fillToStopMs = Math.round(performance.now() - filling);

        const flattening = performance.now();
        const flatten = await api('/flatten', { confirm: 'FLATTEN', reason: 'postgres drill' });
        expect(flatten.status, JSON.stringify(flatten.body)).toBe(200);
        const flat = await until(
          () =>
            Promise.all([
              kite<{ net: { quantity: number }[] }>('/portfolio/positions'),
              kite<BrokerOrder[]>('/orders'),
            ]),
          ([positions, orders]) =>
            positions.net.every((p) => p.quantity === 0) &&
            orders.every((o) => !['OPEN', 'TRIGGER PENDING'].includes(o.status)),
          'not flat while PostgreSQL was down',
        );
        const flattenMs = Math.round(performance.now() - flattening);
        const kept = await databaseState();
        expect(kept.detail).toMatch(/records kept/);
        // Longer than the lease's 3 s TTL: the engine rides it out on its grace, not its luck.
        await new Promise((resolve) =>
          setTimeout(resolve, Math.max(0, 6_000 - (performance.now() - down))),
        );
        expect(engine.child.exitCode).toBeNull();

        await postgres.bringUp();
        const back = performance.now();
        await until(databaseState, (db) => db.state === 'OK', 'the kept records were not written');
        const catchUpMs = Math.round(performance.now() - back);
        const outageMs = Math.round(back - down);

        const brokerOrders = flat[1];
        const stored = await query<{ client_order_id: string; role: string; status: string }>(
          'SELECT client_order_id, role, status FROM orders ORDER BY created_at',
        );
        // Every order at the broker has its row, in the broker's state; none sent twice.
        expect(stored.map((o) => o.client_order_id).sort()).toEqual(
          brokerOrders.map((o) => o.tag).sort(),
        );
        const asStored: Record<string, string> = { COMPLETE: 'FILLED', CANCELLED: 'CANCELLED' };
        for (const order of brokerOrders) {
          const row = stored.find((o) => o.client_order_id === order.tag);
          expect(row?.status, `${order.tag} ${order.status}`).toBe(asStored[order.status]);
        }
        expect(stored.map((o) => `${o.role} ${o.status}`)).toEqual(
          expect.arrayContaining(['ENTRY FILLED', 'STOP FILLED']),
        );
        const audit = await query<{ action: string }>(
          `SELECT action FROM audit_log WHERE action LIKE 'kill_switch.%'`,
        );
        expect(audit.map((a) => a.action)).toContain('kill_switch.engaged');
        const halted = await query<{ state: string; reason: string }>(
          `SELECT state, reason FROM trading_state_changes WHERE state = 'HALTED'`,
        );
        expect(halted.map((h) => h.reason).join()).toMatch(/postgres drill/);
        expect(await query('SELECT holder, epoch FROM engine_leases')).toEqual(lease);

        const reconciled = await api('/api/reconciliation/run', { reason: 'after the outage' });
        expect(reconciled.status, JSON.stringify(reconciled.body)).toBe(200);
        expect(JSON.stringify(reconciled.body)).toMatch(/CLEAN/);
        return {
          outageMs,
          fillToStopMs,
          flattenMs,
          catchUpMs,
          brokerOrders: brokerOrders.length,
        };
      },
    );
  }, 180_000);

  it('never doubles a stop whose record died with the engine during the outage', async () => {
    await checkReliability(
      {
        area: 'infrastructure',
        fault:
          'PostgreSQL stopped; the entry fills and its stop goes out with its record only in memory; kill -9; PostgreSQL back; engine restarted',
        expected:
          'the unrecorded stop is cancelled at restart (CRITICAL risk event) and the bracket places its own: one stop for the position, never two',
        source: import.meta.url,
      },
      async () => {
        expect((await api('/reset', { confirmation: 'RESET' })).status).toBe(200);
        expect((await api('/resume', { reason: 'drill 2' })).status).toBe(200);
        const working = await alertBuyInfy('pg-down-crash', 0.25);
        expect(working.status, await working.text()).toBe(202);
        const entry = await until(
          () => kite<BrokerOrder[]>('/orders'),
          (orders) => orders.some((o) => o.transaction_type === 'BUY' && o.status === 'OPEN'),
          'the entry is not resting at the broker',
        );
        await postgres.takeDown();
        await until(databaseState, (db) => db.state === 'DOWN', 'the engine did not see it');
        const limit = entry.find((o) => o.status === 'OPEN')?.price ?? 0;
        await sim.control('/price', { instrument: 'NSE:INFY', price: limit - 0.5 });
        const protectedBook = await until(
          () => kite<BrokerOrder[]>('/orders'),
          (orders) =>
            orders.some((o) => o.order_type.startsWith('SL') && o.status === 'TRIGGER PENDING'),
          'no stop at the broker after the fill while PostgreSQL was down',
        );
        const unrecorded = protectedBook.find(
          (o) => o.order_type.startsWith('SL') && o.status === 'TRIGGER PENDING',
        );
        await endEngine(engine, 'SIGKILL');
        await postgres.bringUp();
        const restarting = performance.now();
        engine = await startEngine();
        const restartMs = Math.round(performance.now() - restarting);
        // PostgreSQL restarted after the dead engine's last renewal: the new one waited out
        // the grace in case that engine was alive and reconnecting.
        expect(restartMs).toBeGreaterThan(5_000);

        const book = await until(
          () => kite<BrokerOrder[]>('/orders'),
          (orders) => orders.some((o) => o.tag === unrecorded?.tag && o.status === 'CANCELLED'),
          'the unrecorded stop was not cancelled',
        );
        const stops = book.filter(
          (o) => o.order_type.startsWith('SL') && o.status === 'TRIGGER PENDING',
        );
        const positions = await kite<{ net: { tradingsymbol: string; quantity: number }[] }>(
          '/portfolio/positions',
        );
        const held = positions.net.find((p) => p.tradingsymbol === 'INFY')?.quantity ?? 0;
        expect(held).toBe(5);
        expect(stops.map((o) => o.quantity)).toEqual([5]);
        expect(stops[0]?.tag).not.toBe(unrecorded?.tag);
        const risks = await query<{ kind: string }>(
          `SELECT kind FROM risk_events WHERE kind = 'UNRECORDED_ORDER'`,
        );
        // The stop and the target both went out with their records only in memory.
        const keptOnly = protectedBook.filter(
          (o) => o.transaction_type === 'SELL' && ['OPEN', 'TRIGGER PENDING'].includes(o.status),
        );
        expect(risks).toHaveLength(keptOnly.length);
        const targets = book.filter((o) => o.order_type === 'LIMIT' && o.status === 'OPEN');
        expect(targets.map((o) => o.quantity)).toEqual([5]);
        expect(keptOnly.map((o) => o.tag)).not.toContain(targets[0]?.tag);
        return { restartMs, unrecordedCancelled: risks.length, stopsWorking: stops.length, held };
      },
    );
  }, 180_000);
});
