import { maxPaise, minPaise, paise, percentOfPaise, roundToTick } from '@kavach/domain';
import type { OrderSide, Paise } from '@kavach/domain';
import type { ProtectionBand } from './exchange-config';

/** market_protection = -1 asks for the automatic percentage for the instrument's price. */
export const AUTO_MARKET_PROTECTION = -1;

export function isValidMarketProtection(value: number): boolean {
  return value === AUTO_MARKET_PROTECTION || (Number.isFinite(value) && value > 0 && value <= 100);
}

/** The percentage a protection setting stands for at this last price. */
export function resolveProtectionPercent(
  marketProtection: number,
  lastPrice: Paise,
  bands: readonly ProtectionBand[],
): number {
  if (marketProtection !== AUTO_MARKET_PROTECTION) return marketProtection;
  const band = bands.find((b) => lastPrice < b.belowPaise) ?? bands[bands.length - 1];
  if (band === undefined)
    throw new RangeError('automatic market protection needs at least one band');
  return band.percent;
}

export interface ProtectionInput {
  readonly side: OrderSide;
  readonly lastPrice: Paise;
  readonly percent: number;
  readonly tickSize: Paise;
  readonly lowerCircuit: Paise;
  readonly upperCircuit: Paise;
}

/**
 * The limit a protected market order is stored with, as Kite does: the last price moved
 * `percent` against the buyer (up) or seller (down), onto the tick grid on the side that
 * never exceeds the protection, and kept inside the circuit band.
 */
export function computeProtectionPrice(input: ProtectionInput): Paise {
  const { side, lastPrice, tickSize } = input;
  const offset = percentOfPaise(lastPrice, Math.round(input.percent * 100));
  if (side === 'BUY') {
    const ceiling = roundToTick(input.upperCircuit, tickSize, 'down');
    return minPaise(roundToTick(paise(lastPrice + offset), tickSize, 'down'), ceiling);
  }
  const floor = maxPaise(roundToTick(input.lowerCircuit, tickSize, 'up'), tickSize);
  return maxPaise(roundToTick(paise(lastPrice - offset), tickSize, 'up'), floor);
}

/** Kite's tags on a protected market order: ["mktp", "mktp:2.00"]. */
export function describeProtectionTags(percent: number): readonly string[] {
  return ['mktp', `mktp:${percent.toFixed(2)}`];
}
