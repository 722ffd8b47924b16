import type { BrokerOrderReport } from '@kavach/broker';
import { createLocalBus } from '@kavach/bus';
import type { Bus } from '@kavach/bus';
import { buildTradingConfig, createLogger } from '@kavach/config';
import { saveConfigVersion, upsertInstrument } from '@kavach/db';
import type { LegRole, Paise } from '@kavach/domain';
import { atIst, canEnter, istMinutesOfDay, paise, VirtualClock } from '@kavach/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTradingEngine } from '../src/engine/create-trading-engine';
import type { TradingEngine } from '../src/engine/create-trading-engine';
import { createEngineMetrics } from '../src/metrics/engine-metrics';
import { restoreOpenGroups } from '../src/oco/restore-groups';
import type { RankedOpportunity } from '../src/orchestrator/entry-pipeline';
import { createScriptedBroker } from './support/scripted-broker';
import type { ScriptedBroker } from './support/scripted-broker';
import { NIFTY_FUT } from '@kavach/testkit';
import { INFY, openTestDb } from './support/test-db';
import type { TestDb } from './support/test-db';

/**
 * An engine restarted in the middle of a trading day takes up the day so far: the open
 * brackets and the trades closed earlier today are in its risk book (open positions, heat,
 * realised P&L, so the daily-loss stop still holds), its open positions go on from their rows,
 * and the fills it missed while down arrive on top of them.
 */
const logger = createLogger('test', 'silent');
const built = (() => {
  const result = buildTradingConfig({ capitalRupees: 10_00_000, universe: ['NSE:INFY'] });
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result;
})();
const DAY = '2026-11-23';

let testDb: TestDb;
let bus: Bus;
/** The broker's day book: the latest report of every order placed. */
let book: Map<string, BrokerOrderReport>;

beforeAll(async () => {
  testDb = await openTestDb();
  bus = createLocalBus();
  await saveConfigVersion(testDb.db.prisma, {
    sha: built.sha,
    kind: 'trading',
    canonicalJson: built.canonicalJson,
    createdBy: 'test',
  });
});

beforeEach(async () => {
  await testDb.db.prisma.$executeRawUnsafe(
    'TRUNCATE fills, order_status_history, risk_events, trades, positions, orders, oco_groups, decisions, signals, audit_log CASCADE',
  );
  book = new Map();
});

afterAll(async () => {
  await bus.close();
  await testDb.close();
});

function engineOn(broker: ScriptedBroker, clock: VirtualClock): TradingEngine {
  return createTradingEngine({
    prisma: testDb.db.prisma,
    broker,
    bus,
    clock,
    logger,
    metrics: createEngineMetrics({ collectDefault: false }),
    config: built.config,
    configSha: built.sha,
    instruments: {
      byToken: (token) => (token === INFY.token ? INFY : undefined),
      bySymbol: (key) => (key === 'NSE:INFY' ? INFY : undefined),
      idOf: (token) => (token === INFY.token ? testDb.infyId : undefined),
    },
    tradingState: () => 'ACTIVE',
    entriesAllowed: () => true,
    strategies: [],
  });
}

function opportunity(): RankedOpportunity {
  return {
    strategy: 'orb',
    token: INFY.token,
    side: 'BUY',
    entry: paise(150_000),
    stop: paise(148_500),
    tp1: paise(151_500),
    tp2: paise(153_000),
    features: {},
    featureScores: {},
    score: 0.7,
    rank: 1,
    reason: 'the test asked for it',
  };
}

