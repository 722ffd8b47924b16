import { createKiteBroker } from '@kavach/broker';
import type { KiteBroker } from '@kavach/broker';
import { createLocalBus } from '@kavach/bus';
import type { Bus } from '@kavach/bus';
import { buildTradingConfig, createLogger } from '@kavach/config';
import { createDb, listAuditByCorrelationId, saveConfigVersion } from '@kavach/db';
import type { Db } from '@kavach/db';
import type { Instrument } from '@kavach/domain';
import {
  measureGroupPosition,
  nseCalendar2026,
  paise,
  roundToTick,
  VirtualClock,
} from '@kavach/domain';
import { startKiteSimProcess } from '@kavach/testkit';
import type { KiteSimProcess } from '@kavach/testkit';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordingEventSink } from '../src/control/recording-event-sink';
import { createTradingEngine } from '../src/engine/create-trading-engine';
import { createEodScheduler } from '../src/eod/eod-scheduler';
import { createOrderVenues } from '../src/venue/order-venues';
import type { OrderVenues } from '../src/venue/order-venues';
import { createPaperOnKite } from '../src/venue/paper-on-kite';
import type { TradingEngine } from '../src/engine/create-trading-engine';
import { createInstrumentCache } from '../src/instruments';
import type { InstrumentCache } from '../src/instruments';
import { createEngineMetrics } from '../src/metrics/engine-metrics';
import type { Strategy } from '../src/strategies';

/**
 * The engine in process, trading through the real kiteconnect client (KiteBroker) against a
 * kite-sim process whose market moves only when the test sets a price: the whole life of a
 * trade, and the kill switch with ten open positions.
 */
const SYMBOLS = [
  'INFY',
  'TCS',
  'RELIANCE',
  'HDFCBANK',
  'ICICIBANK',
  'SBIN',
  'ITC',
  'LT',
  'AXISBANK',
  'KOTAKBANK',
];
const logger = createLogger('test', 'silent');

let sim: KiteSimProcess;
let dataDir: string;
let db: Db;
let broker: KiteBroker;
let bus: Bus;
let clock: VirtualClock;
let instruments: InstrumentCache;
const fired = new Set<number>();
let armed = new Set<number>();

/** Buys once per armed instrument on its first closed bar: the test decides what trades. */
const buyOnce: Strategy = {
  id: 'test',
  evaluate: ({ instrument, bars }) => {
    const last = bars.at(-1);
    if (last === undefined || !armed.has(instrument.token) || fired.has(instrument.token))
      return null;
    fired.add(instrument.token);
    const step = (bps: number) =>
      roundToTick(
        paise(Math.round(last.close * (1 + bps / 10_000))),
        instrument.tickSize,
        'nearest',
      );
    return {
      strategy: 'test',
      token: instrument.token,
      side: 'BUY',
      entry: last.close,
      stop: step(-100),
      tp1: step(50),
      tp2: step(100),
      features: { close: last.close },
      featureScores: { close: 1 },
      score: 1,
      reason: 'the test asked for it',
    };
  },
};

async function simNow(): Promise<number> {
  const state = (await sim.inspect('/state')) as { now: number };
  return state.now;
}

async function setPrice(symbol: string, rupees: number): Promise<void> {
  await sim.control('/price', { instrument: `NSE:${symbol}`, price: rupees });
}

async function nudge(symbol: string, bps: number): Promise<void> {
  await sim.control('/price', { instrument: `NSE:${symbol}`, nudge_bps: bps });
}

