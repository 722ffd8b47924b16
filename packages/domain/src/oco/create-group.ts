import type { OrderSide } from '../order/order-status';
import { ORDER_SIDES } from '../order/order-status';
import type { GroupCommand } from './group-commands';
import type { BracketPlan, LegPricing, OcoGroup, TargetPlan } from './group-types';
import { KITE_MAX_MODIFICATIONS_PER_ORDER } from './group-types';

export interface BracketPlanInput {
  readonly groupId: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly entry: LegPricing;
  readonly stop: LegPricing;
  readonly targets: readonly TargetPlan[];
  /** Defaults to Kite's cap of 25. */
  readonly maxModificationsPerOrder?: number;
}

export type CreateGroupResult =
  | { readonly ok: true; readonly group: OcoGroup; readonly commands: readonly GroupCommand[] }
  | {
      readonly ok: false;
      readonly error: { readonly code: 'INVALID_PLAN'; readonly message: string };
    };

/** A new bracket: validates the plan and asks for the entry order. */
export function createGroup(input: BracketPlanInput): CreateGroupResult {
  const plan: BracketPlan = {
    groupId: input.groupId,
    side: input.side,
    quantity: input.quantity,
    entry: input.entry,
    stop: input.stop,
    targets: input.targets,
    maxModificationsPerOrder: input.maxModificationsPerOrder ?? KITE_MAX_MODIFICATIONS_PER_ORDER,
  };
  const problem = describePlanProblem(plan);
  if (problem !== null) return { ok: false, error: { code: 'INVALID_PLAN', message: problem } };
  const legId = `${plan.groupId}:ENTRY:0`;
  return {
    ok: true,
    group: {
      plan,
      status: 'PENDING_ENTRY',
      legs: [
        {
          legId,
          role: 'ENTRY',
          side: plan.side,
          status: 'WORKING',
          quantity: plan.quantity,
          filledQuantity: 0,
          accepted: false,
          modifications: 0,
          replaceRequired: false,
          atMarket: false,
          outcome: null,
        },
      ],
      nextLegSeq: 1,
      exiting: false,
      exitReason: null,
      entryAbandoned: false,
      disabledRoles: [],
    },
    commands: [
      {
        type: 'placeLeg',
        legId,
        role: 'ENTRY',
        side: plan.side,
        quantity: plan.quantity,
        orderType: plan.entry.orderType,
        price: plan.entry.price,
        triggerPrice: plan.entry.triggerPrice,
        replacesLegId: null,
      },
    ],
  };
}

function describePlanProblem(plan: BracketPlan): string | null {
  if (plan.groupId.length === 0) return 'group id must not be empty';
  if (!ORDER_SIDES.includes(plan.side)) return `unknown side ${plan.side}`;
  if (!isPositiveInteger(plan.quantity))
    return `quantity must be a positive integer, got ${plan.quantity}`;
  if (!isPositiveInteger(plan.maxModificationsPerOrder)) {
    return `maxModificationsPerOrder must be a positive integer, got ${plan.maxModificationsPerOrder}`;
  }
  const entryProblem = describePricingProblem('entry', plan.entry);
  if (entryProblem !== null) return entryProblem;
  if (plan.stop.orderType !== 'SL' && plan.stop.orderType !== 'SL-M') {
    return `stop must be an SL or SL-M order, got ${plan.stop.orderType}`;
  }
  const stopProblem = describePricingProblem('stop', plan.stop);
  if (stopProblem !== null) return stopProblem;
  return describeTargetsProblem(plan.targets, plan.quantity);
}

function describePricingProblem(leg: string, pricing: LegPricing): string | null {
  const needsPrice = pricing.orderType === 'LIMIT' || pricing.orderType === 'SL';
  const needsTrigger = pricing.orderType === 'SL' || pricing.orderType === 'SL-M';
  if (needsPrice && (pricing.price === null || pricing.price <= 0)) {
    return `${leg} ${pricing.orderType} order needs a positive price`;
  }
  if (needsTrigger && (pricing.triggerPrice === null || pricing.triggerPrice <= 0)) {
    return `${leg} ${pricing.orderType} order needs a positive trigger price`;
  }
  return null;
}

function describeTargetsProblem(targets: readonly TargetPlan[], quantity: number): string | null {
  const roles = targets.map((t) => t.role).join(',');
  if (!['', 'TP1', 'TP1,TP2'].includes(roles))
    return `targets must be [], [TP1] or [TP1, TP2], got [${roles}]`;
  let total = 0;
  for (const target of targets) {
    if (!isPositiveInteger(target.quantity)) {
      return `${target.role} quantity must be a positive integer, got ${target.quantity}`;
    }
    if (!Number.isSafeInteger(target.price) || target.price <= 0)
      return `${target.role} needs a positive price`;
    total += target.quantity;
  }
  if (total > quantity) return `targets take ${total}, more than the planned ${quantity}`;
  return null;
}

function isPositiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}
