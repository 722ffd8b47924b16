import type { GroupEvent, OcoGroup } from '@kavach/domain';
import { applyGroupEvent, createGroup, paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { failpointOfGroupStep } from './group-step-failpoint';

const AT = Date.parse('2026-11-23T05:00:00Z');

function openedBracket(): OcoGroup {
  const created = createGroup({
    groupId: 'g1',
    side: 'BUY',
    quantity: 10,
    entry: { orderType: 'LIMIT', price: paise(150_000), triggerPrice: null },
    stop: { orderType: 'SL-M', price: null, triggerPrice: paise(148_000) },
    targets: [
      { role: 'TP1', quantity: 5, price: paise(152_000) },
      { role: 'TP2', quantity: 5, price: paise(154_000) },
    ],
  });
  if (!created.ok) throw new Error(created.error.message);
  return created.group;
}

function legOf(group: OcoGroup, role: string): string {
  const leg = group.legs.find((l) => l.role === role);
  if (leg === undefined) throw new Error(`no ${role} leg`);
  return leg.legId;
}

/** The failpoint of one event on `group`, and the group after it. */
function step(group: OcoGroup, event: GroupEvent) {
  const result = applyGroupEvent(group, event);
  if (!result.ok) throw new Error(result.error.message);
  return { failpoint: failpointOfGroupStep(group, event, result.commands), group: result.group };
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

describe('failpointOfGroupStep', () => {
  it('names the entry fill that calls for the first stop', () => {
    const group = openedBracket();
    expect(step(group, filled(group, 'ENTRY', 10)).failpoint).toBe(
      'oco.entry-fill.before-protection',
    );
  });

  it('names the target fill that reduces the stop', () => {
    const open = step(openedBracket(), filled(openedBracket(), 'ENTRY', 10)).group;
    expect(step(open, filled(open, 'TP1', 5)).failpoint).toBe(
      'oco.target-fill.before-stop-reduction',
    );
  });

  it('names nothing for steps that are not fills', () => {
    const group = openedBracket();
    const accepted: GroupEvent = { type: 'legAccepted', legId: legOf(group, 'ENTRY'), at: AT };
    expect(step(group, accepted).failpoint).toBeNull();
    const open = step(group, filled(group, 'ENTRY', 10)).group;
    expect(step(open, { type: 'flatten', reason: 'kill switch', at: AT }).failpoint).toBeNull();
  });

  it('names nothing for a stop fill, which cancels the targets', () => {
    const open = step(openedBracket(), filled(openedBracket(), 'ENTRY', 10)).group;
    expect(step(open, filled(open, 'STOP', 10)).failpoint).toBeNull();
  });
});
