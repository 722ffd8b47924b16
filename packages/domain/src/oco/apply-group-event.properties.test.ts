import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paise } from '../money/paise';
import { rupees } from '../order/order.fixtures';
import { applyGroupEvent } from './apply-group-event';
import { createGroup } from './create-group';
import type { BracketPlanInput } from './create-group';
import { deriveGroupStatus } from './derive-group-status';
import { measureGroupPosition, openQuantityOf, oppositeSide } from './group-position';
import { GroupSimulation } from './group-simulator.fixtures';
import type { SimAction, SimStep } from './group-simulator.fixtures';
import type { GroupLeg, OcoGroup } from './group-types';
import { deepFreeze } from './oco.fixtures';
import { reconcileGroup } from './reconcile-legs';

const RUNS = { numRuns: 1000 };

const planArb: fc.Arbitrary<BracketPlanInput> = fc
  .record({
    side: fc.constantFrom('BUY' as const, 'SELL' as const),
    lot: fc.constantFrom(1, 25, 65),
    lots: fc.integer({ min: 1, max: 6 }),
    targets: fc.constantFrom(0, 1, 2),
    tp1Lots: fc.integer({ min: 1, max: 6 }),
    cap: fc.integer({ min: 1, max: 4 }),
  })
  .map(({ side, lot, lots, targets, tp1Lots, cap }) => {
    const quantity = lot * lots;
    const tp1 = lot * Math.min(tp1Lots, lots);
    const tp2 = quantity - tp1;
    const all = [
      { role: 'TP1' as const, quantity: tp1, price: rupees(side === 'BUY' ? 103 : 97) },
      { role: 'TP2' as const, quantity: tp2, price: rupees(side === 'BUY' ? 106 : 94) },
    ].filter((t) => t.quantity > 0);
    return {
      groupId: 'P',
      side,
      quantity,
      entry: { orderType: 'LIMIT' as const, price: rupees(100), triggerPrice: null },
      stop: {
        orderType: 'SL-M' as const,
        price: null,
        triggerPrice: rupees(side === 'BUY' ? 98 : 102),
      },
      targets: all.slice(0, targets),
      maxModificationsPerOrder: cap,
    };
  });

const pickArb = fc.nat({ max: 50 });
const actionArb: fc.Arbitrary<SimAction> = fc.oneof(
  { weight: 3, arbitrary: pickArb.map((p) => ({ kind: 'ack' as const, pick: p })) },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('fill' as const),
      pick: pickArb,
      amount: fc.nat({ max: 400 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('applyModify' as const),
      pick: pickArb,
      refuse: fc.boolean(),
      cap: fc.boolean(),
    }),
  },
  { weight: 4, arbitrary: pickArb.map((p) => ({ kind: 'confirmCancel' as const, pick: p })) },
  { weight: 1, arbitrary: pickArb.map((p) => ({ kind: 'reject' as const, pick: p })) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('lateFill' as const),
      pick: pickArb,
      amount: fc.nat({ max: 400 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 30 })
      .map((amount) => ({ kind: 'overfillEntry' as const, amount })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'flatten' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'abandonEntry' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'redeliver' as const }) },
);

const scenarioArb = fc.record({
  plan: planArb,
  actions: fc.array(actionArb, { minLength: 1, maxLength: 60 }),
});

function openOf(group: OcoGroup, predicate: (leg: GroupLeg) => boolean): number {
  return group.legs.filter(predicate).reduce((total, l) => total + openQuantityOf(l), 0);
}

/** Runs a scenario, checking every step; returns the simulation for end-state checks. */
function simulate(
  plan: BracketPlanInput,
  actions: readonly SimAction[],
  check: (step: SimStep, sim: GroupSimulation) => void,
): GroupSimulation {
  const created = createGroup(plan);
  if (!created.ok) throw new Error(created.error.message);
  const sim: GroupSimulation = new GroupSimulation(created.group, created.commands, (s) => {
    check(s, sim);
  });
  for (const action of actions) sim.perform(action);
  return sim;
}

