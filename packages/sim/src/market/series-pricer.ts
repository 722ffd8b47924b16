import { priceOnForward, smileVolatilityAt, YEAR_MS } from './option-pricing';

export interface SeriesTerms {
  /** When the contracts settle (epoch ms). */
  readonly expiresAt: number;
  readonly rate: number;
  readonly atmVolatility: number;
  readonly skew: number;
  readonly curvature: number;
  readonly spotVolElasticity: number;
  /** The underlying level at which at-the-money vol is `atmVolatility` (its previous close). */
  readonly referenceSpot: number;
}

/**
 * Prices every contract of one expiry on one underlying. What all of them share (time left,
 * discount, forward, at-the-money vol) is worked out once per underlying level and instant,
 * so a whole chain reprices for the cost of one logarithm and two N(d) per option.
 */
export interface SeriesPricer {
  /** The futures price (the forward) for an underlying level at an instant. */
  readonly forward: (spot: number, at: number) => number;
  readonly option: (type: 'CE' | 'PE', strike: number, spot: number, at: number) => number;
}

export function createSeriesPricer(terms: SeriesTerms): SeriesPricer {
  let cachedSpot = Number.NaN;
  let cachedAt = Number.NaN;
  let forward = 0;
  let discount = 1;
  let rootYears = 0;
  const smile = {
    atmVolatility: terms.atmVolatility,
    skew: terms.skew,
    curvature: terms.curvature,
  };

  function prepare(spot: number, at: number): void {
    if (spot === cachedSpot && at === cachedAt) return;
    cachedSpot = spot;
    cachedAt = at;
    const years = Math.max(0, terms.expiresAt - at) / YEAR_MS;
    discount = Math.exp(-terms.rate * years);
    forward = spot / discount;
    rootYears = Math.sqrt(years);
    smile.atmVolatility =
      terms.atmVolatility * (spot / terms.referenceSpot) ** -terms.spotVolElasticity;
  }

  return {
    forward: (spot, at) => {
      prepare(spot, at);
      return forward;
    },
    option: (type, strike, spot, at) => {
      prepare(spot, at);
      const k = Math.log(strike / forward);
      const stdDev = smileVolatilityAt(smile, k) * rootYears;
      return priceOnForward(type, forward, strike, discount, stdDev);
    },
  };
}
