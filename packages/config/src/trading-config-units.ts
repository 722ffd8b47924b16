import { MAX_PAISE, paise } from '@kavach/domain';
import type { Paise } from '@kavach/domain';

/**
 * The config file speaks rupees and percent; the domain speaks integer paise and basis
 * points. Both conversions are exact only for values with at most two decimals, so the schema
 * refuses anything finer instead of rounding a limit the trader wrote.
 */

/** Tolerance for the float error of x × 100 (0.29 × 100 = 28.999999999999996). */
const SCALE_EPSILON = 1e-6;

function scaleByHundred(value: number): number | null {
  const scaled = value * 100;
  const rounded = Math.round(scaled);
  return Math.abs(scaled - rounded) < SCALE_EPSILON ? rounded : null;
}

/** Whether a number has at most two decimals (a whole number of paise or basis points). */
export function hasAtMostTwoDecimals(value: number): boolean {
  return Number.isFinite(value) && scaleByHundred(value) !== null;
}

/** 1.25 % → 125 bps. Throws for more than two decimals: the schema has already refused them. */
export function percentToBps(percent: number): number {
  const bps = scaleByHundred(percent);
  if (bps === null) throw new RangeError(`${percent} % is not a whole number of basis points`);
  return bps;
}

export function bpsToPercent(bps: number): number {
  return bps / 100;
}

/** The largest amount in rupees that still fits the domain's paise range. */
export const MAX_RUPEES = MAX_PAISE / 100;

/** ₹1234.5 → 123450 paise. Throws for fractions of a paisa: the schema has refused them. */
export function rupeesToWholePaise(rupees: number): Paise {
  const value = scaleByHundred(rupees);
  if (value === null) throw new RangeError(`₹${rupees} is not a whole number of paise`);
  return paise(value);
}

export function paiseToWholeRupees(value: Paise): number {
  return value / 100;
}
