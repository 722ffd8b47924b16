import { paise } from '@kavach/domain';
import type { OrderSide, Paise } from '@kavach/domain';

export interface BracketPercents {
  /** Stop distance from the entry, % of the entry (a BUY's below, a SELL's above). */
  readonly stopPct: number;
  readonly tp1Pct: number;
  readonly tp2Pct: number;
}

export interface BracketLevels {
  readonly stop: Paise;
  readonly targets: readonly [Paise, Paise];
}

const BPS_PER_UNIT = 10_000;

/** A percentage as whole basis points; 27.5 % is fine, 27.555 % is not a price rule. */
export function percentToBps(percent: number, what: string): number {
  const bps = Math.round(percent * 100);
  if (!Number.isFinite(percent) || Math.abs(bps - percent * 100) > 1e-6) {
    throw new RangeError(`${what} must be a percentage with at most two decimals, got ${percent}`);
  }
  return bps;
}

/** Checks the percentages once, at start-up: a bad config must stop the engine, not a trade. */
export function checkBracketPercents(percents: BracketPercents): void {
  const stop = percentToBps(percents.stopPct, 'stopPct');
  const tp1 = percentToBps(percents.tp1Pct, 'tp1Pct');
  const tp2 = percentToBps(percents.tp2Pct, 'tp2Pct');
  // Below 100 %: a BUY's stop and a SELL's targets must stay above a zero premium.
  if (stop <= 0 || stop >= BPS_PER_UNIT) throw new RangeError(`stopPct must be in (0, 100)`);
  if (tp1 <= 0 || tp2 <= tp1 || tp2 >= BPS_PER_UNIT) {
    throw new RangeError(`targets must satisfy 0 < tp1Pct < tp2Pct < 100`);
  }
}

/**
 * entry × (1 + signedBps / 10 000) on the tick grid, rounded toward the entry. For a stop
 * that keeps the loss within what was sized; for a target it takes profit no later than
 * asked. Integer arithmetic: entry × bps stays far below 2^53 for any premium.
 */
function levelToward(entry: Paise, signedBps: number, tick: Paise): Paise {
  const scaled = entry * (BPS_PER_UNIT + signedBps);
  const ticks = tick * BPS_PER_UNIT;
  // Above the entry, rounding toward it is down; below it, up.
  const onGrid = signedBps > 0 ? Math.floor(scaled / ticks) : Math.ceil(scaled / ticks);
  return paise(onGrid * tick);
}

/**
 * Stop and two targets from percentages of the entry: a BUY's stop below and targets above, a
 * SELL's the other way round. Null when the tick grid squeezes them together (a premium of a
 * few ticks): no bracket can be built and the signal is refused before anything is sent.
 */
export function computeBracketLevels(
  side: OrderSide,
  entry: Paise,
  tick: Paise,
  percents: BracketPercents,
): BracketLevels | null {
  const sign = side === 'BUY' ? 1 : -1;
  const stop = levelToward(entry, -sign * percentToBps(percents.stopPct, 'stopPct'), tick);
  const tp1 = levelToward(entry, sign * percentToBps(percents.tp1Pct, 'tp1Pct'), tick);
  const tp2 = levelToward(entry, sign * percentToBps(percents.tp2Pct, 'tp2Pct'), tick);
  const ordered =
    side === 'BUY'
      ? stop < entry && entry < tp1 && tp1 < tp2
      : tp2 < tp1 && tp1 < entry && entry < stop;
  if (!ordered || Math.min(stop, tp1, tp2) <= 0) return null;
  return { stop, targets: [tp1, tp2] };
}
