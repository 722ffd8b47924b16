import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from '@kavach/db';
import type { Db } from '@kavach/db';
import { findFreePort, startKiteSimProcess, startPostgres } from '@kavach/testkit';
import type { KiteSimProcess, PostgresServer } from '@kavach/testkit';
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
  until,
} from './support/engine-process';

/**
 * Two engine processes for one Kite account on one PostgreSQL: the first trades, the second
 * waits as a hot standby; kill -9 the first and the second takes over, reconciles, and goes on
 * protecting what the first opened — nothing sent twice.
 */
const TOKEN = 'failover-engine-token-0123456789';
const WEBHOOK = { strategy: 'failover', secret: 'failover-webhook-secret-012345' };

let pgServer: PostgresServer;
let databaseUrl: string;
let sim: KiteSimProcess;
let root: string;
let db: Db;
const engines: EngineProcess[] = [];

const OUTAGE_GRACE_SECONDS = 5;

async function startEngineProcess(name: string): Promise<EngineProcess> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const engine = spawnEngine(url, {
    DATA_DIR: join(root, name),
    DATABASE_URL: databaseUrl,
    // The one-shot migration ran in beforeAll, as docker-compose's migrate job does.
    MIGRATE_ON_START: 'false',
    ENGINE_PORT: String(port),
    ENGINE_URL: url,
    ENGINE_API_TOKEN: TOKEN,
    KITE_ROOT: sim.root,
    KITE_API_KEY: sim.apiKey,
    KITE_API_SECRET: sim.apiSecret,
    TRADING_CONFIG: join(root, 'trading.yaml'),
    TRADINGVIEW_WEBHOOK_SECRETS: `${WEBHOOK.strategy}:${WEBHOOK.secret}`,
    // The shortest outage an engine rides out: the last test waits it out.
    DB_OUTAGE_GRACE_SECONDS: String(OUTAGE_GRACE_SECONDS),
  });
  engines.push(engine);
  return engine;
}

async function health(engine: EngineProcess): Promise<{ status: string; [key: string]: unknown }> {
  const response = await fetch(`${engine.url}/healthz`);
  return (await response.json()) as { status: string };
}

