import { paise } from '../money/paise';
import type { Paise } from '../money/paise';

/** Basis points in 100 %: 1 % = 100 bps. */
export const BPS_PER_WHOLE = 10_000;

/**
 * floor(amount × bps / 10 000) for amount ≥ 0. Limits derived from capital round down so
 * rounding can never widen a limit; BigInt keeps amount × bps exact beyond 2^53.
 */
export function floorBasisPointsOf(amount: Paise, bps: number): Paise {
  if (amount < 0) throw new RangeError(`amount must be non-negative, got ${amount}`);
  if (!Number.isSafeInteger(bps) || bps < 0) {
    throw new RangeError(`basis points must be a non-negative integer, got ${bps}`);
  }
  return paise(Number((BigInt(amount) * BigInt(bps)) / BigInt(BPS_PER_WHOLE)));
}
