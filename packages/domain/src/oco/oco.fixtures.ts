import { deepFreeze, rupees, T0 } from '../order/order.fixtures';
import type { OrderSide } from '../order/order-status';
import { applyGroupEvent } from './apply-group-event';
import { createGroup } from './create-group';
import type { BracketPlanInput } from './create-group';
import type { GroupCommand } from './group-commands';
import type { GroupEvent } from './group-events';
import type { GroupLeg, GroupLegRole, OcoGroup } from './group-types';

export { deepFreeze, T0 };

export function planFor(fields: Partial<BracketPlanInput> = {}): BracketPlanInput {
  return {
    groupId: 'G1',
    side: 'BUY',
    quantity: 100,
    entry: { orderType: 'LIMIT', price: rupees(100), triggerPrice: null },
    stop: { orderType: 'SL-M', price: null, triggerPrice: rupees(98) },
    targets: [
      { role: 'TP1', quantity: 50, price: rupees(103) },
      { role: 'TP2', quantity: 50, price: rupees(106) },
    ],
    ...fields,
  };
}

export function newGroup(fields: Partial<BracketPlanInput> = {}): OcoGroup {
  const created = createGroup(planFor(fields));
  if (!created.ok) throw new Error(created.error.message);
  return deepFreeze(created.group);
}

export interface Step {
  readonly group: OcoGroup;
  readonly commands: readonly GroupCommand[];
}

/** Applies one event to a frozen group, failing the test on an error. */
export function step(group: OcoGroup, event: GroupEvent): Step {
  const result = applyGroupEvent(deepFreeze(group), deepFreeze(event));
  if (!result.ok)
    throw new Error(`${event.type} refused: ${result.error.code} ${result.error.message}`);
  return { group: deepFreeze(result.group), commands: result.commands };
}

/** The working (or being cancelled) legs of a role, newest last. */
export function legsOf(group: OcoGroup, role: GroupLegRole, side?: OrderSide): GroupLeg[] {
  return group.legs.filter((l) => l.role === role && (side === undefined || l.side === side));
}

export function liveLeg(group: OcoGroup, role: GroupLegRole): GroupLeg {
  const leg = group.legs.filter((l) => l.role === role && l.status === 'WORKING').at(-1);
  if (leg === undefined) throw new Error(`no working ${role} leg`);
  return leg;
}

export const filled = (legId: string, filledQuantity: number, ms = 10): GroupEvent => ({
  type: 'legFilled',
  legId,
  filledQuantity,
  at: T0 + ms,
});

export const closed = (
  legId: string,
  outcome: 'FILLED' | 'CANCELLED' | 'REJECTED' | 'EXPIRED',
  filledQuantity: number,
  ms = 20,
): GroupEvent => ({ type: 'legClosed', legId, outcome, filledQuantity, at: T0 + ms });

export const accepted = (legId: string, ms = 5): GroupEvent => ({
  type: 'legAccepted',
  legId,
  at: T0 + ms,
});

/** Commands without their risk events, in a compact form for assertions. */
export function orderCommands(commands: readonly GroupCommand[]): string[] {
  return commands.flatMap((c) => {
    switch (c.type) {
      case 'placeLeg':
        return [
          `place ${c.role} ${c.side} ${c.quantity}${c.replacesLegId === null ? '' : ` replaces ${c.replacesLegId}`}`,
        ];
      case 'modifyLeg':
        return [`modify ${c.legId} to ${c.quantity}${c.toMarket ? ' at market' : ''}`];
      case 'cancelLeg':
        return [`cancel ${c.legId}`];
      case 'flattenExcess':
        return [`flatten ${c.side} ${c.quantity} ${c.reason}`];
      case 'raiseRiskEvent':
        return [];
    }
  });
}

export function riskCodes(commands: readonly GroupCommand[]): string[] {
  return commands.flatMap((c) => (c.type === 'raiseRiskEvent' ? [c.code] : []));
}
