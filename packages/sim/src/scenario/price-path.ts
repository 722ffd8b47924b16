import type { Paise } from '@kavach/domain';
import { nearestTick } from '../market/tick-math';
import type { Interpolation } from './scenario';

export interface TimedPrice {
  readonly atMs: number;
  readonly price: Paise;
}

/** A scripted price over time; null before the first point. */
export type PricePath = (ms: number) => Paise | null;

/**
 * Step paths hold each price until the next point; linear paths move in a straight line
 * between points, each value rounded to the nearest tick. Both hold the last price after the
 * last point, and every point itself is reproduced exactly.
 */
export function createPricePath(
  points: readonly TimedPrice[],
  interpolation: Interpolation,
  tick: Paise,
): PricePath {
  const times = points.map((p) => p.atMs);
  return (ms: number) => {
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((times[mid] ?? Infinity) <= ms) lo = mid + 1;
      else hi = mid;
    }
    const before = points[lo - 1];
    if (before === undefined) return null;
    const after = points[lo];
    if (interpolation === 'step' || after === undefined) return before.price;
    const fraction = (ms - before.atMs) / (after.atMs - before.atMs);
    return nearestTick(before.price + (after.price - before.price) * fraction, tick);
  };
}
