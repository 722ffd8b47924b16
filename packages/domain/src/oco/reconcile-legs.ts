import type { OrderSide } from '../order/order-status';
import { allocateTargets } from './allocate-targets';
import type { FlattenReason, GroupCommand } from './group-commands';
import {
  measureGroupPosition,
  openQuantityOf,
  oppositeSide,
  sumFilled,
  sumOpen,
} from './group-position';
import type { GroupLeg, GroupLegRole, LegPricing, OcoGroup, TargetRole } from './group-types';

/** How a role's new orders are sent. */
type Placement =
  | { readonly kind: 'order'; readonly pricing: LegPricing }
  | { readonly kind: 'flatten'; readonly reason: FlattenReason };

const MARKET: LegPricing = { orderType: 'MARKET', price: null, triggerPrice: null };

export interface Reconciliation {
  readonly group: OcoGroup;
  readonly commands: readonly GroupCommand[];
}

/**
 * Compares what the group should have working with what it commanded, and returns the
 * commands that close the gap. Everything is derived from fills, so it is safe after any
 * event in any order, and running it again on its own result yields no commands.
 *
 * Sizing rules (ORDER-LIFECYCLE.md, contingent orders):
 * - normally the stop covers the whole position and the targets share it in plan order;
 * - when exiting, the stop is turned into a MARKET order for the position and the targets are
 *   cancelled; without a stop that can be modified, a MARKET exit covers what the orders still
 *   being cancelled do not;
 * - a flipped position is closed by a flattenExcess order on the entry side;
 * - an over-filled entry's excess is closed by a flattenExcess order on the exit side.
 */
