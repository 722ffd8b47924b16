import { normalCdf } from './normal';

/** Calendar milliseconds in a year: option time value decays in calendar time. */
export const YEAR_MS = 365 * 86_400_000;

export interface OptionInputs {
  readonly type: 'CE' | 'PE';
  /** Underlying spot level (any unit; the result is in the same unit). */
  readonly spot: number;
  readonly strike: number;
  /** Time to expiry in years; at or below zero the option is worth its intrinsic value. */
  readonly years: number;
  /** Continuously compounded carry/discount rate. */
  readonly rate: number;
  readonly volatility: number;
}

export function intrinsicValue(type: 'CE' | 'PE', spot: number, strike: number): number {
  return Math.max(0, type === 'CE' ? spot - strike : strike - spot);
}

/**
 * Black-76: a European option on a forward, discounted. `stdDev` is σ·√τ; with none left the
 * option is worth its discounted intrinsic value on the forward.
 */
export function priceOnForward(
  type: 'CE' | 'PE',
  forward: number,
  strike: number,
  discount: number,
  stdDev: number,
): number {
  if (stdDev <= 0) return discount * intrinsicValue(type, forward, strike);
  const d1 = (Math.log(forward / strike) + (stdDev * stdDev) / 2) / stdDev;
  const d2 = d1 - stdDev;
  if (type === 'CE') return discount * (forward * normalCdf(d1) - strike * normalCdf(d2));
  return discount * (strike * normalCdf(-d2) - forward * normalCdf(-d1));
}

/**
 * European option value: Black–Scholes on the index, i.e. Black-76 on the forward
 * F = S·e^{rτ} discounted at r (NSE index options are European and cash-settled).
 */
export function priceOption(inputs: OptionInputs): number {
  const { type, spot, strike, years, rate, volatility } = inputs;
  if (years <= 0 || volatility <= 0) return intrinsicValue(type, spot, strike);
  const discount = Math.exp(-rate * years);
  return priceOnForward(type, spot / discount, strike, discount, volatility * Math.sqrt(years));
}

export interface SmileParams {
  readonly atmVolatility: number;
  readonly skew: number;
  readonly curvature: number;
}

/** Vol never quoted below this, however far the smile's parabola dips. */
const MIN_VOLATILITY = 0.03;

/** Implied vol at log-moneyness k = ln(K/F): a parabola, skewed towards puts. */
export function smileVolatilityAt(smile: SmileParams, logMoneyness: number): number {
  const k = logMoneyness;
  return Math.max(MIN_VOLATILITY, smile.atmVolatility + smile.skew * k + smile.curvature * k * k);
}

export function smileVolatility(smile: SmileParams, strike: number, forward: number): number {
  return smileVolatilityAt(smile, Math.log(strike / forward));
}
