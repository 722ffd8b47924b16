import type { Tick } from '@kavach/broker';
import { createLocalBus } from '@kavach/bus';
import { buildTradingConfig, createLogger } from '@kavach/config';
import { saveConfigVersion, upsertInstrument } from '@kavach/db';
import type { Instrument } from '@kavach/domain';
import { atIst, paise, VirtualClock } from '@kavach/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTradingEngine } from '../src/engine/create-trading-engine';
import { createEngineMetrics } from '../src/metrics/engine-metrics';
import { singleVenue } from '../src/venue/order-venues';
import { createTestOcoManager } from './support/test-oco-manager';
import type { Strategy } from '../src/strategies';
import { reportFigure } from './support/bench-report';
import { createScriptedBroker } from './support/scripted-broker';
import { fullTick } from './support/ticks';
import { INFY, openTestDb } from './support/test-db';
import type { TestDb } from './support/test-db';

/**
 * Engine latency on embedded PostgreSQL (PGlite), broker answers instant, so the figures are
 * the engine's own: strategy, risk gates, the signal/decision/group rows and the write-ahead
 * order row that must be committed before any order leaves.
 *   tick → order sent: a tick that closes a 1-minute bar, with 200 instruments subscribed and
 *     ticking, until placeOrder is called for the entry.
 *   fill → protective stop sent: an entry fill report until placeOrder for its stop.
 * Prints one JSON line per figure (p50/p99 in ms).
 */
const INSTRUMENTS = 200;
const SAMPLES = 150;
const DAY = '2026-11-23';

let testDb: TestDb;
const universe: Instrument[] = [];

/** Fires on every bar it sees: the bench measures the path, not a strategy's selectivity. */
const alwaysLong: Strategy = {
  id: 'bench',
  evaluate: ({ instrument, bars }) => {
    const last = bars.at(-1);
    if (last === undefined) return null;
    return {
      strategy: 'bench',
      token: instrument.token,
      side: 'BUY',
      entry: last.close,
      stop: paise(last.close - 100),
      tp1: paise(last.close + 100),
      tp2: paise(last.close + 200),
      features: {},
      featureScores: {},
      score: 1,
      reason: 'bench',
    };
  },
};

beforeAll(async () => {
  testDb = await openTestDb();
  for (let i = 0; i < INSTRUMENTS; i += 1) {
    const exchangeToken = 10_000 + i;
    const instrument: Instrument = {
      ...INFY,
      token: exchangeToken * 256 + 1,
      exchangeToken,
      tradingSymbol: `BENCH${i}`,
    };
    await upsertInstrument(testDb.db.prisma, instrument);
    universe.push(instrument);
  }
}, 120_000);

afterAll(async () => {
  await testDb.close();
});

