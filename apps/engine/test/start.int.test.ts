import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, readKiteSession } from '@kavach/db';
import { checkReliability, findFreePort, startKiteSimProcess } from '@kavach/testkit';
import type { KiteSimProcess } from '@kavach/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callEngine } from './support/engine-process';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const shippedConfig = fileURLToPath(new URL('../../../config/trading.yaml', import.meta.url));

function startEngine(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: appDir,
    // Only what the engine needs: no DATABASE_URL or REDIS_URL leaks in from the runner.
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function waitForHealth(url: string, child: ChildProcess): Promise<Response> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`engine exited with ${child.exitCode}`);
    try {
      return await fetch(url);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error('engine did not answer within 60 s');
}

describe('the engine process against a kite-sim process', () => {
  let dataDir: string;
  let sim: KiteSimProcess;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kavach-engine-'));
    sim = await startKiteSimProcess({ speed: 1 });
  });
  afterAll(async () => {
    await sim.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('migrates, trades on the simulator, serves its API, and stops cleanly on SIGTERM', async () => {
    const port = await findFreePort();
    const engine = startEngine({
      DATA_DIR: dataDir,
      ENGINE_PORT: String(port),
      KITE_ROOT: sim.root,
      KITE_API_KEY: sim.apiKey,
      KITE_API_SECRET: sim.apiSecret,
      TRADING_CONFIG: shippedConfig,
    });
    try {
      const health = await waitForHealth(`http://127.0.0.1:${port}/healthz`, engine.child);
      expect(health.status, engine.output()).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok' });
      const token = (await readFile(join(dataDir, 'engine-api-token'), 'utf8')).trim();
      const unauthorised = await fetch(`http://127.0.0.1:${port}/status/all`);
      expect(unauthorised.status).toBe(401);
      const status = (await (
        await fetch(`http://127.0.0.1:${port}/status/all`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as Record<string, unknown>;
      expect(status).toMatchObject({
        trading: { state: 'ACTIVE' },
        mode: { mode: 'PAPER' },
        venue: { kind: 'SIMULATOR', session: { valid: true }, orders: 'KITE' },
        marketData: { state: 'CONNECTED' },
        reconciliation: { lastRun: { trigger: 'STARTUP', outcome: 'CLEAN' } },
      });
      expect(status.universe).toBeGreaterThan(0);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('kavach_orders_placed_total');
      // What the alert rules read: a live session, a clean start-up reconciliation, the lease.
      expect(metrics).toMatch(/^kavach_kite_session_valid 1$/m);
      expect(metrics).toMatch(/^kavach_reconciliation_clean 1$/m);
      expect(metrics).toMatch(/^kavach_reconciliation_last_run_timestamp_seconds [1-9]/m);
      expect(metrics).toMatch(/^kavach_engine_lease_held 1$/m);

      const system = await fetch(`http://127.0.0.1:${port}/system/metrics`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(await system.json()).toMatchObject({
        cpu: { cores: expect.any(Number) as number },
        memory: { rssBytes: expect.any(Number) as number },
        disk: { path: dataDir },
        eventLoopDelayMs: { p99: expect.any(Number) as number },
      });

      // The Kite session expires mid-session: entries pause, and only a new login resumes.
      const api = (path: string, body?: unknown) =>
        callEngine(`http://127.0.0.1:${port}`, token, path, body);
      await checkReliability(
        {
          area: 'broker',
          fault:
            'TokenException mid-session: kite-sim expires the session under the running engine process',
          expected:
            'trading PAUSED (SESSION_EXPIRED), brokerSession DOWN, session metric 0, resume refused (409) until a new login; login then resume ACTIVE',
          source: import.meta.url,
        },
        async () => {
          await sim.control('/session/expire', {});
          const deadline = Date.now() + 20_000;
          let paused = await api('/status/all');
          while (
            Date.now() < deadline &&
            (paused.body.trading as { state: string }).state !== 'PAUSED'
          ) {
            await new Promise((resolve) => setTimeout(resolve, 200));
            paused = await api('/status/all');
          }
          expect(paused.body, engine.output()).toMatchObject({
            trading: { state: 'PAUSED', reasons: [{ code: 'SESSION_EXPIRED' }] },
            venue: { session: { valid: false } },
            components: {
              brokerSession: { state: 'DOWN' },
              ticker: { state: expect.any(String) as unknown },
              bus: { state: 'OK' },
              database: { state: 'OK', lastSeen: expect.any(Number) as unknown },
              reconciliation: { state: 'OK', lastSeen: expect.any(Number) as unknown },
              slippage: { state: 'OK' },
              risk: { state: 'DEGRADED', detail: expect.stringContaining('PAUSED') as unknown },
            },
          });
          expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toMatch(
            /^kavach_kite_session_valid 0$/m,
          );
          expect(await api('/resume', { reason: 'try' })).toMatchObject({
            status: 409,
            body: { error: { code: 'SESSION_INVALID' } },
          });
          expect(await api('/session', { request_token: await sim.requestToken() })).toMatchObject({
            status: 200,
            body: { state: { session: { valid: true } } },
          });
          expect(await api('/resume', { reason: 'new login' })).toMatchObject({
            status: 200,
            body: { state: { trading: { state: 'ACTIVE' } } },
          });
        },
      );
    } finally {
      engine.child.kill('SIGTERM');
    }
    const [code] = (await once(engine.child, 'exit')) as [number | null];
    expect(code, engine.output()).toBe(0);

    const db = createDb({ dataDir });
    try {
      const actions = await db.prisma.auditLog.findMany({
        where: { entity: 'engine' },
        orderBy: { at: 'asc' },
        select: { action: true },
      });
      expect(actions.map((a) => a.action)).toEqual(['engine.started', 'engine.stopped']);
      expect(await db.prisma.riskEvent.count({ where: { kind: 'SESSION_EXPIRED' } })).toBe(1);
      const logins = await db.prisma.auditLog.findMany({ where: { action: 'api.session' } });
      expect(logins.map((l) => l.payload)).toEqual([
        { request: { request_token: '[secret]' }, result: 'OK' },
      ]);
      // The login's session is kept for the next engine, sealed under the data key.
      const stored = await db.prisma.kiteSession.findUniqueOrThrow({
        where: { account: sim.apiKey },
      });
      expect(stored.accessToken).toMatch(/^v1\./);
      const key = (await readFile(join(dataDir, 'data-encryption-key'), 'utf8')).trim();
      const opened = await readKiteSession(db.prisma, sim.apiKey, key, new Date(0));
      const profile = await fetch(`${sim.root}/user/profile`, {
        headers: {
          authorization: `token ${sim.apiKey}:${opened?.accessToken ?? ''}`,
          'x-kite-version': '3',
        },
      });
      expect(profile.status).toBe(200);
      expect(await db.prisma.instrument.count()).toBeGreaterThan(100);
      expect(await db.prisma.configVersion.count()).toBe(1);
    } finally {
      await db.close();
    }
  }, 120_000);

  it('stays PAUSED, saying why, when the start-up reconciliation fails; a later run clears it', async () => {
    const faultDir = await mkdtemp(join(tmpdir(), 'kavach-engine-'));
    const port = await findFreePort();
    // Whatever the first engine traded is not this engine's: start from an empty book.
    await sim.control('/reset', {});
    await checkReliability(
      {
        area: 'broker',
        fault: 'a lasting 503 on GET /portfolio/positions (kite-sim) while the engine starts',
        expected:
          'start-up reconciliation FAILED, trading PAUSED (RECONCILIATION), manual run refused (409) while it lasts; once it ends a run is CLEAN and resume works',
        source: import.meta.url,
      },
      async () => {
        await sim.control('/faults/http', {
          kind: 'status',
          status: 503,
          count: 1_000,
          path_prefix: '/portfolio/positions',
        });
        const engine = startEngine({
          DATA_DIR: faultDir,
          ENGINE_PORT: String(port),
          KITE_ROOT: sim.root,
          KITE_API_KEY: sim.apiKey,
          KITE_API_SECRET: sim.apiSecret,
          TRADING_CONFIG: shippedConfig,
        });
        try {
          await waitForHealth(`http://127.0.0.1:${port}/healthz`, engine.child);
          const token = (await readFile(join(faultDir, 'engine-api-token'), 'utf8')).trim();
          const call = (path: string, body?: unknown) =>
            callEngine(`http://127.0.0.1:${port}`, token, path, body);
          expect((await call('/status/all')).body).toMatchObject({
            trading: { state: 'PAUSED', reasons: [{ code: 'RECONCILIATION' }] },
            reconciliation: { lastRun: { trigger: 'STARTUP', outcome: 'FAILED' } },
            components: {
              reconciliation: {
                state: 'DOWN',
                detail: expect.stringMatching(/^failed: /) as unknown,
              },
            },
          });
          expect(await call('/api/reconciliation/run', {})).toMatchObject({
            status: 409,
            body: { error: { code: 'RECONCILIATION_FAILED' } },
          });
          await fetch(`${sim.root}/_sim/faults`, { method: 'DELETE' });
          expect(await call('/api/reconciliation/run', { reason: 'broker back' })).toMatchObject({
            status: 200,
            body: {
              state: { reconciliation: { lastRun: { trigger: 'MANUAL', outcome: 'CLEAN' } } },
            },
          });
          expect(await call('/resume', { reason: 'reconciled' })).toMatchObject({ status: 200 });
          const listed = await call('/api/reconciliation/discrepancies?unresolved=true');
          expect(listed).toMatchObject({ status: 200, body: { discrepancies: [] } });
        } finally {
          engine.child.kill('SIGTERM');
          await once(engine.child, 'exit');
          await fetch(`${sim.root}/_sim/faults`, { method: 'DELETE' });
          await rm(faultDir, { recursive: true, force: true });
        }
      },
    );
  });

  it('refuses to start with a bad environment and names the variable', async () => {
    const engine = startEngine({ DATA_DIR: dataDir, TRADING_MODE: 'LIVE' });
    const [code] = (await once(engine.child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(engine.output()).toContain('TRADING_MODE: LIVE requires ALLOW_LIVE=true');
  });

  it('refuses to start with a bad trading config and names the field', async () => {
    const bad = join(dataDir, 'bad.yaml');
    await writeFile(bad, 'risk:\n  portfolioHeatPct: 400\n');
    const engine = startEngine({ DATA_DIR: dataDir, KITE_ROOT: sim.root, TRADING_CONFIG: bad });
    const [code] = (await once(engine.child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(engine.output()).toContain('risk.portfolioHeatPct');
  });
});
