import { paise } from '@kavach/domain';
import type { Paise } from '@kavach/domain';
import type { Bar } from '../market-data/bar';
import { SESSION_OPEN_MINUTES, barStartMinutes } from './session-time';

export interface OpeningRange {
  readonly high: Paise;
  readonly low: Paise;
  /** Bars the range was built from. */
  readonly bars: number;
  /** Mean volume of those bars. */
  readonly meanVolume: number;
  /** IST minute the range ends (exclusive): 09:15 + its length. */
  readonly endMinutes: number;
  /** Index of the first bar after the range, or bars.length when there is none yet. */
  readonly firstBarAfter: number;
}

/**
 * The high and low of the bars starting in the first `rangeMinutes` minutes from 09:15, or null
 * while fewer than half of those minutes have a bar: a range built from a few scattered bars
 * (a late start, a halted stock) is not the market's opening range.
 */
export function findOpeningRange(bars: readonly Bar[], rangeMinutes: number): OpeningRange | null {
  const endMinutes = SESSION_OPEN_MINUTES + rangeMinutes;
  let high = Number.NEGATIVE_INFINITY;
  let low = Number.POSITIVE_INFINITY;
  let count = 0;
  let volume = 0;
  let firstBarAfter = bars.length;
  for (const [i, bar] of bars.entries()) {
    const minute = barStartMinutes(bar);
    if (minute >= endMinutes) {
      firstBarAfter = i;
      break;
    }
    if (minute < SESSION_OPEN_MINUTES) continue;
    high = Math.max(high, bar.high);
    low = Math.min(low, bar.low);
    volume += bar.volume;
    count += 1;
  }
  if (count < Math.ceil(rangeMinutes / 2)) return null;
  return {
    high: paise(high),
    low: paise(low),
    bars: count,
    meanVolume: volume / count,
    endMinutes,
    firstBarAfter,
  };
}