async function stepMinute(): Promise<void> {
  await sim.control('/clock', { step_ms: 60_000 });
  clock.set(await simNow());
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Ten positions of at most ₹2 lakh each fit the simulated account's ₹10 lakh at MIS margin. */
function testConfig() {
  const built = buildTradingConfig({
    capitalRupees: 50_00_000,
    universe: SYMBOLS.map((s) => `NSE:${s}`),
    risk: {
      maxOpenPositions: 20,
      portfolioHeatPct: 50,
      perTradeRiskPct: 0.5,
      maxNotionalPerOrderRupees: 2_00_000,
    },
    scan: { maxSignalsPerCycle: 20, minScore: 0 },
  });
  if (!built.ok) throw new Error(built.errors.join('; '));
  return built;
}

function startEngine(venues?: OrderVenues): TradingEngine {
  const built = testConfig();
  const engine = createTradingEngine({
    prisma: db.prisma,
    broker,
    ...(venues === undefined ? {} : { venues }),
    bus,
    clock,
    logger,
    metrics: createEngineMetrics({ collectDefault: false }),
    config: built.config,
    configSha: built.sha,
    instruments,
    tradingState: () => 'ACTIVE',
    entriesAllowed: () => true,
    strategies: [buyOnce],
  });
  return engine;
}

/** One per engine run: a KiteBroker starts once, and the engine stops it. */
async function newBroker(): Promise<KiteBroker> {
  return createKiteBroker({
    apiKey: sim.apiKey,
    apiSecret: sim.apiSecret,
    accessToken: await sim.mintAccessToken(),
    root: sim.root,
    tickerRoot: sim.tickerRoot,
    clock,
    logger,
    pollIntervalMs: 500,
  });
}

beforeAll(async () => {
  sim = await startKiteSimProcess();
  await sim.control('/market', { status: 'open' });
  await sim.control('/clock', { paused: true });
  const state = (await sim.inspect('/state')) as { sessionDate: string };
  await sim.control('/clock', { set: `${state.sessionDate}T10:00:00+05:30` });
  clock = new VirtualClock(await simNow());
  dataDir = await mkdtemp(join(tmpdir(), 'kavach-e2e-'));
  db = createDb({ dataDir });
  await db.migrate();
  broker = await newBroker();
  bus = createLocalBus();
  instruments = createInstrumentCache({ db, broker, clock, logger });
  const refreshed = await instruments.refreshIfStale();
  if (!refreshed.ok) throw new Error(JSON.stringify(refreshed.error));
}, 120_000);

afterAll(async () => {
  await bus.close();
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
  await sim.stop();
});

function instrument(symbol: string): Instrument {
  const found = instruments.bySymbol(`NSE:${symbol}`);
  if (found === undefined) throw new Error(`no ${symbol} in the simulator`);
  return found;
}

describe('the engine on kite-sim through the real kiteconnect client', () => {
  it('lives a trade from signal to closed Trade, and the kill switch flattens ten positions', async () => {
    const engine = startEngine();
    const built = testConfig();
    await saveConfigVersion(db.prisma, {
      sha: built.sha,
      kind: 'trading',
      canonicalJson: built.canonicalJson,
      createdBy: 'test',
    });
    await engine.start();
    try {
      // One trade, start to finish.
      const infy = instrument('INFY');
      armed = new Set([infy.token]);
      await setPrice('INFY', 1500);
      await stepMinute();
      await setPrice('INFY', 1500.5);
      await until('the INFY bracket', () => engine.oco.groups().length === 1);
      const group = engine.oco.groups()[0];
      if (group === undefined) throw new Error('no group');
      await setPrice('INFY', 1499);
      await until('the INFY entry fill and its protection', () =>
        engine.oco.ordersOf(group.id).some((o) => o.role === 'STOP' && o.brokerOrderId !== null),
      );
      await setPrice('INFY', 1520);
      await until('both targets', () => group.group.status === 'CLOSED', 20_000);
      await engine.idle();
      const signal = await db.prisma.signal.findFirstOrThrow({
        where: { correlationId: group.correlationId },
      });
      const decision = await db.prisma.decision.findFirstOrThrow({
        where: { signalId: signal.id },
      });
      expect(decision).toMatchObject({ approved: true, configSha: built.sha });
      const orders = await db.prisma.order.findMany({ where: { parentGroup: group.id } });
      // Targets grow with a partly filled entry by further orders; the stop grows in place.
      expect([...new Set(orders.map((o) => o.role))].sort()).toEqual([
        'ENTRY',
        'STOP',
        'TP1',
        'TP2',
      ]);
      const entryFilled = orders.find((o) => o.role === 'ENTRY')?.filledQuantity;
      const targetsFilled = orders
        .filter((o) => o.role === 'TP1' || o.role === 'TP2')
        .reduce((sum, o) => sum + o.filledQuantity, 0);
      expect(targetsFilled).toBe(entryFilled);
      expect(await db.prisma.riskEvent.findMany({ select: { kind: true, message: true } })).toEqual(
        [],
      );
      expect(orders.find((o) => o.role === 'STOP')?.status).toBe('CANCELLED');
      await until(
        'the Trade row',
        async () => (await db.prisma.trade.count({ where: { ocoGroupId: group.id } })) === 1,
      );
      const trade = await db.prisma.trade.findFirstOrThrow({ where: { ocoGroupId: group.id } });
      expect(trade.realisedPnlPaise).toBeGreaterThan(0n);
      expect(trade.correlationId).toBe(signal.correlationId);
      const audit = await listAuditByCorrelationId(db.prisma, signal.correlationId);
      expect(audit.map((a) => a.action)).toContain('trade.closed');
      const positions = await broker.getPositions();
      expect(
        positions.ok && positions.value.find((p) => p.instrumentToken === infy.token)?.quantity,
      ).toBe(0);

      // Ten positions, then the kill switch.
      const tokens = SYMBOLS.map((s) => instrument(s).token);
      fired.clear();
      armed = new Set(tokens);
      for (const symbol of SYMBOLS) await nudge(symbol, 1);
      await stepMinute();
      for (const symbol of SYMBOLS) await nudge(symbol, 1);
      await until('ten brackets', () => engine.oco.openGroups().length === 10, 30_000);
      for (const symbol of SYMBOLS) await nudge(symbol, -20);
      const protectedAtBroker = (groupId: string) =>
        engine.oco
          .ordersOf(groupId)
          .filter((o) => o.role !== 'ENTRY')
          .every((o) => o.state.status === 'OPEN' || o.state.status === 'TRIGGER_PENDING');
      await until(
        'ten positions, each with its stop and targets working at the broker',
        () =>
          engine.oco
            .openGroups()
            .every((g) => g.group.status === 'OPEN' && protectedAtBroker(g.id)),
        30_000,
      );
      await engine.idle();
      expect(engine.riskSnapshot().openPositions).toBe(10);

      const started = performance.now();
      const flattening = engine.flattener.flattenAll('kill switch test', {
        type: 'USER',
        name: 'test',
      });
      const groups = engine.oco.openGroups();
      await until(
        'every position flat',
        () => groups.every((g) => measureGroupPosition(g.group).net === 0),
        10_000,
      );
      const flatMs = performance.now() - started;
      const report = await flattening;
      const settledMs = performance.now() - started;
      // The times are figures, not assertions: targets live in the benchmarks.
      console.log(
        JSON.stringify({
          figure: 'kill_switch_10_positions',
          flatMs: Math.round(flatMs),
          settledMs: Math.round(settledMs),
        }),
      );
      expect(report.flat).toBe(true);
      // Each stop became its position's market exit; the targets were cancelled.
      const exits = report.orders.filter((o) => o.action === 'EXIT');
      expect(exits.map((o) => `${o.role} ${o.outcome}`)).toEqual(Array(10).fill('STOP DONE'));
      expect(report.orders.filter((o) => o.action === 'CANCEL' && o.outcome !== 'DONE')).toEqual(
        [],
      );
      const after = await broker.getPositions();
      if (!after.ok) throw new Error('positions');
      for (const token of tokens) {
        expect(after.value.find((p) => p.instrumentToken === token)?.quantity ?? 0).toBe(0);
      }
      const book = await broker.getOrders();
      if (!book.ok) throw new Error('orders');
      expect(
        book.value.filter((o) => ['OPEN', 'TRIGGER_PENDING', 'SUBMITTED'].includes(o.status)),
      ).toEqual([]);
    } finally {
      await engine.stop();
    }
  }, 180_000);
  it('squares off every position at 15:25:00 IST exactly, not a millisecond before', async () => {
    broker = await newBroker();
    const engine = startEngine();
    await engine.start();
    try {
      const tcs = instrument('TCS');
      fired.clear();
      armed = new Set([tcs.token]);
      await nudge('TCS', 1);
      await stepMinute();
      await nudge('TCS', 1);
      await until('the TCS bracket', () => engine.oco.openGroups().length === 1);
      await nudge('TCS', -20);
      const group = engine.oco.openGroups()[0];
      if (group === undefined) throw new Error('no group');
      await until('the TCS position, protected', () =>
        engine.oco
          .ordersOf(group.id)
          .some((o) => o.role === 'STOP' && o.state.status !== 'PENDING_SUBMIT'),
      );
      await engine.idle();

      // The engine's clock alone decides: the simulator's own MIS square-off never runs here.
      const { sessionDate } = (await sim.inspect('/state')) as { sessionDate: string };
      clock.set(Date.parse(`${sessionDate}T15:24:59.999+05:30`));
      const events = createRecordingEventSink();
      const eod = createEodScheduler({
        clock,
        calendar: nseCalendar2026,
        flatten: engine.flattener,
        events,
        logger,
      });
      expect(eod.entriesAllowed()).toBe(false);
      expect(await eod.tick()).toMatchObject({ phase: 'NO_NEW_ENTRIES', squareOff: null });
      expect(measureGroupPosition(group.group).net).toBeGreaterThan(0);

      clock.set(Date.parse(`${sessionDate}T15:25:00.000+05:30`));
      const result = await eod.tick();
      expect(result.squareOff).toMatchObject({ flat: true, remainingPositions: 0 });
      const positions = await broker.getPositions();
      if (!positions.ok) throw new Error('positions');
      expect(positions.value.find((p) => p.instrumentToken === tcs.token)?.quantity).toBe(0);
      expect((await eod.tick()).squareOff).toBeNull();
    } finally {
      await engine.stop();
    }
  }, 120_000);
  it('paper-trades a real Kite account on its ticks: no order reaches the broker', async () => {
    // The square-off test moved the engine's clock to 15:25; the market is still at 10:00.
    clock = new VirtualClock(await simNow());
    broker = await newBroker();
    const paper = createPaperOnKite({
      kite: broker,
      clock,
      instruments: SYMBOLS.map(instrument),
      accountFunds: paise(50_00_000_00),
      marketProtection: 2,
    });
    const engine = startEngine(createOrderVenues({ kite: broker, paper, mode: () => 'PAPER' }));
    await engine.start();
    try {
      const kiteBook = async () => {
        const book = await broker.getOrders();
        if (!book.ok) throw new Error('order book');
        return book.value.length;
      };
      const ordersAtKite = await kiteBook();
      const sbin = instrument('SBIN');
      fired.clear();
      armed = new Set([sbin.token]);
      await nudge('SBIN', 1);
      await stepMinute();
      await nudge('SBIN', 1);
      await until('the SBIN bracket', () => engine.oco.openGroups().length === 1);
      const group = engine.oco.openGroups()[0];
      if (group === undefined) throw new Error('no group');
      expect(group.venue).toBe('PAPER');
      // Kite's next ticks trade through the entry on paper.
      await nudge('SBIN', -20);
      await until('the paper fill and its stop', () =>
        engine.oco
          .ordersOf(group.id)
          .some((o) => o.role === 'STOP' && o.state.status === 'TRIGGER_PENDING'),
      );
      await engine.idle();
      const onPaper = await paper.getOrders();
      expect(onPaper.ok && onPaper.value.map((o) => o.status).sort()).toEqual(
        expect.arrayContaining(['FILLED', 'TRIGGER_PENDING']),
      );

      const report = await engine.flattener.flattenAll('paper kill switch', {
        type: 'USER',
        name: 'test',
      });
      expect(report).toMatchObject({ flat: true, remainingPositions: 0 });
      const paperPositions = await paper.getPositions();
      expect(
        paperPositions.ok && paperPositions.value.find((p) => p.instrumentToken === sbin.token),
      ).toMatchObject({ quantity: 0 });
      expect(await kiteBook()).toBe(ordersAtKite);
    } finally {
      await engine.stop();
    }
  }, 120_000);
});
