import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@kavach/config';
import { type Db, createDb, recordRiskEvent } from '@kavach/db';
import { VirtualClock, nseCalendar2026 } from '@kavach/domain';
import { findFreePort } from '@kavach/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlApi } from '../src/control/control-api';
import { createDbControlStore } from '../src/control/db-control-store';
import { createKillSwitch } from '../src/control/kill-switch';
import type { Actor, FlattenReport } from '../src/control/ports';
import { createRecordingEventSink } from '../src/control/recording-event-sink';
import { createTradingModeService } from '../src/control/trading-mode';
import { createTradingStateService } from '../src/control/trading-state';
import { type EngineServer, buildEngineServer } from '../src/http/engine-server';
import { resolveEngineToken } from '../src/http/engine-token';
import { createDatabaseCheck, createHealthCheck } from '../src/http/health-check';
import { createRiskEventReader, createRiskView } from '../src/http/risk-view';
import { createEngineMetrics } from '../src/metrics/engine-metrics';

const logger = createLogger('test', 'silent');
const report: FlattenReport = {
  startedAt: 1,
  flatAt: 1,
  finishedAt: 2,
  orders: [
    {
      clientOrderId: 'KV1',
      brokerOrderId: '2501',
      role: 'EXIT',
      tradingSymbol: 'INFY',
      action: 'EXIT',
      quantity: 10,
      outcome: 'DONE',
      message: null,
    },
  ],
  flat: true,
  remainingPositions: 0,
};

