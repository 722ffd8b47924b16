import { formatRupees } from '../money/format-inr';
import { mulPaise, paise } from '../money/paise';
import type { Paise } from '../money/paise';
import type { OrderSide } from '../order/order-status';

/** Slippage of one fill (or one quote) against the price the decision expected. */
export interface Slippage {
  readonly side: OrderSide;
  readonly expectedPrice: Paise;
  readonly actualPrice: Paise;
  /** Per unit; positive when adverse: paid more on a BUY, received less on a SELL. */
  readonly perUnit: Paise;
  /** perUnit in rupees, the "points" traders quote. For display only. */
  readonly points: number;
  /** perUnit in basis points of the expected price. A ratio, hence a float; for display. */
  readonly bps: number;
  readonly percent: number;
  /** Strictly better than expected; zero slippage is neither favourable nor adverse. */
  readonly favourable: boolean;
}

function requirePrice(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer number of paise, got ${value}`);
  }
}

/**
 * Measures slippage. Prices must be positive integer paise (a RangeError otherwise: prices
 * reach here from fills and validated signals, so a bad one is a bug upstream, not a market
 * event to classify).
 */
export function measureSlippage(
  side: OrderSide,
  expectedPrice: Paise,
  actualPrice: Paise,
): Slippage {
  requirePrice('expected price', expectedPrice);
  requirePrice('actual price', actualPrice);
  const perUnit = paise(side === 'BUY' ? actualPrice - expectedPrice : expectedPrice - actualPrice);
  const bps = (perUnit * 10_000) / expectedPrice;
  return {
    side,
    expectedPrice,
    actualPrice,
    perUnit,
    points: perUnit / 100,
    bps,
    percent: bps / 100,
    favourable: perUnit < 0,
  };
}

/** Total slippage over a filled quantity, positive when it cost money. */
export function computeSlippageCost(slippage: Slippage, quantity: number): Paise {
  return mulPaise(slippage.perUnit, quantity);
}

/** Limits on adverse slippage; favourable slippage is never limited. */
export interface SlippageTolerance {
  /** Most adverse slippage as bps of the expected price (50 = 0.5 %). */
  readonly maxBps: number;
  /** Most adverse slippage per unit in paise (1000 = 10 points = ₹10). */
  readonly maxPerUnit: Paise;
  /** Beyond this many bps, but within tolerance, re-price instead of sending as is. */
  readonly requoteBps: number;
}

/** The documented defaults: 0.5 %, 10 points, requote beyond 0.3 %. */
export const DEFAULT_SLIPPAGE_TOLERANCE: SlippageTolerance = {
  maxBps: 50,
  maxPerUnit: paise(10_00),
  requoteBps: 30,
};

/** Every problem with a tolerance, in words; empty when it is usable. */
export function validateSlippageTolerance(tolerance: SlippageTolerance): readonly string[] {
  const issues: string[] = [];
  const isNonNegativeInteger = (v: number) => Number.isSafeInteger(v) && v >= 0;
  if (!isNonNegativeInteger(tolerance.maxBps)) {
    issues.push(`maxBps must be a non-negative integer, got ${tolerance.maxBps}`);
  }
  if (!isNonNegativeInteger(tolerance.maxPerUnit)) {
    issues.push(`maxPerUnit must be a non-negative integer, got ${tolerance.maxPerUnit}`);
  }
  if (!isNonNegativeInteger(tolerance.requoteBps)) {
    issues.push(`requoteBps must be a non-negative integer, got ${tolerance.requoteBps}`);
  } else if (tolerance.requoteBps > tolerance.maxBps) {
    // Otherwise every quote past maxBps is rejected before it could be requoted: a dead setting.
    issues.push(
      `requoteBps (${tolerance.requoteBps}) must not exceed maxBps (${tolerance.maxBps})`,
    );
  }
  return issues;
}

/** perUnit / expected > bps / 10 000, decided on integers: exact right at the boundary. */
function exceedsBps(slippage: Slippage, bps: number): boolean {
  return BigInt(slippage.perUnit) * 10_000n > BigInt(bps) * BigInt(slippage.expectedPrice);
}

export const SLIPPAGE_VIOLATIONS = ['EXCEEDS_MAX_PERCENT', 'EXCEEDS_MAX_POINTS'] as const;
export type SlippageViolation = (typeof SLIPPAGE_VIOLATIONS)[number];

export type SlippageCheck =
  | { readonly withinTolerance: true }
  | {
      readonly withinTolerance: false;
      /** Every limit broken, in SLIPPAGE_VIOLATIONS order. */
      readonly violations: readonly SlippageViolation[];
      readonly detail: string;
    };

/** Whether adverse slippage stays within both limits; exactly at a limit is within. */
export function checkSlippageTolerance(
  slippage: Slippage,
  tolerance: SlippageTolerance,
): SlippageCheck {
  const violations: SlippageViolation[] = [];
  const broken: string[] = [];
  if (exceedsBps(slippage, tolerance.maxBps)) {
    violations.push('EXCEEDS_MAX_PERCENT');
    broken.push(`${slippage.bps.toFixed(1)} bps > ${tolerance.maxBps} bps`);
  }
  if (slippage.perUnit > tolerance.maxPerUnit) {
    violations.push('EXCEEDS_MAX_POINTS');
    broken.push(`${formatRupees(slippage.perUnit)} > ${formatRupees(tolerance.maxPerUnit)} a unit`);
  }
  if (violations.length === 0) return { withinTolerance: true };
  return {
    withinTolerance: false,
    violations,
    detail: `${slippage.side} expected ${formatRupees(slippage.expectedPrice)}, got ${formatRupees(slippage.actualPrice)}: ${broken.join(', ')}`,
  };
}

export type SlippageAction =
  | { readonly action: 'PROCEED' }
  | { readonly action: 'REQUOTE'; readonly detail: string }
  | {
      readonly action: 'REJECT';
      readonly violations: readonly SlippageViolation[];
      readonly detail: string;
    };

/**
 * What to do with a quote that has moved from the expected price before the order goes out:
 * beyond tolerance → REJECT (the trade's edge is gone); beyond the requote threshold but
 * within tolerance → REQUOTE (re-price to the market); otherwise PROCEED. The thresholds are
 * strict, like the tolerance: exactly 0.3 % proceeds, exactly 0.5 % requotes.
 */
export function decideSlippageAction(
  slippage: Slippage,
  tolerance: SlippageTolerance,
): SlippageAction {
  const check = checkSlippageTolerance(slippage, tolerance);
  if (!check.withinTolerance) {
    return { action: 'REJECT', violations: check.violations, detail: check.detail };
  }
  if (exceedsBps(slippage, tolerance.requoteBps)) {
    return {
      action: 'REQUOTE',
      detail: `${slippage.bps.toFixed(1)} bps > requote threshold ${tolerance.requoteBps} bps`,
    };
  }
  return { action: 'PROCEED' };
}
