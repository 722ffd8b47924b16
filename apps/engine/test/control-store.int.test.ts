import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@kavach/config';
import { type Db, createDb } from '@kavach/db';
import { VirtualClock } from '@kavach/domain';
import { type PostgresServer, startPostgres } from '@kavach/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbControlStore } from '../src/control/db-control-store';
import { createKillSwitch } from '../src/control/kill-switch';
import type { Actor, FlattenReport } from '../src/control/ports';
import { createRecordingEventSink } from '../src/control/recording-event-sink';
import { LIVE_CONFIRMATION_PHRASE, createTradingModeService } from '../src/control/trading-mode';
import { createTradingStateService } from '../src/control/trading-state';

const trader: Actor = { type: 'USER', name: 'trader@example.com' };
const logger = createLogger('test', 'silent');
const report: FlattenReport = {
  startedAt: 1,
  flatAt: 1,
  finishedAt: 2,
  orders: [],
  flat: true,
  remainingPositions: 0,
};

const backends = ['pglite', 'pg'] as const;

describe.each(backends)('control history on %s', (kind) => {
  let root: string;
  let server: PostgresServer | undefined;
  let target: { databaseUrl?: string; dataDir: string };
  const opened: Db[] = [];

  const open = () => {
    const db = createDb(target);
    opened.push(db);
    return db;
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), `kavach-control-${kind}-`));
    server = kind === 'pg' ? await startPostgres() : undefined;
    target =
      server === undefined
        ? { dataDir: root }
        : { databaseUrl: await server.createDatabase('control'), dataDir: root };
    await open().migrate();
  });

  afterAll(async () => {
    for (const db of opened) await db.close();
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  });

  function services(db: Db, clock: VirtualClock) {
    const store = createDbControlStore(db);
    const events = createRecordingEventSink();
    const tradingState = createTradingStateService({ db, clock, events, logger });
    const killSwitch = createKillSwitch({
      tradingState,
      flatten: { flattenAll: () => Promise.resolve(report) },
      store,
      events,
      clock,
      logger,
    });
    return { store, tradingState, killSwitch };
  }

  it('stores every change, and a restarted engine comes back HALTED with its reasons', async () => {
    const db = opened[0] ?? open();
    // A simulator's virtual clock may run behind the wall clock: order must not depend on it.
    const clock = new VirtualClock(Date.UTC(2026, 10, 23, 4, 0));
    const first = services(db, clock);
    await first.tradingState.load();
    await first.tradingState.pause(trader, 'lunch');
    await first.tradingState.resume(trader, 'back');
    await first.tradingState.pause({ type: 'SYSTEM', name: 'auto-pause' }, 'heat', 'HEAT_LIMIT');
    await first.killSwitch.engage(trader, 'market gone wild');

    const rows = await db.prisma.tradingStateChange.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.previousState, r.state, r.actorType, r.actor])).toEqual([
      ['ACTIVE', 'PAUSED', 'USER', trader.name],
      ['PAUSED', 'ACTIVE', 'USER', trader.name],
      ['ACTIVE', 'PAUSED', 'SYSTEM', 'auto-pause'],
      ['PAUSED', 'HALTED', 'USER', trader.name],
    ]);
    expect(rows.every((r) => r.at.getTime() === clock.now())).toBe(true);

    const audit = await db.prisma.auditLog.findMany({
      where: { entity: { in: ['trading_state', 'kill_switch'] } },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['trading_state.paused', trader.name],
      ['trading_state.resumed', trader.name],
      ['trading_state.paused', 'auto-pause'],
      ['trading_state.halted', trader.name],
      ['kill_switch.engaged', trader.name],
    ]);
    expect(audit.at(-1)?.payload).toMatchObject({ report: { flat: true } });

    const restarted = services(open(), new VirtualClock(Date.UTC(2026, 10, 23, 3, 0)));
    const snapshot = await restarted.tradingState.load();
    expect(snapshot).toMatchObject({
      state: 'HALTED',
      halt: { message: 'market gone wild', actor: trader },
      reasons: [{ code: 'HEAT_LIMIT', actor: { type: 'SYSTEM', name: 'auto-pause' } }],
    });
    expect(restarted.tradingState.canEnter()).toBe(false);

    await restarted.killSwitch.reset(trader);
    await restarted.tradingState.resume(trader, 'reviewed');
    const again = services(open(), new VirtualClock(0));
    expect((await again.tradingState.load()).state).toBe('ACTIVE');
  });

  it('keeps a switch to PAPER across a restart, and reads the last one', async () => {
    const db = open();
    const options = {
      store: createDbControlStore(db),
      clock: new VirtualClock(Date.UTC(2026, 10, 23, 4, 0)),
      events: createRecordingEventSink(),
      logger,
      configured: 'LIVE' as const,
      allowLive: true,
      session: {
        kiteSession: () => ({ valid: true, userId: 'AB1234', expiresAt: null, message: null }),
      },
      reconciliation: { lastStatus: () => ({ clean: true, at: 1, message: null }) },
      risk: {
        snapshot: () => ({
          capital: 1,
          realisedPnlToday: 0,
          unrealisedPnlToday: 0,
          openRisk: 0,
          heatLimit: 1,
          dailyLossLimit: 1,
          openPositions: 0,
          maxOpenPositions: 1,
          workingOrders: 0,
        }),
      },
    };
    const mode = createTradingModeService(options);
    expect((await mode.load()).mode).toBe('LIVE');
    await mode.setMode({ mode: 'PAPER', confirmation: null, actor: trader });
    await mode.setMode({ mode: 'LIVE', confirmation: LIVE_CONFIRMATION_PHRASE, actor: trader });
    await mode.setMode({ mode: 'PAPER', confirmation: null, actor: trader });

    const restarted = createTradingModeService({ ...options, store: createDbControlStore(open()) });
    expect(await restarted.load()).toMatchObject({ mode: 'PAPER', changedBy: trader });
  });
});