/** Polls until `health.status` is one of `statuses`; fails fast if the process exits. */
async function waitForStatus(engine: EngineProcess, statuses: readonly string[], ms = 60_000) {
  const deadline = performance.now() + ms;
  for (;;) {
    if (engine.child.exitCode !== null) {
      throw new Error(`engine exited with ${engine.child.exitCode}:\n${engine.output()}`);
    }
    const seen = await health(engine).catch(() => null);
    if (seen !== null && statuses.includes(seen.status)) return seen;
    if (performance.now() > deadline) {
      throw new Error(`no ${statuses.join('/')} within ${ms} ms:\n${engine.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const api = (engine: EngineProcess, path: string) => callEngine(engine.url, TOKEN, path);

const kite = <T>(path: string): Promise<T> => readKite<T>(sim, path);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kavach-failover-'));
  await writeFile(join(root, 'trading.yaml'), TEST_TRADING_CONFIG);
  pgServer = await startPostgres();
  databaseUrl = await pgServer.createDatabase('failover');
  db = createDb({ databaseUrl, dataDir: root });
  await db.migrate();
  sim = await startKiteSimProcess({ speed: 1 });
  const state = (await sim.inspect('/state')) as { sessionDate: string };
  await sim.control('/clock', { set: `${state.sessionDate}T10:00:00+05:30` });
}, 120_000);

afterAll(async () => {
  for (const engine of engines) await endEngine(engine, 'SIGKILL');
  await db.close();
  await sim.stop();
  await pgServer.stop();
  await rm(root, { recursive: true, force: true });
});

describe('one trading engine per Kite account, a hot standby beside it', () => {
  it('takes over within a bounded time when the active engine is killed, reconciling first', async () => {
    const first = await startEngineProcess('first');
    expect(await waitForStatus(first, ['ok'])).toMatchObject({ status: 'ok' });
    const second = await startEngineProcess('second');
    await waitForStatus(second, ['standby']);
    // It answers as a standby at once; whom it waits for it learns at its first try.
    expect(
      await until(
        () => health(second),
        (seen) => seen.activeEngine !== null,
        'the standby never named the active engine',
      ),
    ).toMatchObject({
      role: 'standby',
      activeEngine: { url: first.url, epoch: 1 },
    });
    // A standby acts on nothing: it names the engine that does.
    expect(await api(second, '/status/all')).toMatchObject({
      status: 503,
      body: { error: { code: 'ENGINE_STANDBY' }, activeEngine: { url: first.url } },
    });
    expect(await (await fetch(`${second.url}/metrics`)).text()).toMatch(
      /^kavach_engine_lease_held 0$/m,
    );
    expect(await (await fetch(`${first.url}/metrics`)).text()).toMatch(
      /^kavach_engine_lease_held 1$/m,
    );

    // The first engine opens a bracket: entry filled, its stop resting at the broker.
    const alert = await buyInfyThroughWebhook(sim, first.url, WEBHOOK, 'failover-1', 5);
    expect(alert.status, await alert.text()).toBe(202);
    const protectedBook = await until(
      () => kite<SimOrder[]>('/orders'),
      (orders) => orders.some((o) => o.order_type === 'SL-M' || o.order_type === 'SL'),
      'no protective stop at the broker',
    );
    const before = protectedBook.filter((o) => o.tag !== null).map((o) => o.tag);

    // kill -9: no clean stop, no lease release; PostgreSQL frees the lock with the connection.
    const killedAt = performance.now();
    first.child.kill('SIGKILL');
    await waitForStatus(second, ['ok'], 30_000);
    const takeoverMs = Math.round(performance.now() - killedAt);
    console.log(
      `engine failover: kill -9 of the active engine → standby trading in ${takeoverMs} ms`,
    );
    expect(takeoverMs).toBeLessThan(15_000);

    const status = await api(second, '/status/all');
    expect(status.body).toMatchObject({
      trading: { state: 'ACTIVE' },
      reconciliation: { lastRun: { trigger: 'STARTUP', outcome: 'CLEAN' } },
      // The bracket the first engine opened is this engine's to protect now.
      restoredAtStart: { groups: 1, neverSent: 0 },
      lease: { epoch: 2 },
    });
    expect(JSON.stringify(status.body.brackets)).toContain('INFY');
    expect(
      await db.prisma.engineLease.findUnique({ where: { account: sim.apiKey } }),
    ).toMatchObject({ epoch: 2, url: second.url });
    const taken = await db.prisma.auditLog.findMany({
      where: { action: 'engine.lease.acquired' },
      orderBy: { id: 'asc' },
    });
    expect(taken.map((row) => (row.payload as { epoch: number }).epoch)).toEqual([1, 2]);

    // Nothing was sent twice: the broker's book holds the same tagged orders as before.
    const after = (await kite<SimOrder[]>('/orders'))
      .filter((o) => o.tag !== null)
      .map((o) => o.tag);
    expect(after.sort()).toEqual(before.sort());
    expect(new Set(after).size).toBe(after.length);

    // The killed engine comes back (its supervisor restarts it) as the standby.
    const restarted = await startEngineProcess('first-again');
    await waitForStatus(restarted, ['standby']);
    expect(
      await until(
        () => health(restarted),
        (seen) => seen.activeEngine !== null,
        'the restarted engine never named the active engine',
      ),
    ).toMatchObject({
      activeEngine: { url: second.url, epoch: 2 },
    });
  }, 180_000);

  it('stops an engine whose lease moved on while its lock connection was down, and lets the standby in', async () => {
    const [, active, standby] = engines;
    if (active === undefined || standby === undefined) throw new Error('run after the take-over');
    const exited = once(active.child, 'exit');
    // A dropped lock connection alone is ridden out (ADR 7: the holder takes its lock again);
    // here the epoch moved meanwhile, as when another engine got in, so it must fence itself.
    await db.prisma.$queryRawUnsafe(
      `WITH dropped AS (
         SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'kavach-engine-lease' AND pid IN (
            SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted))
       UPDATE engine_leases SET epoch = epoch + 1 WHERE (SELECT count(*) FROM dropped) > 0`,
    );
    const [code] = (await exited) as [number | null];
    expect(code, active.output()).toBe(75);
    expect(active.output()).toContain('engine lease lost');
    await waitForStatus(standby, ['ok'], 30_000);
    expect((await api(standby, '/status/all')).body).toMatchObject({
      lease: { epoch: 4 },
      reconciliation: { lastRun: { trigger: 'STARTUP', outcome: 'CLEAN' } },
    });
  }, 120_000);

  it('exits for its supervisor once PostgreSQL has been away longer than its grace', async () => {
    const active = engines[2];
    if (active === undefined) throw new Error('run after the second take-over');
    expect((await health(active)).status).toBe('ok');
    // Listening before the fault: the engine may be gone before pgServer.stop() returns.
    const exited = once(active.child, 'exit');
    await db.close();
    const gone = performance.now();
    await pgServer.stop();
    const [code] = (await exited) as [number | null];
    expect(code, active.output()).toBe(75);
    // Ridden out for the grace (ADR 7: stops and exits go on meanwhile), then fenced.
    expect(performance.now() - gone).toBeGreaterThan(OUTAGE_GRACE_SECONDS * 1_000 - 500);
    expect(active.output()).toMatch(/not renewed for 5000 ms/);
  }, 60_000);
});