describe('engine latency', () => {
  it('tick → order sent, 200 instruments', async () => {
    const built = buildTradingConfig({
      capitalRupees: 1_00_00_00_000,
      universe: universe.map((u) => `NSE:${u.tradingSymbol}`),
      risk: { maxOpenPositions: 1_000, portfolioHeatPct: 100 },
      scan: { maxSignalsPerCycle: 1, minScore: 0 },
    });
    if (!built.ok) throw new Error(built.errors.join('; '));
    await saveConfigVersion(testDb.db.prisma, {
      sha: built.sha,
      kind: 'trading',
      canonicalJson: built.canonicalJson,
      createdBy: 'bench',
    });
    const ids = new Map<number, string>();
    for (const u of universe) {
      const row = await testDb.db.prisma.instrument.findUniqueOrThrow({
        where: { token: BigInt(u.token) },
      });
      ids.set(u.token, row.id);
    }
    const bySymbol = new Map(universe.map((u) => [`NSE:${u.tradingSymbol}`, u]));
    const byToken = new Map(universe.map((u) => [u.token, u]));
    const broker = createScriptedBroker();
    const clock = new VirtualClock(atIst('09:20', DAY));
    const bus = createLocalBus();
    let sentAt: number | null = null;
    const sent = (): number | null => sentAt;
    broker.onPlace = () => {
      sentAt ??= performance.now();
      return Promise.resolve();
    };
    const engine = createTradingEngine({
      prisma: testDb.db.prisma,
      broker,
      bus,
      clock,
      logger: createLogger('bench', 'silent'),
      metrics: createEngineMetrics({ collectDefault: false }),
      config: built.config,
      configSha: built.sha,
      instruments: {
        byToken: (t) => byToken.get(t),
        bySymbol: (k) => bySymbol.get(k),
        idOf: (t) => ids.get(t),
      },
      tradingState: () => 'ACTIVE',
      entriesAllowed: () => true,
      strategies: [alwaysLong],
      scanIntervalMs: 60_000,
    });
    await engine.start();
    let volume = 0;
    const tickAt = (token: number, at: number): Tick => {
      volume += 10;
      return fullTick(token, paise(150_000), at, volume);
    };
    const samples: number[] = [];
    let minuteStart = atIst('09:20', DAY);
    for (let sample = 0; sample < SAMPLES + 10; sample += 1) {
      // Every instrument ticks inside the minute; one of them then opens the next minute.
      const ticks = universe.map((u) => tickAt(u.token, minuteStart + 30_000));
      engine.handleBrokerEvent({ type: 'ticks', ticks });
      minuteStart += 60_000;
      clock.set(minuteStart);
      const trigger = universe[sample % INSTRUMENTS];
      if (trigger === undefined) throw new Error('no instrument');
      sentAt = null;
      const start = performance.now();
      engine.handleBrokerEvent({ type: 'ticks', ticks: [tickAt(trigger.token, minuteStart)] });
      let at = sent();
      while (at === null) {
        await new Promise((resolve) => setImmediate(resolve));
        at = sent();
      }
      if (sample >= 10) samples.push(at - start);
      await engine.idle();
    }
    await engine.stop();
    await bus.close();
    const figure = reportFigure('tick_to_order_sent_200_instruments', samples);
    expect(figure.p50).toBeGreaterThan(0);
  }, 300_000);

  it('fill → protective stop sent', async () => {
    await testDb.db.prisma.$executeRawUnsafe(
      'TRUNCATE fills, order_status_history, risk_events, orders, oco_groups, trades, positions CASCADE',
    );
    const broker = createScriptedBroker();
    const clock = new VirtualClock(atIst('10:00', DAY));
    const oco = createTestOcoManager({
      prisma: testDb.db.prisma,
      venues: singleVenue(broker),
      clock,
    });
    let stopSentAt: number | null = null;
    const stopSent = (): number | null => stopSentAt;
    broker.onPlace = (command) => {
      if (command.clientOrderId.charAt(1) === 'S') stopSentAt ??= performance.now();
      return Promise.resolve();
    };
    const samples: number[] = [];
    for (let sample = 0; sample < SAMPLES + 10; sample += 1) {
      const groupId = `0193b000-0000-7000-8000-${String(sample).padStart(12, '0')}`;
      const opened = await oco.openBracket({
        groupId,
        decisionId: null,
        correlationId: `bench-${sample}`,
        strategy: 'bench',
        instrument: INFY,
        instrumentId: testDb.infyId,
        side: 'BUY',
        quantity: 100,
        entry: { orderType: 'LIMIT', price: paise(150_000), triggerPrice: null },
        stop: { orderType: 'SL-M', price: null, triggerPrice: paise(149_000) },
        targets: [{ role: 'TP1', quantity: 100, price: paise(151_000) }],
        signalPrice: paise(150_000),
      });
      if (!opened.ok) throw new Error(opened.message);
      // The entry's answer is in before its fill, as at a real venue.
      await oco.idle();
      const entry = broker.placed('ENTRY').at(-1);
      if (entry === undefined) throw new Error('no entry');
      const fill = broker.report(entry.brokerOrderId, 'FILLED', 100, paise(150_000), clock.now());
      stopSentAt = null;
      const start = performance.now();
      await oco.handleReport(fill, 'TICKER', 'KITE');
      const at = stopSent();
      if (at === null) throw new Error('no stop sent');
      if (sample >= 10) samples.push(at - start);
    }
    const figure = reportFigure('fill_to_protective_stop_sent', samples);
    expect(figure.p50).toBeGreaterThan(0);
  }, 300_000);
});
