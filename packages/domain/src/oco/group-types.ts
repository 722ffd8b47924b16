import type { Paise } from '../money/paise';
import type { LegRole, OrderSide, OrderType } from '../order/order-status';

/**
 * PENDING_ENTRY     entry sent, not yet acknowledged
 * ENTRY_WORKING     entry working at the broker, nothing filled
 * OPEN              a position, protected by a stop (and targets), no exits yet
 * PARTIALLY_EXITED  some exits filled, position (or the entry) still open
 * EXITING           getting out: flatten, stop lost or hit with a remainder, or a flipped position
 * CLOSING           flat, waiting for the last cancels to be confirmed
 * CLOSED            flat and nothing working
 */
export const GROUP_STATUSES = [
  'PENDING_ENTRY',
  'ENTRY_WORKING',
  'OPEN',
  'PARTIALLY_EXITED',
  'EXITING',
  'CLOSING',
  'CLOSED',
] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

/** The roles a bracket uses (HEDGE legs are not part of a bracket). */
export type GroupLegRole = Extract<LegRole, 'ENTRY' | 'STOP' | 'TP1' | 'TP2' | 'EXIT'>;
export type TargetRole = Extract<LegRole, 'TP1' | 'TP2'>;
/** Roles that stop being placed automatically after the broker refused one of their orders. */
export type DisableableRole = Extract<LegRole, 'TP1' | 'TP2' | 'EXIT'>;

/**
 * WORKING     sent (acknowledged or not) and not asked to cancel
 * CANCELLING  cancel sent; the broker may still fill it
 * DONE        filled, cancelled, rejected or expired at the broker
 */
export type LegStatus = 'WORKING' | 'CANCELLING' | 'DONE';
export type LegOutcome = 'FILLED' | 'CANCELLED' | 'REJECTED' | 'EXPIRED';

/** Kite's cap on modifications of one order. */
export const KITE_MAX_MODIFICATIONS_PER_ORDER = 25;

export interface LegPricing {
  readonly orderType: OrderType;
  readonly price: Paise | null;
  readonly triggerPrice: Paise | null;
}

export interface TargetPlan {
  readonly role: TargetRole;
  /** Share of the planned position this target takes, in shares or contracts. */
  readonly quantity: number;
  readonly price: Paise;
}

export interface BracketPlan {
  readonly groupId: string;
  /** Side of the entry; every exit is on the other side. */
  readonly side: OrderSide;
  readonly quantity: number;
  readonly entry: LegPricing;
  /** SL or SL-M. */
  readonly stop: LegPricing;
  /** TP1, then optionally TP2; together at most the planned quantity. */
  readonly targets: readonly TargetPlan[];
  readonly maxModificationsPerOrder: number;
}

/** One broker order of the group, as the group commanded it and has heard of it. */
export interface GroupLeg {
  /** Stable id the engine binds to the order's client id (Kite tag). */
  readonly legId: string;
  readonly role: GroupLegRole;
  readonly side: OrderSide;
  readonly status: LegStatus;
  /** Total order quantity last commanded (placed or modified to). */
  readonly quantity: number;
  /** Cumulative filled quantity reported for this order. */
  readonly filledQuantity: number;
  readonly accepted: boolean;
  /** Modifications commanded so far, against the broker's cap. */
  readonly modifications: number;
  /** The broker refused a modify: the order's real size is unknown, so it gets replaced. */
  readonly replaceRequired: boolean;
  /** A stop turned into the market exit while getting out (one modify, no new order). */
  readonly atMarket: boolean;
  readonly outcome: LegOutcome | null;
}

export interface OcoGroup {
  readonly plan: BracketPlan;
  readonly status: GroupStatus;
  /** Every order the group ever placed, oldest first; DONE legs stay for the accounting. */
  readonly legs: readonly GroupLeg[];
  readonly nextLegSeq: number;
  /** Sticky: once getting out, the group only cancels and exits until it is flat. */
  readonly exiting: boolean;
  readonly exitReason: string | null;
  /** The entry's unfilled rest is no longer wanted (a stop filled, or exiting). */
  readonly entryAbandoned: boolean;
  readonly disabledRoles: readonly DisableableRole[];
}