describe('engine HTTP API over real control services on PGlite', () => {
  let dataDir: string;
  let db: Db;
  let server: EngineServer;
  let base: string;
  let token: string;
  const flattened: { reason: string; actor: Actor; state: string }[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kavach-http-'));
    db = createDb({ dataDir });
    await db.migrate();
    token = (await resolveEngineToken({ envToken: undefined, dataDir })).token;

    const clock = new VirtualClock(Date.UTC(2026, 10, 23, 5, 0));
    const sessionPort = {
      kiteSession: () => ({ valid: false, userId: null, expiresAt: null, message: null }),
    };
    const riskPort = {
      snapshot: () => ({
        capital: 10_00_000_00,
        realisedPnlToday: -10_000_00,
        unrealisedPnlToday: 0,
        openRisk: 0,
        heatLimit: 60_000_00,
        dailyLossLimit: 30_000_00,
        openPositions: 0,
        maxOpenPositions: 5,
        workingOrders: 0,
      }),
    };
    const events = createRecordingEventSink();
    const store = createDbControlStore(db);
    const tradingState = createTradingStateService({ db, clock, events, logger });
    await tradingState.load();
    const killSwitch = createKillSwitch({
      tradingState,
      flatten: {
        flattenAll: (reason, actor) => {
          flattened.push({ reason, actor, state: tradingState.current().state });
          return Promise.resolve(report);
        },
      },
      store,
      events,
      clock,
      logger,
    });
    const tradingMode = createTradingModeService({
      store,
      clock,
      events,
      logger,
      configured: 'PAPER',
      allowLive: false,
      session: sessionPort,
      reconciliation: { lastStatus: () => ({ clean: true, at: null, message: null }) },
      risk: riskPort,
    });
    await tradingMode.load();
    const control = createControlApi({
      tradingState,
      killSwitch,
      tradingMode,
      // Resuming needs a live session; the LIVE gate below is refused for its own reasons.
      session: {
        current: () => ({ valid: true, userId: 'AB1234', expiresAt: null, message: null }),
        renew: () => Promise.resolve({ ok: false, code: 'SESSION_REFUSED', message: 'test' }),
      },
    });

    server = buildEngineServer({
      api: {
        ...control,
        status: () => Promise.resolve({ trading: tradingState.current() }),
        risk: createRiskView({
          risk: riskPort,
          tradingState,
          recentRiskEvents: createRiskEventReader(db),
        }),
        receivePostback: () => ({ ok: true }),
        reconciliationStatus: () => Promise.resolve({ lastRun: null }),
        systemMetrics: () => Promise.resolve({}),
        runReconciliation: () => Promise.resolve({ ok: true, state: {} }),
        discrepancies: () => Promise.resolve({ discrepancies: [] }),
        slippageStats: () => Promise.resolve({}),
        slippageHistory: () => Promise.resolve({ status: 200, body: { items: [] } }),
        slippageConfig: () => Promise.resolve({}),
        setSlippageConfig: () => Promise.resolve({ ok: true, state: {} }),
        tradingConfig: () => Promise.resolve({}),
        setTradingConfig: () => Promise.resolve({ status: 200, body: {} }),
        executeSignal: () => Promise.resolve({ status: 200, body: {} }),
        exitPosition: () =>
          Promise.resolve({ ok: false, code: 'GROUP_NOT_FOUND', message: 'no brackets here' }),
        tradingViewWebhook: () => Promise.resolve({ status: 202, body: {} }),
        health: createHealthCheck({
          checkDatabase: createDatabaseCheck(db),
          tradingState,
          session: sessionPort,
          marketData: () => ({ state: 'CLOSED', reason: null }),
          clock,
          startedAt: clock.now(),
        }),
      },
      token,
      metrics: createEngineMetrics(),
      audit: store,
      clock,
      calendar: nseCalendar2026,
      logger,
    });
    const port = await findFreePort();
    await server.listen({ host: '127.0.0.1', port });
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await server.close();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const send = (path: string, body?: unknown, auth = true) =>
    fetch(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        ...(auth ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        'x-kavach-actor': 'asha@example.com',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  const stateRows = () =>
    db.prisma.tradingStateChange.findMany({ orderBy: { id: 'asc' }, select: { state: true } });

  it('keeps every control action behind the token, and the probes open', async () => {
    expect((await send('/pause', { reason: 'x' }, false)).status).toBe(401);
    expect((await send('/status/all', undefined, false)).status).toBe(401);
    expect((await send('/healthz', undefined, false)).status).toBe(200);
    const metrics = await send('/metrics', undefined, false);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('kavach_api_requests_total');
    expect(await stateRows()).toEqual([]);
  });

  it('changes nothing on a bad body', async () => {
    const response = await send('/flatten', { reason: 'panic', confirm: 'yes' });
    expect(response.status).toBe(400);
    expect(flattened).toEqual([]);
    expect(await stateRows()).toEqual([]);
  });

  it('runs pause → flatten → refused resume → reset → resume, each stored and audited', async () => {
    expect((await send('/pause', { reason: 'lunch' })).status).toBe(200);

    const flatten = await send('/flatten', { reason: 'panic', confirm: 'FLATTEN' });
    expect(flatten.status).toBe(200);
    expect(await flatten.json()).toMatchObject({ flat: true, orders: [{ clientOrderId: 'KV1' }] });
    expect(flattened).toEqual([
      { reason: 'panic', actor: { type: 'USER', name: 'asha@example.com' }, state: 'HALTED' },
    ]);

    const refused = await send('/resume', { reason: 'go' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'HALTED' } });

    expect((await send('/reset', { confirmation: 'RESET' })).status).toBe(200);
    const resumed = await send('/resume', {});
    expect(await resumed.json()).toMatchObject({
      ok: true,
      state: { trading: { state: 'ACTIVE' } },
    });

    expect((await stateRows()).map((r) => r.state)).toEqual([
      'PAUSED',
      'HALTED',
      'PAUSED',
      'ACTIVE',
    ]);
    const apiAudit = await db.prisma.auditLog.findMany({
      where: { entity: 'engine_api' },
      orderBy: { id: 'asc' },
      select: { action: true, actor: true, actorType: true, payload: true },
    });
    expect(apiAudit.map((a) => [a.action, (a.payload as { result: unknown }).result])).toEqual([
      ['api.flatten', 'BAD_REQUEST'],
      ['api.pause', 'OK'],
      ['api.flatten', { flat: true, report }],
      ['api.resume', 'HALTED'],
      ['api.reset', 'OK'],
      ['api.resume', 'OK'],
    ]);
    expect(new Set(apiAudit.map((a) => `${a.actorType}:${a.actor}`))).toEqual(
      new Set(['USER:asha@example.com']),
    );
  });

  it('reports health from the database and risk with its stored events', async () => {
    const health = await send('/healthz', undefined, false);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      details: { database: { ok: true, kind: 'pglite' }, session: { valid: false } },
    });
    await recordRiskEvent(db.prisma, {
      kind: 'HEAT_LIMIT',
      severity: 'CRITICAL',
      message: 'heat reached',
      payload: {},
      at: new Date(Date.UTC(2026, 10, 23, 5, 0)),
    });
    const risk = await send('/risk');
    expect(await risk.json()).toMatchObject({
      usage: { pnlTodayPaise: -10_000_00 },
      recentRiskEvents: [{ kind: 'HEAT_LIMIT', severity: 'CRITICAL', resolved: false }],
    });
  });

  it('refuses LIVE with every reason it can name', async () => {
    const response = await send('/mode', { mode: 'LIVE', confirmation: 'yes' });
    expect(response.status).toBe(409);
    const body = (await response.json()) as { error: { unmet: { code: string }[] } };
    expect(body.error.unmet.map((u) => u.code)).toEqual([
      'LIVE_NOT_ALLOWED',
      'SESSION_INVALID',
      'RECONCILIATION_NOT_CLEAN',
      'CONFIRMATION_MISMATCH',
    ]);
  });
});
