import type { GroupEvent, OcoGroup, OrderState, OrderStatus, TargetPlan } from '@kavach/domain';
import { applyGroupEvent, createGroup, createOrderState, paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { planResume, replayOrderStates, rewindUnsentCommands } from './resume-group';

const AT = Date.parse('2026-11-23T05:00:00Z');

function bracket(targets: readonly TargetPlan[]): OcoGroup {
  const created = createGroup({
    groupId: 'g1',
    side: 'BUY',
    quantity: 10,
    entry: { orderType: 'LIMIT', price: paise(150_000), triggerPrice: null },
    stop: { orderType: 'SL-M', price: null, triggerPrice: paise(148_000) },
    targets,
  });
  if (!created.ok) throw new Error(created.error.message);
  return created.group;
}

const ONE_TARGET: readonly TargetPlan[] = [{ role: 'TP1', quantity: 10, price: paise(152_000) }];
const TWO_TARGETS: readonly TargetPlan[] = [
  { role: 'TP1', quantity: 5, price: paise(152_000) },
  { role: 'TP2', quantity: 5, price: paise(154_000) },
];

function legOf(group: OcoGroup, role: string): string {
  const leg = group.legs.find((l) => l.role === role && l.status !== 'DONE');
  if (leg === undefined) throw new Error(`no live ${role} leg`);
  return leg.legId;
}

function apply(group: OcoGroup, event: GroupEvent): OcoGroup {
  const result = applyGroupEvent(group, event);
  if (!result.ok) throw new Error(result.error.message);
  return result.group;
}

function filled(group: OcoGroup, role: string, filledQuantity: number): GroupEvent {
  return {
    type: 'legClosed',
    legId: legOf(group, role),
    outcome: 'FILLED',
    filledQuantity,
    at: AT,
  };
}

/** The entry filled and its stop and targets sent: what the group holds, not yet accepted. */
function protectedBracket(targets: readonly TargetPlan[]): OcoGroup {
  const group = bracket(targets);
  return apply(group, filled(group, 'ENTRY', 10));
}

function order(status: OrderStatus, quantity: number, filledQuantity = 0): OrderState {
  return { ...createOrderState({ orderId: 'o', quantity, at: AT }), status, filledQuantity };
}

/** Order states by role; a role left out has no order at all (never written). */
function ordersBy(group: OcoGroup, byRole: Readonly<Record<string, OrderState>>) {
  return (legId: string) => {
    const leg = group.legs.find((l) => l.legId === legId);
    return leg === undefined ? undefined : byRole[leg.role];
  };
}

describe('replayOrderStates', () => {
  it('tells the group of a fill its order stored before the group was', () => {
    const group = bracket(ONE_TARGET);
    const events = replayOrderStates(
      group,
      ordersBy(group, { ENTRY: order('FILLED', 10, 10) }),
      AT,
    );
    expect(events.map((e) => e.type)).toEqual(['legAccepted', 'legClosed']);
    const caughtUp = events.reduce(apply, group);
    expect(caughtUp.legs.map((l) => l.role)).toEqual(['ENTRY', 'STOP', 'TP1']);
  });

  it('tells the group nothing it already knows', () => {
    const group = protectedBracket(ONE_TARGET);
    const states = ordersBy(group, {
      ENTRY: order('FILLED', 10, 10),
      STOP: order('SUBMITTED', 10),
      TP1: order('PENDING_SUBMIT', 10),
    });
    expect(replayOrderStates(group, states, AT)).toEqual([]);
  });
});

describe('planResume', () => {
  it('places again the stop and target decided on but never written', () => {
    const group = protectedBracket(ONE_TARGET);
    const plan = planResume(group, ordersBy(group, { ENTRY: order('FILLED', 10, 10) }));
    expect(plan.commands).toMatchObject([
      { type: 'placeLeg', role: 'STOP', side: 'SELL', quantity: 10, orderType: 'SL-M' },
      { type: 'placeLeg', role: 'TP1', side: 'SELL', quantity: 10, orderType: 'LIMIT' },
    ]);
    expect(plan.group.legs.map((l) => l.role)).toEqual(['ENTRY', 'STOP', 'TP1']);
    expect(plan.group.status).toBe('OPEN');
  });

  it('closes an entry never written as refused: nothing happened', () => {
    const group = bracket(ONE_TARGET);
    const plan = planResume(group, () => undefined);
    expect(plan.commands).toEqual([]);
    expect(plan.group.status).toBe('CLOSED');
    expect(plan.group.legs[0]).toMatchObject({ status: 'DONE', outcome: 'REJECTED' });
  });

  it('sends again the stop reduction a target fill called for, when the broker still has the old size', () => {
    const open = protectedBracket(TWO_TARGETS);
    const reduced = apply(open, filled(open, 'TP1', 5));
    expect(reduced.legs.find((l) => l.role === 'STOP')?.quantity).toBe(5);
    const plan = planResume(
      reduced,
      ordersBy(reduced, {
        ENTRY: order('FILLED', 10, 10),
        STOP: order('TRIGGER_PENDING', 10),
        TP1: order('FILLED', 5, 5),
        TP2: order('OPEN', 5),
      }),
    );
    expect(plan.commands).toMatchObject([{ type: 'modifyLeg', role: 'STOP', quantity: 5 }]);
  });

  it('cancels again a target the broker still works after a flatten', () => {
    const open = protectedBracket(ONE_TARGET);
    const exiting = apply(open, { type: 'flatten', reason: 'kill switch', at: AT });
    const out = apply(exiting, filled(exiting, 'STOP', 10));
    expect(out.legs.find((l) => l.role === 'TP1')?.status).toBe('CANCELLING');
    const states = ordersBy(out, {
      ENTRY: order('FILLED', 10, 10),
      STOP: order('FILLED', 10, 10),
      TP1: order('OPEN', 10),
    });
    expect(planResume(out, states).commands).toMatchObject([{ type: 'cancelLeg', role: 'TP1' }]);
  });

  it('turns the stop into the market exit again when the broker still waits for its trigger', () => {
    const open = protectedBracket(ONE_TARGET);
    const exiting = apply(open, { type: 'flatten', reason: 'EOD', at: AT });
    const states = ordersBy(exiting, {
      ENTRY: order('FILLED', 10, 10),
      STOP: order('TRIGGER_PENDING', 10),
      TP1: order('OPEN', 10),
    });
    expect(planResume(exiting, states).commands).toMatchObject([
      { type: 'modifyLeg', role: 'STOP', quantity: 10, toMarket: true },
      { type: 'cancelLeg', role: 'TP1' },
    ]);
  });

  it('leaves alone a bracket whose requests reached the broker or are still in flight', () => {
    const open = protectedBracket(ONE_TARGET);
    const exiting = apply(open, { type: 'flatten', reason: 'kill switch', at: AT });
    const states = ordersBy(exiting, {
      ENTRY: order('FILLED', 10, 10),
      STOP: order('MODIFY_PENDING', 10),
      TP1: order('CANCEL_PENDING', 10),
    });
    expect(rewindUnsentCommands(exiting, states)).toBe(exiting);
    expect(planResume(exiting, states)).toEqual({ group: exiting, commands: [] });
  });
});
