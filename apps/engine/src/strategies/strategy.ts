import type { Instrument, OrderSide, Paise } from '@kavach/domain';
import type { Bar } from '../market-data/bar';

export interface StrategyInput {
  readonly instrument: Instrument;
  /** Today's closed bars of the instrument (1-minute), oldest first. */
  readonly bars: readonly Bar[];
  /** The scan's time: minutes since IST midnight, with the fraction. */
  readonly nowIstMinutes: number;
}

/** A trade idea with its price plan, every price on the instrument's tick. */
export interface Opportunity {
  readonly strategy: string;
  readonly token: number;
  readonly side: OrderSide;
  readonly entry: Paise;
  readonly stop: Paise;
  readonly tp1: Paise;
  readonly tp2: Paise;
  /** What the strategy measured, in the units the key names (Pct = percent). */
  readonly features: Record<string, number>;
  /** How favourable each scored feature is, each 0..1. */
  readonly featureScores: Record<string, number>;
  /** Weighted combination of the feature scores, 0..1. */
  readonly score: number;
  /** One sentence a trader can read. */
  readonly reason: string;
}

/**
 * A strategy is a pure function of its input and its config: no clock, no state between
 * calls. "Once per day" and cooldown rules are derived from the bars themselves, so a restart
 * in the middle of the session neither repeats nor loses a signal.
 */
export interface Strategy {
  readonly id: string;
  evaluate(input: StrategyInput): Opportunity | null;
}
