import type { LegOutcome } from './group-types';

/**
 * What the engine tells a group about its orders, usually from the order machine's state.
 * Quantities are cumulative per order, so duplicated and late reports are harmless.
 */
export type GroupEvent =
  | { readonly type: 'legAccepted'; readonly legId: string; readonly at: number }
  | {
      readonly type: 'legFilled';
      readonly legId: string;
      /** Cumulative filled quantity of the leg's order. */
      readonly filledQuantity: number;
      readonly at: number;
    }
  | {
      readonly type: 'legClosed';
      readonly legId: string;
      readonly outcome: LegOutcome;
      /** Final cumulative filled quantity of the leg's order. */
      readonly filledQuantity: number;
      readonly reason?: string;
      readonly at: number;
    }
  | {
      readonly type: 'legModifyRefused';
      readonly legId: string;
      /** Kite: "Maximum allowed order modifications exceeded." */
      readonly capReached: boolean;
      readonly reason: string;
      readonly at: number;
    }
  /** Get out now: the trader's flatten button, the kill switch or EOD square-off. */
  | { readonly type: 'flatten'; readonly reason: string; readonly at: number }
  /**
   * Stop entering: the entry's unfilled rest is cancelled, what filled stays and stays
   * protected (the market ran away from a partly filled entry).
   */
  | { readonly type: 'abandonEntry'; readonly reason: string; readonly at: number };
