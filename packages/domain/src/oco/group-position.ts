import type { OrderSide } from '../order/order-status';
import type { GroupLeg, GroupLegRole, OcoGroup } from './group-types';

export function oppositeSide(side: OrderSide): OrderSide {
  return side === 'BUY' ? 'SELL' : 'BUY';
}

/** What the broker may still fill of a leg: nothing once it is done. */
export function openQuantityOf(leg: GroupLeg): number {
  return leg.status === 'DONE' ? 0 : Math.max(0, leg.quantity - leg.filledQuantity);
}

export function findEntryLeg(group: OcoGroup): GroupLeg {
  const entry = group.legs.find((l) => l.role === 'ENTRY');
  if (entry === undefined) throw new Error(`group ${group.plan.groupId} has no entry leg`);
  return entry;
}

export interface GroupPosition {
  readonly entryFilled: number;
  /** Filled by every order on the exit side (stop, targets, exits). */
  readonly exitFilled: number;
  /** Filled by orders on the entry side that close a flipped position. */
  readonly flattenFilled: number;
  /** Position in the entry's direction: positive = held, negative = flipped. */
  readonly net: number;
  /** Entry fills beyond the entry's quantity. */
  readonly overfill: number;
}

/** The position measured from fills alone, whatever the orders were meant to do. */
export function measureGroupPosition(group: OcoGroup): GroupPosition {
  const entry = findEntryLeg(group);
  let exitFilled = 0;
  let flattenFilled = 0;
  for (const leg of group.legs) {
    if (leg.role === 'ENTRY') continue;
    if (leg.side === group.plan.side) flattenFilled += leg.filledQuantity;
    else exitFilled += leg.filledQuantity;
  }
  return {
    entryFilled: entry.filledQuantity,
    exitFilled,
    flattenFilled,
    net: entry.filledQuantity + flattenFilled - exitFilled,
    overfill: Math.max(0, entry.filledQuantity - entry.quantity),
  };
}

export function sumFilled(group: OcoGroup, role: GroupLegRole, side: OrderSide): number {
  return group.legs
    .filter((l) => l.role === role && l.side === side)
    .reduce((total, l) => total + l.filledQuantity, 0);
}

/** Open quantity the broker may fill for a role and side, counting legs being cancelled. */
export function sumOpen(group: OcoGroup, predicate: (leg: GroupLeg) => boolean): number {
  return group.legs.filter(predicate).reduce((total, l) => total + openQuantityOf(l), 0);
}
