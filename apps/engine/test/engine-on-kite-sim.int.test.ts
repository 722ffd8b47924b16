import { listAuditByCorrelationId } from '@kavach/db';
import { measureGroupPosition, nseCalendar2026, paise } from '@kavach/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordingEventSink } from '../src/control/recording-event-sink';
import { createEodScheduler } from '../src/eod/eod-scheduler';
import { createOrderVenues } from '../src/venue/order-venues';
import { createPaperOnKite } from '../src/venue/paper-on-kite';
import {
  logger,
  openTenPositions,
  startKiteSimEngineHarness,
  SYMBOLS,
  until,
} from './support/kite-sim-engine';
import type { KiteSimEngineHarness } from './support/kite-sim-engine';

/**
 * The engine in process, trading through the real kiteconnect client (KiteBroker) against a
 * kite-sim process whose market moves only when the test sets a price: the whole life of a
 * trade, the kill switch with ten open positions, the EOD square-off, paper on Kite's ticks.
 */
let h: KiteSimEngineHarness;

beforeAll(async () => {
  h = await startKiteSimEngineHarness();
}, 120_000);

afterAll(async () => {
  await h.close();
});

describe('the engine on kite-sim through the real kiteconnect client', () => {
  it('lives a trade from signal to closed Trade, and the kill switch flattens ten positions', async () => {
    const engine = await h.startEngine();
    const built = h.config();
    try {
      // One trade, start to finish.
      const infy = h.instrument('INFY');
      h.armed.clear();
      h.armed.add(infy.token);
      await h.setPrice('INFY', 1500);
      await h.stepMinute();
      await h.setPrice('INFY', 1500.5);
      await until('the INFY bracket', () => engine.oco.groups().length === 1);
      const group = engine.oco.groups()[0];
      if (group === undefined) throw new Error('no group');
      await h.setPrice('INFY', 1499);
      await until('the INFY entry fill and its protection', () =>
        engine.oco.ordersOf(group.id).some((o) => o.role === 'STOP' && o.brokerOrderId !== null),
      );
      await h.setPrice('INFY', 1520);
      await until('both targets', () => group.group.status === 'CLOSED', 20_000);
      await engine.idle();
      const signal = await h.db.prisma.signal.findFirstOrThrow({
        where: { correlationId: group.correlationId },
      });
      const decision = await h.db.prisma.decision.findFirstOrThrow({
        where: { signalId: signal.id },
      });
      expect(decision).toMatchObject({ approved: true, configSha: built.sha });
      const orders = await h.db.prisma.order.findMany({ where: { parentGroup: group.id } });
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
      expect(
        await h.db.prisma.riskEvent.findMany({ select: { kind: true, message: true } }),
      ).toEqual([]);
      expect(orders.find((o) => o.role === 'STOP')?.status).toBe('CANCELLED');
      await until(
        'the Trade row',
        async () => (await h.db.prisma.trade.count({ where: { ocoGroupId: group.id } })) === 1,
      );
      const trade = await h.db.prisma.trade.findFirstOrThrow({ where: { ocoGroupId: group.id } });
      expect(trade.realisedPnlPaise).toBeGreaterThan(0n);
      expect(trade.correlationId).toBe(signal.correlationId);
      const audit = await listAuditByCorrelationId(h.db.prisma, signal.correlationId);
      expect(audit.map((a) => a.action)).toContain('trade.closed');
      const positions = await h.broker.getPositions();
      expect(
        positions.ok && positions.value.find((p) => p.instrumentToken === infy.token)?.quantity,
      ).toBe(0);

      // Ten positions, then the kill switch.
      const tokens = SYMBOLS.map((s) => h.instrument(s).token);
      await openTenPositions(h, engine);
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
      const after = await h.broker.getPositions();
      if (!after.ok) throw new Error('positions');
      for (const token of tokens) {
        expect(after.value.find((p) => p.instrumentToken === token)?.quantity ?? 0).toBe(0);
      }
      const book = await h.broker.getOrders();
      if (!book.ok) throw new Error('orders');
      expect(
        book.value.filter((o) => ['OPEN', 'TRIGGER_PENDING', 'SUBMITTED'].includes(o.status)),
      ).toEqual([]);
    } finally {
      await engine.stop();
    }
  }, 180_000);
  it('squares off every position at 15:25:00 IST exactly, not a millisecond before', async () => {
    h.broker = await h.newBroker();
    const engine = await h.startEngine();
    try {
      const tcs = h.instrument('TCS');
      h.fired.clear();
      h.armed.clear();
      h.armed.add(tcs.token);
      await h.nudge('TCS', 1);
      await h.stepMinute();
      await h.nudge('TCS', 1);
      await until('the TCS bracket', () => engine.oco.openGroups().length === 1);
      await h.nudge('TCS', -20);
      const group = engine.oco.openGroups()[0];
      if (group === undefined) throw new Error('no group');
      await until('the TCS position, protected', () =>
        engine.oco
          .ordersOf(group.id)
          .some((o) => o.role === 'STOP' && o.state.status !== 'PENDING_SUBMIT'),
      );
      await engine.idle();

      // The engine's clock alone decides: the simulator's own MIS square-off never runs here.
      const { sessionDate } = (await h.sim.inspect('/state')) as { sessionDate: string };
      h.clock.set(Date.parse(`${sessionDate}T15:24:59.999+05:30`));
      const events = createRecordingEventSink();
      const eod = createEodScheduler({
        clock: h.clock,
        calendar: nseCalendar2026,
        flatten: engine.flattener,
        events,
        logger,
      });
      expect(eod.entriesAllowed()).toBe(false);
      expect(await eod.tick()).toMatchObject({ phase: 'NO_NEW_ENTRIES', squareOff: null });
      expect(measureGroupPosition(group.group).net).toBeGreaterThan(0);

      h.clock.set(Date.parse(`${sessionDate}T15:25:00.000+05:30`));
      const result = await eod.tick();
      expect(result.squareOff).toMatchObject({ flat: true, remainingPositions: 0 });
      const positions = await h.broker.getPositions();
      if (!positions.ok) throw new Error('positions');
      expect(positions.value.find((p) => p.instrumentToken === tcs.token)?.quantity).toBe(0);
      expect((await eod.tick()).squareOff).toBeNull();
    } finally {
      await engine.stop();
    }
  }, 120_000);
  it('paper-trades a real Kite account on its ticks: no order reaches the broker', async () => {
    // The square-off test moved the engine's clock to 15:25; the market is still at 10:00.
    await h.resetClock();
    h.broker = await h.newBroker();
    const paper = createPaperOnKite({
      kite: h.broker,
      clock: h.clock,
      instruments: SYMBOLS.map((s) => h.instrument(s)),
      accountFunds: paise(50_00_000_00),
      marketProtection: 2,
    });
    const engine = await h.startEngine(
      createOrderVenues({ kite: h.broker, paper, mode: () => 'PAPER' }),
    );
    try {
      // The test shares the account's rate limit with the engine: a refused read is asked again.
      const kiteBook = async () => {
        for (let attempt = 1; ; attempt += 1) {
          const book = await h.broker.getOrders();
          if (book.ok) return book.value.length;
          if (attempt >= 10) throw new Error(`order book: ${book.error.message}`);
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      };
      const ordersAtKite = await kiteBook();
      const sbin = h.instrument('SBIN');
      h.fired.clear();
      h.armed.clear();
      h.armed.add(sbin.token);
      await h.nudge('SBIN', 1);
      await h.stepMinute();
      await h.nudge('SBIN', 1);
      await until('the SBIN bracket', () => engine.oco.openGroups().length === 1);
      const group = engine.oco.openGroups()[0];
      if (group === undefined) throw new Error('no group');
      expect(group.venue).toBe('PAPER');
      // Kite's next ticks trade through the entry on paper.
      await h.nudge('SBIN', -20);
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