function expectOk(step: SimStep): OcoGroup {
  if (!step.result.ok) throw new Error(`${step.event.type} refused: ${step.result.error.message}`);
  return step.result.group;
}

describe('applyGroupEvent properties over a simulated broker', () => {
  it('never has more stop, or more targets, working than the open position', () => {
    fc.assert(
      fc.property(scenarioArb, ({ plan, actions }) => {
        simulate(plan, actions, (step) => {
          const group = expectOk(step);
          const exitSide = oppositeSide(plan.side);
          const held = Math.max(0, measureGroupPosition(group).net);
          const working = (l: GroupLeg) => l.status === 'WORKING' && l.side === exitSide;
          expect(openOf(group, (l) => working(l) && l.role === 'STOP')).toBeLessThanOrEqual(held);
          expect(
            openOf(group, (l) => working(l) && (l.role === 'TP1' || l.role === 'TP2')),
          ).toBeLessThanOrEqual(held);
          expect(
            openOf(group, (l) => working(l) && (l.role === 'STOP' || l.role === 'EXIT')),
          ).toBeLessThanOrEqual(held);
        });
      }),
      RUNS,
    );
  });

  it('when exiting, sends market exits only for what the orders still being cancelled do not cover', () => {
    fc.assert(
      fc.property(scenarioArb, ({ plan, actions }) => {
        simulate(plan, actions, (step) => {
          const group = expectOk(step);
          if (!group.exiting) return;
          const exitSide = oppositeSide(plan.side);
          const held = Math.max(0, measureGroupPosition(group).net);
          const mayStillFill = openOf(group, (l) => l.side === exitSide && l.role !== 'EXIT');
          const exits = openOf(
            group,
            (l) => l.side === exitSide && l.role === 'EXIT' && l.status === 'WORKING',
          );
          expect(exits).toBeLessThanOrEqual(Math.max(0, held - mayStillFill));
        });
      }),
      RUNS,
    );
  });

  /** Found in CI (seed 2069570163): the stop filled in full, not yet closed, while exiting. */
  const STOP_FILLED_IN_FULL_THEN_FLATTEN: { plan: BracketPlanInput; actions: SimAction[] } = {
    plan: {
      groupId: 'P',
      side: 'BUY',
      quantity: 2,
      entry: { orderType: 'LIMIT', price: paise(10000), triggerPrice: null },
      stop: { orderType: 'SL-M', price: null, triggerPrice: paise(9800) },
      targets: [{ role: 'TP1', quantity: 1, price: paise(10300) }],
      maxModificationsPerOrder: 3,
    },
    actions: [
      { kind: 'fill', pick: 0, amount: 255 },
      { kind: 'overfillEntry', amount: 1 },
      { kind: 'fill', pick: 4, amount: 0 },
      { kind: 'flatten' },
      { kind: 'fill', pick: 0, amount: 0 },
      { kind: 'reject', pick: 0 },
    ],
  };

  /** Found by this property (seed -682909030): an over-exit, then its flatten order's modify refused. */
  const FLIP_THEN_REFUSED_EXIT_MODIFY: { plan: BracketPlanInput; actions: SimAction[] } = {
    plan: {
      groupId: 'P',
      side: 'BUY',
      quantity: 65,
      entry: { orderType: 'LIMIT', price: paise(10000), triggerPrice: null },
      stop: { orderType: 'SL-M', price: null, triggerPrice: paise(9800) },
      targets: [{ role: 'TP1', quantity: 65, price: paise(10300) }],
      maxModificationsPerOrder: 1,
    },
    actions: [
      { kind: 'fill', pick: 0, amount: 176 },
      { kind: 'fill', pick: 5, amount: 2 },
      { kind: 'fill', pick: 1, amount: 139 },
      { kind: 'fill', pick: 0, amount: 0 },
      { kind: 'applyModify', pick: 9, refuse: true, cap: false },
      { kind: 'reject', pick: 0 },
    ],
  };

  /** Found by this property (seed 1814816084): the same, with Kite's modification cap. */
  const FLIP_THEN_CAPPED_EXIT_MODIFY: { plan: BracketPlanInput; actions: SimAction[] } = {
    plan: {
      groupId: 'P',
      side: 'BUY',
      quantity: 5,
      entry: { orderType: 'LIMIT', price: paise(10000), triggerPrice: null },
      stop: { orderType: 'SL-M', price: null, triggerPrice: paise(9800) },
      targets: [
        { role: 'TP1', quantity: 1, price: paise(10300) },
        { role: 'TP2', quantity: 4, price: paise(10600) },
      ],
      maxModificationsPerOrder: 1,
    },
    actions: [
      { kind: 'fill', pick: 0, amount: 227 },
      { kind: 'fill', pick: 23, amount: 21 },
      { kind: 'fill', pick: 10, amount: 74 },
      { kind: 'fill', pick: 0, amount: 0 },
      { kind: 'applyModify', pick: 0, refuse: true, cap: true },
      { kind: 'ack', pick: 0 },
    ],
  };

  /** Found by this property: the flatten order shrinks twice as the entry keeps filling. */
  const FLIP_THEN_EXIT_SHRUNK_PAST_CAP: { plan: BracketPlanInput; actions: SimAction[] } = {
    plan: FLIP_THEN_REFUSED_EXIT_MODIFY.plan,
    actions: [
      { kind: 'fill', pick: 0, amount: 175 },
      { kind: 'fill', pick: 0, amount: 0 },
      { kind: 'fill', pick: 11, amount: 3 },
      { kind: 'fill', pick: 5, amount: 45 },
      { kind: 'fill', pick: 0, amount: 0 },
      { kind: 'fill', pick: 0, amount: 0 },
      { kind: 'confirmCancel', pick: 0 },
    ],
  };

  it('when exiting, turns a stop it can still modify into the market exit, and cancels any other', () => {
    fc.assert(
      fc.property(scenarioArb, ({ plan, actions }) => {
        simulate(plan, actions, (step) => {
          const group = expectOk(step);
          if (!group.exiting) return;
          const stops = group.legs.filter((l) => l.role === 'STOP' && l.status === 'WORKING');
          expect(stops.filter((l) => !l.atMarket)).toEqual([]);
          if (measureGroupPosition(group).net <= 0) return;
          for (const before of step.before.legs) {
            const modifiable =
              before.role === 'STOP' &&
              before.status === 'WORKING' &&
              !before.replaceRequired &&
              openQuantityOf(before) > 0 &&
              before.modifications < plan.maxModificationsPerOrder!;
            const after = group.legs.find((l) => l.legId === before.legId);
            const refusedNow =
              step.event.type === 'legModifyRefused' && step.event.legId === before.legId;
            const stillOpen = after !== undefined && openQuantityOf(after) > 0;
            if (modifiable && !refusedNow && stillOpen && stops.length <= 1) {
              expect(after).toMatchObject({ status: 'WORKING', atMarket: true });
            }
          }
        });
      }),
      { ...RUNS, examples: [[STOP_FILLED_IN_FULL_THEN_FLATTEN]] },
    );
  });

  it('answers any excess over the position with a flatten order covering exactly the excess', () => {
    fc.assert(
      fc.property(scenarioArb, ({ plan, actions }) => {
        let flipRaised = false;
        simulate(plan, actions, (step) => {
          const group = expectOk(step);
          const net = measureGroupPosition(group).net;
          const flatten = (l: GroupLeg) => l.role === 'EXIT' && l.side === plan.side;
          const working = openOf(group, (l) => flatten(l) && l.status === 'WORKING');
          const covering = openOf(group, (l) => flatten(l) && l.status !== 'DONE');
          if (net < 0) {
            expect(covering).toBeGreaterThanOrEqual(-net);
            expect(working).toBeLessThanOrEqual(-net);
            expect(group.status).toBe('EXITING');
          } else {
            expect(working).toBe(0);
          }
          const flipped =
            step.result.ok &&
            step.result.commands.some(
              (c) => c.type === 'flattenExcess' && c.reason === 'POSITION_FLIPPED',
            );
          const raised =
            step.result.ok &&
            step.result.commands.some(
              (c) => c.type === 'raiseRiskEvent' && c.code === 'POSITION_FLIPPED',
            );
          // A flip is never silent: the first flatten for it raises the risk event; later
          // resizes and replacements of that flatten order (a refused modify, Kite's cap) follow it.
          if (flipped) expect(raised || flipRaised).toBe(true);
          flipRaised ||= raised;
        });
      }),
      {
        ...RUNS,
        examples: [
          [FLIP_THEN_REFUSED_EXIT_MODIFY],
          [FLIP_THEN_CAPPED_EXIT_MODIFY],
          [FLIP_THEN_EXIT_SHRUNK_PAST_CAP],
        ],
      },
    );
  });

  it('ends CLOSED, flat and with nothing working once the broker settles', () => {
    fc.assert(
      fc.property(scenarioArb, ({ plan, actions }) => {
        const sim = simulate(plan, actions, (step) => {
          const group = expectOk(step);
          if (group.status === 'CLOSED') {
            expect(measureGroupPosition(group).net).toBe(0);
            expect(group.legs.every((l) => l.status === 'DONE')).toBe(true);
          }
        });
        expect(sim.settle()).toBe(true);
        expect(measureGroupPosition(sim.group).net).toBe(0);
        expect(sim.group.status).toBe('CLOSED');
        expect(sim.group.legs.every((l) => l.status === 'DONE')).toBe(true);
      }),
      RUNS,
    );
  });

  it('knows every fill the broker made, and its status follows from its facts', () => {
    fc.assert(
      fc.property(scenarioArb, ({ plan, actions }) => {
        simulate(plan, actions, (step, sim) => {
          const group = expectOk(step);
          for (const order of sim.orders) {
            const leg = group.legs.find((l) => l.legId === order.legId);
            expect(leg?.filledQuantity).toBe(order.filled);
            if (order.outcome !== null) expect(leg?.status).toBe('DONE');
          }
          expect(group.status).toBe(deriveGroupStatus(group));
        });
      }),
      RUNS,
    );
  });

  it('leaves nothing to do after each event: reconciling again yields no command', () => {
    fc.assert(
      fc.property(scenarioArb, ({ plan, actions }) => {
        simulate(plan, actions, (step) => {
          const group = expectOk(step);
          expect(reconcileGroup(group).commands).toEqual([]);
        });
      }),
      RUNS,
    );
  });

  it('ignores a redelivered event: same group, no commands', () => {
    fc.assert(
      fc.property(scenarioArb, ({ plan, actions }) => {
        simulate(plan, actions, (step) => {
          const group = expectOk(step);
          const again = applyGroupEvent(group, step.event);
          expect(again.ok && again.group).toBe(group);
          expect(again.ok && again.commands).toEqual([]);
        });
      }),
      RUNS,
    );
  });

  it('is deterministic: replaying the events gives equal groups and commands', () => {
    fc.assert(
      fc.property(scenarioArb, ({ plan, actions }) => {
        const sim = simulate(plan, actions, () => undefined);
        const created = createGroup(plan);
        if (!created.ok) throw new Error(created.error.message);
        let group = deepFreeze(created.group);
        for (const recorded of sim.steps) {
          const replayed = applyGroupEvent(group, recorded.event);
          expect(replayed).toEqual(recorded.result);
          if (replayed.ok) group = deepFreeze(replayed.group);
        }
      }),
      { numRuns: 200 },
    );
  });
});
