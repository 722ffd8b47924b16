import type { Paise } from '../money/paise';

/** Kite's automatic protection; the broker picks the percentage. */
export const AUTOMATIC_PROTECTION = -1;

/**
 * Ticks a protected market order must be allowed to move past the last price. A percentage
 * that rounds to less than one tick leaves a cheap option's "market" exit resting at the
 * last price while the offer sits a few ticks higher: the kill switch would not flatten.
 */
export const MIN_PROTECTION_TICKS = 10;

export interface ProtectionInput {
  /** The configured percent, or -1 for Kite's automatic protection. */
  readonly configuredPct: number;
  readonly tickSize: Paise;
  /** The last traded price, or the best estimate of it; null when unknown. */
  readonly referencePrice: Paise | null;
}

/**
 * The market protection to send: the configured percent, raised (to two decimals, at most
 * 100) so the protection spans at least MIN_PROTECTION_TICKS ticks at the reference price.
 * Automatic protection is left to the broker.
 */
export function chooseMarketProtection(input: ProtectionInput): number {
  const { configuredPct, tickSize, referencePrice } = input;
  if (configuredPct === AUTOMATIC_PROTECTION) return configuredPct;
  if (referencePrice === null || referencePrice <= 0) return configuredPct;
  const neededHundredths = Math.ceil((MIN_PROTECTION_TICKS * tickSize * 10_000) / referencePrice);
  return Math.min(100, Math.max(configuredPct, neededHundredths / 100));
}