/** One engine process: its broker, its clock, and the broker's word on its orders. */
function session(engine: TradingEngine, broker: ScriptedBroker, clock: VirtualClock) {
  const idOf = (groupId: string, role: LegRole) => {
    const order = engine.oco.ordersOf(groupId).find((o) => o.role === role);
    if (order?.brokerOrderId == null) throw new Error(`no ${role} of ${groupId}`);
    return order.brokerOrderId;
  };
  const report = async (
    groupId: string,
    role: LegRole,
    status: BrokerOrderReport['status'],
    filled: number,
    price: Paise | null,
  ) => {
    const r = broker.report(idOf(groupId, role), status, filled, price, clock.now());
    book.set(r.brokerOrderId, r);
    await engine.oco.handleReport(r, 'POSTBACK', 'KITE');
    await engine.idle();
  };
  const enter = async () => {
    const [outcome] = await engine.pipeline.processAll([opportunity()]);
    if (outcome?.groupId == null) throw new Error(`not entered: ${outcome?.reason}`);
    await engine.idle();
    await report(outcome.groupId, 'ENTRY', 'OPEN', 0, null);
    return { groupId: outcome.groupId, quantity: outcome.quantity };
  };
  /** Entry filled at ₹1,500, stop and targets working. */
  const open = async () => {
    const { groupId, quantity } = await enter();
    await report(groupId, 'ENTRY', 'FILLED', quantity, paise(150_000));
    await report(groupId, 'STOP', 'TRIGGER_PENDING', 0, null);
    await report(groupId, 'TP1', 'OPEN', 0, null);
    await report(groupId, 'TP2', 'OPEN', 0, null);
    expect(engine.oco.groups().find((g) => g.id === groupId)?.group.status).toBe('OPEN');
    return { groupId, quantity };
  };
  /** The stop fills at `price`; the targets are cancelled: the bracket closes. */
  const stoppedOut = async (groupId: string, quantity: number, price: Paise) => {
    clock.advance(60_000);
    await report(groupId, 'STOP', 'FILLED', quantity, price);
    await report(groupId, 'TP1', 'CANCELLED', 0, null);
    await report(groupId, 'TP2', 'CANCELLED', 0, null);
    expect(engine.oco.groups().find((g) => g.id === groupId)?.group.status).toBe('CLOSED');
  };
  return { engine, broker, clock, report, open, stoppedOut };
}

function firstSession() {
  const broker = createScriptedBroker();
  const clock = new VirtualClock(atIst('10:30', DAY));
  return session(engineOn(broker, clock), broker, clock);
}

/**
 * A new engine process on the same database at `at`, the broker's book as it stands (with
 * `changed` applied: what the broker did while the engine was down), restored as start-up
 * does it.
 */
async function restart(at: number, changed?: (b: Map<string, BrokerOrderReport>) => void) {
  changed?.(book);
  const scripted = createScriptedBroker('R');
  const broker: ScriptedBroker = {
    ...scripted,
    getOrders: () => Promise.resolve({ ok: true, value: [...book.values()] }),
  };
  const clock = new VirtualClock(at);
  const engine = engineOn(broker, clock);
  const restored = await restoreOpenGroups({
    prisma: testDb.db.prisma,
    oco: engine.oco,
    venues: engine.venues,
    clock,
    logger,
    instrumentOf: (token) => (token === INFY.token ? INFY : undefined),
    beforeCatchUp: () => engine.restoreDay(),
  });
  await engine.idle();
  return { engine, restored };
}

async function openPositionRows() {
  return testDb.db.prisma.position.findMany({ where: { closedAt: null } });
}