export function reconcileGroup(group: OcoGroup): Reconciliation {
  const plan = group.plan;
  const entrySide = plan.side;
  const exitSide = oppositeSide(entrySide);
  const legs = [...group.legs];
  let nextLegSeq = group.nextLegSeq;
  const cancels: GroupCommand[] = [];
  const modifies: GroupCommand[] = [];
  const exitsFirst: GroupCommand[] = [];
  const places: GroupCommand[] = [];
  const cancelsAfterPlacing: GroupCommand[] = [];

  const current = (): OcoGroup => ({ ...group, legs, nextLegSeq });
  const update = (leg: GroupLeg, next: GroupLeg) => {
    legs[legs.indexOf(leg)] = next;
  };
  const cancel = (leg: GroupLeg, afterPlacing: boolean) => {
    update(leg, { ...leg, status: 'CANCELLING', replaceRequired: false });
    (afterPlacing ? cancelsAfterPlacing : cancels).push({
      type: 'cancelLeg',
      legId: leg.legId,
      role: leg.role,
    });
  };
  const place = (
    role: GroupLegRole,
    side: OrderSide,
    quantity: number,
    placement: Placement,
    replacesLegId: string | null,
  ) => {
    const legId = `${plan.groupId}:${role}:${nextLegSeq}`;
    nextLegSeq += 1;
    legs.push({
      legId,
      role,
      side,
      status: 'WORKING',
      quantity,
      filledQuantity: 0,
      accepted: false,
      modifications: 0,
      replaceRequired: false,
      atMarket: false,
      outcome: null,
    });
    places.push(
      placement.kind === 'order'
        ? {
            type: 'placeLeg',
            legId,
            role,
            side,
            quantity,
            orderType: placement.pricing.orderType,
            price: placement.pricing.price,
            triggerPrice: placement.pricing.triggerPrice,
            replacesLegId,
          }
        : { type: 'flattenExcess', legId, side, quantity, reason: placement.reason },
    );
  };
  /** Sets a working leg's open quantity: modify, or replace it once the cap is reached. */
  const resizeLeg = (leg: GroupLeg, open: number, placement: Placement | null): boolean => {
    if (open === openQuantityOf(leg)) return true;
    if (leg.modifications < plan.maxModificationsPerOrder) {
      const quantity = leg.filledQuantity + open;
      update(leg, { ...leg, quantity, modifications: leg.modifications + 1 });
      modifies.push({
        type: 'modifyLeg',
        legId: leg.legId,
        role: leg.role,
        quantity,
        toMarket: false,
      });
      return true;
    }
    if (placement === null) return false;
    place(leg.role, leg.side, open, placement, leg.legId);
    cancel(leg, true);
    return true;
  };
  /** Brings the open quantity of a role on one side to `desired`. */
  const resizeRole = (
    role: GroupLegRole,
    side: OrderSide,
    desired: number,
    placement: Placement | null,
  ) => {
    const working = legs.filter(
      (l) => l.role === role && l.side === side && l.status === 'WORKING',
    );
    // A leg whose modify was refused has an unknown size at the broker: it is replaced.
    const replaced = working.filter((l) => l.replaceRequired);
    const kept = working.filter((l) => !l.replaceRequired);
    const open = kept.reduce((total, l) => total + openQuantityOf(l), 0);
    if (desired < open) {
      let cut = open - desired;
      for (const leg of [...kept].reverse()) {
        if (cut === 0) break;
        const legOpen = openQuantityOf(leg);
        if (legOpen <= cut) {
          cancel(leg, false);
          cut -= legOpen;
        } else {
          resizeLeg(leg, legOpen - cut, placement);
          cut = 0;
        }
      }
    }
    const grow = desired - open;
    let grown = false;
    if (grow > 0) {
      const newest = kept.at(-1);
      // Protective orders grow in place; exits are MARKET orders, so another one is simpler.
      if (newest !== undefined && role !== 'EXIT') {
        grown = resizeLeg(newest, openQuantityOf(newest) + grow, placement);
      } else if (placement !== null) {
        place(role, side, grow, placement, replaced[0]?.legId ?? null);
        grown = true;
      }
    }
    for (const leg of replaced) {
      // Cancelled once something else covers its share; kept if nothing could be placed.
      if (grow <= 0) cancel(leg, false);
      else if (grown) cancel(leg, true);
    }
  };

  const entry = legs.find((l) => l.role === 'ENTRY');
  const entryStillOpen = entry?.status === 'WORKING' && openQuantityOf(entry) > 0;
  if (entry !== undefined && entryStillOpen && (group.exiting || group.entryAbandoned)) {
    cancel(entry, false);
  }

  const position = measureGroupPosition(group);
  const normal = !group.exiting && position.net >= 0;
  const held = Math.max(0, position.net);

  const overfillLeft = Math.max(0, position.overfill - sumFilled(group, 'EXIT', exitSide));
  const overfillExit = normal ? Math.min(held, overfillLeft) : 0;
  const protectedQuantity = normal ? held - overfillExit : 0;

  /**
   * Getting out: the stop, already at the broker for the position, becomes a MARKET order with
   * one modify, so the position leaves at once instead of after every cancel is confirmed (the
   * kill switch's speed, within Kite's 10 order requests a second). Nothing is added to what
   * may fill: the targets being cancelled could fill before, and still can; a flip is closed
   * like any other. A stop that cannot be modified (refused, or at the cap) is cancelled, and
   * the market exit below covers what is left once it is confirmed.
   */
  const exitThroughStop = () => {
    const stops = legs.filter(
      (l) => l.role === 'STOP' && l.side === exitSide && l.status === 'WORKING',
    );
    const canModify = (l: GroupLeg) => l.modifications < plan.maxModificationsPerOrder;
    const convertible = stops.findLast(
      (l) =>
        held > 0 && openQuantityOf(l) > 0 && !l.replaceRequired && (l.atMarket || canModify(l)),
    );
    for (const leg of stops) {
      const open = Math.min(openQuantityOf(leg), held);
      if (leg === convertible && leg.atMarket && open === openQuantityOf(leg)) continue;
      if (leg !== convertible || !canModify(leg)) {
        cancel(leg, false);
        continue;
      }
      const quantity = leg.filledQuantity + open;
      update(leg, { ...leg, quantity, atMarket: true, modifications: leg.modifications + 1 });
      exitsFirst.push({
        type: 'modifyLeg',
        legId: leg.legId,
        role: leg.role,
        quantity,
        toMarket: !leg.atMarket,
      });
    }
  };
  if (normal) {
    resizeRole('STOP', exitSide, protectedQuantity, { kind: 'order', pricing: plan.stop });
  } else {
    exitThroughStop();
  }
  const targetFills: Record<TargetRole, number> = {
    TP1: sumFilled(group, 'TP1', exitSide),
    TP2: sumFilled(group, 'TP2', exitSide),
  };
  const targets = allocateTargets(
    plan.targets,
    targetFills,
    protectedQuantity,
    group.disabledRoles,
  );
  for (const role of ['TP1', 'TP2'] as const) {
    const target = plan.targets.find((t) => t.role === role);
    const pricing: LegPricing = {
      orderType: 'LIMIT',
      price: target?.price ?? null,
      triggerPrice: null,
    };
    const canPlace = target !== undefined && !group.disabledRoles.includes(role);
    resizeRole(role, exitSide, targets[role], canPlace ? { kind: 'order', pricing } : null);
  }

  const exitPlacement: Placement | null = group.disabledRoles.includes('EXIT')
    ? null
    : normal
      ? { kind: 'flatten', reason: 'ENTRY_OVERFILL' }
      : { kind: 'order', pricing: MARKET };
  // Stop and targets being cancelled may still fill, so the market exit waits for their
  // share. An exit's own cancelled legs are not counted: a reduction must stay a reduction.
  const exitCoveredElsewhere = sumOpen(
    current(),
    (l) => l.side === exitSide && l.role !== 'EXIT' && l.status !== 'DONE',
  );
  const exitWanted = normal ? overfillExit : Math.max(0, position.net - exitCoveredElsewhere);
  resizeRole('EXIT', exitSide, exitWanted, exitPlacement);

  resizeRole(
    'EXIT',
    entrySide,
    Math.max(0, -position.net),
    group.disabledRoles.includes('EXIT') ? null : { kind: 'flatten', reason: 'POSITION_FLIPPED' },
  );

  return {
    group: current(),
    commands: [...exitsFirst, ...cancels, ...modifies, ...places, ...cancelsAfterPlacing],
  };
}
