import type { KiteBroker, PlaceOrderCommand } from '@kavach/broker';
import { listDiscrepancies } from '@kavach/db';
import { paise } from '@kavach/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordingEventSink } from '../src/control/recording-event-sink';
import type { TradingEngine } from '../src/engine/create-trading-engine';
import { createReconciler } from '../src/reconciliation/reconciler';
import type { Reconciler } from '../src/reconciliation/reconciler';
import { logger, startKiteSimEngineHarness, until } from './support/kite-sim-engine';
import type { KiteSimEngineHarness } from './support/kite-sim-engine';

/**
 * Reconciliation against kite-sim through the real client: orders a trader places by hand on
 * the account are imported as EXTERNAL, a position the engine does not hold blocks entries on
 * that instrument until the positions agree again.
 */
let h: KiteSimEngineHarness;
let engine: TradingEngine;
let reconciler: Reconciler;
let byHand: KiteBroker;
const events = createRecordingEventSink();

function manualOrder(overrides: Partial<PlaceOrderCommand>): PlaceOrderCommand {
  return {
    clientOrderId: 'byhand',
    exchange: 'NSE',
    tradingSymbol: 'ITC',
    side: 'BUY',
    orderType: 'MARKET',
    product: 'MIS',
    validity: 'DAY',
    quantity: 1,
    price: null,
    triggerPrice: null,
    marketProtection: 2,
    ...overrides,
  };
}

beforeAll(async () => {
  h = await startKiteSimEngineHarness();
  engine = await h.startEngine(undefined, (token) => reconciler.isBlocked(token));
  reconciler = createReconciler({
    prisma: h.db.prisma,
    oco: engine.oco,
    venues: engine.venues,
    clock: h.clock,
    logger,
    events,
    product: 'MIS',
    instrumentIdOf: h.instruments.idOf,
  });
  byHand = await h.newBroker();
}, 120_000);

afterAll(async () => {
  await engine.stop();
  await h.close();
});

describe('reconciliation with kite-sim', () => {
  it('starts clean, imports an order placed by hand once, and blocks entries where positions differ', async () => {
    expect((await reconciler.run('STARTUP')).lastRun).toMatchObject({
      trigger: 'STARTUP',
      outcome: 'CLEAN',
      discrepancies: 0,
    });
    expect(reconciler.lastStatus().clean).toBe(true);

    // A resting order placed by hand, below the market (within its circuit band).
    const resting = await byHand.placeOrder(
      manualOrder({ clientOrderId: 'byhand1', orderType: 'LIMIT', price: paise(380_00) }),
    );
    if (!resting.ok) throw new Error(resting.error.message);
    const found = await reconciler.run('MANUAL');
    expect(found.lastRun).toMatchObject({ outcome: 'DISCREPANCIES', discrepancies: 1 });
    expect(reconciler.lastStatus().clean).toBe(false);
    const imported = await h.db.prisma.order.findUniqueOrThrow({
      where: { brokerOrderId: resting.value.brokerOrderId },
    });
    expect(imported).toMatchObject({ isExternal: true, role: 'EXTERNAL', status: 'OPEN' });
    expect((await reconciler.run('PERIODIC')).lastRun).toMatchObject({ outcome: 'CLEAN' });

    // A position bought by hand: the engine holds none of it.
    const itc = h.instrument('ITC');
    const bought = await byHand.placeOrder(manualOrder({ clientOrderId: 'byhand2' }));
    if (!bought.ok) throw new Error(bought.error.message);
    const mismatch = await reconciler.run('PERIODIC');
    expect(mismatch.blockedTokens).toEqual([itc.token]);
    expect(reconciler.isBlocked(itc.token)).toBe(true);
    const open = await listDiscrepancies(h.db.prisma, { limit: 10, unresolvedOnly: true });
    expect(open.map((d) => [d.kind, d.expected, d.actual])).toEqual([
      ['POSITION_MISMATCH', { value: 0 }, { value: 1 }],
    ]);
    expect(await h.db.prisma.riskEvent.count({ where: { kind: 'POSITION_MISMATCH' } })).toBe(1);
    // The strategy's signal on ITC is refused while it is blocked.
    h.fired.clear();
    h.armed.clear();
    h.armed.add(itc.token);
    await h.nudge('ITC', 1);
    await h.stepMinute();
    await h.nudge('ITC', 1);
    await until('the ITC decision', async () => (await h.db.prisma.decision.count()) === 1);
    expect(await h.db.prisma.decision.findFirstOrThrow()).toMatchObject({
      approved: false,
      reason: 'OUTSIDE_ENTRY_WINDOW',
    });
    expect(engine.oco.groups()).toEqual([]);

    // A second run does not raise it again.
    await reconciler.run('PERIODIC');
    expect(await h.db.prisma.riskEvent.count({ where: { kind: 'POSITION_MISMATCH' } })).toBe(1);

    // Sold back by hand: the positions agree, entries are allowed again.
    const sold = await byHand.placeOrder(manualOrder({ clientOrderId: 'byhand3', side: 'SELL' }));
    if (!sold.ok) throw new Error(sold.error.message);
    await until('the unblocking run', async () => {
      await reconciler.run('PERIODIC');
      return !reconciler.isBlocked(itc.token);
    });
    expect(await listDiscrepancies(h.db.prisma, { limit: 10, unresolvedOnly: true })).toEqual([]);
    expect(events.ofType('reconciliation.unblocked')).toHaveLength(1);
  });
});