describe('an engine restarted in the middle of the day', () => {
  it('has the open bracket and the day’s realised loss in its risk book, as before the restart', async () => {
    const day = firstSession();
    const lost = await day.open();
    await day.stoppedOut(lost.groupId, lost.quantity, paise(148_500));
    const held = await day.open();
    const before = day.engine.riskSnapshot();
    const loss = -lost.quantity * 1_500;
    expect(before).toMatchObject({ openPositions: 1, realisedPnlToday: loss });
    const trade = await testDb.db.prisma.trade.findFirstOrThrow();
    expect(Number(trade.realisedPnlPaise)).toBe(loss);

    const { engine, restored } = await restart(day.clock.now() + 5 * 60_000);
    expect(restored).toMatchObject({ groups: 1 });
    const after = engine.riskSnapshot();
    expect(after).toMatchObject({
      openPositions: 1,
      realisedPnlToday: loss,
      openRisk: before.openRisk,
      workingOrders: 3,
    });
    expect(after.openRisk).toBe(held.quantity * 1_500);
    // Marked by ticks as usual.
    engine.riskBook.mark(INFY.token, paise(149_000));
    expect(engine.riskSnapshot().unrealisedPnlToday).toBe(-held.quantity * 1_000);

    // What /status/all shows as brackets, and the Position row, agree with the broker.
    expect(engine.oco.openGroups().map((g) => [g.id, g.group.status])).toEqual([
      [held.groupId, 'OPEN'],
    ]);
    expect((await openPositionRows()).map((p) => p.netQuantity)).toEqual([held.quantity]);
  });

  it('applies the fills it missed while down on top of the day: P&L, heat and the Position row', async () => {
    const day = firstSession();
    const lost = await day.open();
    await day.stoppedOut(lost.groupId, lost.quantity, paise(148_500));
    const held = await day.open();
    const tp1 = day.engine.oco.ordersOf(held.groupId).find((o) => o.role === 'TP1');
    if (tp1?.brokerOrderId == null) throw new Error('no TP1');
    const tp1Quantity = tp1.state.quantity;
    const at = day.clock.now() + 5 * 60_000;

    // While the engine was down, TP1 filled at ₹1,515.
    const { engine } = await restart(at, (b) => {
      const r = b.get(tp1.brokerOrderId!)!;
      b.set(r.brokerOrderId, {
        ...r,
        status: 'FILLED',
        filledQuantity: tp1Quantity,
        averagePrice: paise(151_500),
        updatedAt: at - 60_000,
      });
    });
    const rest = held.quantity - tp1Quantity;
    const group = engine.oco.groups().find((g) => g.id === held.groupId);
    expect(group?.group.status).toBe('PARTIALLY_EXITED');
    expect(engine.riskSnapshot()).toMatchObject({
      openPositions: 1,
      realisedPnlToday: -lost.quantity * 1_500 + tp1Quantity * 1_500,
      openRisk: rest * 1_500,
    });
    // The open row goes on from the stored position: long the rest, never short.
    const rows = await openPositionRows();
    expect(rows.map((p) => [p.netQuantity, p.averagePricePaise])).toEqual([[rest, 150_000]]);
    expect(Number(rows[0]?.realisedPnlPaise)).toBe(tp1Quantity * 1_500);
  });

  it('refuses a new entry when the day’s realised loss before the restart is past the daily loss stop', async () => {
    const day = firstSession();
    const lost = await day.open();
    // The stop filled far below its trigger (a gap): the day's loss is past the stop.
    await day.stoppedOut(lost.groupId, lost.quantity, paise(120_000));
    const limit = day.engine.riskSnapshot().dailyLossLimit;
    expect(-lost.quantity * 30_000).toBeLessThan(-limit);

    const { engine } = await restart(day.clock.now() + 5 * 60_000);
    const risk = engine.riskSnapshot();
    expect(risk).toMatchObject({ openPositions: 0, realisedPnlToday: -lost.quantity * 30_000 });
    const gate = canEnter(
      built.config.risk,
      {
        tradingState: 'ACTIVE',
        openPositions: risk.openPositions,
        openRisk: paise(risk.openRisk),
        realisedPnlToday: paise(risk.realisedPnlToday),
        unrealisedPnlToday: paise(risk.unrealisedPnlToday),
        nowIstMinutes: istMinutesOfDay(day.clock.now() + 5 * 60_000),
      },
      paise(1_500),
      INFY,
      paise(150_000),
      built.config.capital,
    );
    expect(gate).toMatchObject({ approved: false, reason: 'DAILY_LOSS_STOP' });
    const [outcome] = await engine.pipeline.processAll([opportunity()]);
    expect(outcome).toMatchObject({ approved: false, reason: 'DAILY_LOSS_STOP' });
    expect(engine.oco.groups()).toEqual([]);
  });

  it('rebuilds an open Position row that missed a fill, and closes one no bracket holds', async () => {
    const day = firstSession();
    const held = await day.open();
    const prisma = testDb.db.prisma;
    // The engine stopped between a fill and its position write: the row says less.
    await prisma.position.updateMany({
      where: { closedAt: null },
      data: { netQuantity: 1, buyQuantity: 1, buyValuePaise: 150_000n },
    });
    // A position left open that no bracket holds any more (a paper bracket that ended).
    await prisma.position.create({
      data: {
        instrumentId: await upsertInstrument(prisma, NIFTY_FUT),
        product: 'MIS',
        netQuantity: 75,
        buyQuantity: 75,
        buyValuePaise: 75n * 2_400_000n,
        averagePricePaise: 2_400_000,
        openedAt: new Date(day.clock.now()),
      },
    });

    const { engine } = await restart(day.clock.now() + 60_000);
    const rows = await openPositionRows();
    expect(rows.map((p) => [p.instrumentId, p.netQuantity, Number(p.buyValuePaise)])).toEqual([
      [testDb.infyId, held.quantity, held.quantity * 150_000],
    ]);
    expect(engine.positions.open().map((p) => p.position.netQuantity)).toEqual([held.quantity]);
  });

  it('starts the next day from zero: yesterday’s trades are not today’s P&L', async () => {
    const day = firstSession();
    const lost = await day.open();
    await day.stoppedOut(lost.groupId, lost.quantity, paise(120_000));
    book.clear();
    const { engine } = await restart(atIst('10:30', '2026-11-24'));
    expect(engine.riskSnapshot()).toMatchObject({ openPositions: 0, realisedPnlToday: 0 });
    const [outcome] = await engine.pipeline.processAll([opportunity()]);
    expect(outcome).toMatchObject({ approved: true });
  });
});
