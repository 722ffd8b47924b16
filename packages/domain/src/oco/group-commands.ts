import type { Paise } from '../money/paise';
import type { OrderSide, OrderType } from '../order/order-status';
import type { GroupLegRole } from './group-types';

export type RiskSeverity = 'WARNING' | 'CRITICAL';

export const GROUP_RISK_CODES = [
  /** Exits filled beyond the position: it flipped side and the excess is being closed. */
  'POSITION_FLIPPED',
  /** The entry filled beyond its quantity: the excess is being closed. */
  'ENTRY_OVERFILL',
  /** The stop was rejected, cancelled or expired without us asking: exiting at market. */
  'STOP_LOST',
  /** A target was rejected, cancelled or expired: the stop still protects, no new target. */
  'TARGET_LOST',
  /** An exit order failed: a person must act (flatten again retries). */
  'EXIT_FAILED',
  /** The broker refused a modify (other than the cap): the order is being replaced. */
  'MODIFY_REFUSED',
  /** A fill arrived for an order already reported cancelled, rejected or expired. */
  'LATE_FILL',
] as const;
export type GroupRiskCode = (typeof GROUP_RISK_CODES)[number];

export type FlattenReason = 'POSITION_FLIPPED' | 'ENTRY_OVERFILL';

/** Intents for the engine, to be executed in the order given. */
export type GroupCommand =
  | {
      readonly type: 'placeLeg';
      readonly legId: string;
      readonly role: GroupLegRole;
      readonly side: OrderSide;
      readonly quantity: number;
      readonly orderType: OrderType;
      readonly price: Paise | null;
      readonly triggerPrice: Paise | null;
      /**
       * Set when this order replaces another (Kite's modification cap, a refused modify): the
       * engine places it first, and the old one's cancelLeg follows later in the same batch.
       */
      readonly replacesLegId: string | null;
    }
  | {
      readonly type: 'modifyLeg';
      readonly legId: string;
      readonly role: GroupLegRole;
      /** New total order quantity (filled part included), as Kite's modify expects. */
      readonly quantity: number;
      /** Also turn the order into a MARKET order (with market protection): a stop becoming the exit. */
      readonly toMarket: boolean;
    }
  | { readonly type: 'cancelLeg'; readonly legId: string; readonly role: GroupLegRole }
  | {
      /** A MARKET order that brings the position back to what the group should hold. */
      readonly type: 'flattenExcess';
      readonly legId: string;
      readonly side: OrderSide;
      readonly quantity: number;
      readonly reason: FlattenReason;
    }
  | {
      readonly type: 'raiseRiskEvent';
      readonly code: GroupRiskCode;
      readonly severity: RiskSeverity;
      readonly groupId: string;
      readonly legId: string | null;
      readonly quantity: number | null;
      readonly message: string;
      readonly at: number;
    };

export type RiskEventCommand = Extract<GroupCommand, { type: 'raiseRiskEvent' }>;
