import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalCdf } from './normal';
import { intrinsicValue, priceOption, smileVolatility } from './option-pricing';

describe('normalCdf', () => {
  it.each([
    [0, 0.5],
    [1, 0.841_344_746_068_543],
    [-1.96, 0.024_997_895_148_220_4],
    [3, 0.998_650_101_968_370],
    [-8, 6.220_960_574_271_78e-16],
  ])('N(%d) = %d', (x, expected) => {
    expect(normalCdf(x)).toBeCloseTo(expected, 14);
  });

  it('is symmetric and monotone', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), (x) => {
        expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
        expect(normalCdf(x + 0.01)).toBeGreaterThanOrEqual(normalCdf(x));
      }),
    );
  });
});

describe('priceOption', () => {
  it('matches textbook Black–Scholes values', () => {
    const base = { spot: 100, strike: 100, years: 1, rate: 0.05, volatility: 0.2 };
    expect(priceOption({ ...base, type: 'CE' })).toBeCloseTo(10.450_583_572, 8);
    expect(priceOption({ ...base, type: 'PE' })).toBeCloseTo(5.573_526_022, 8);
  });

  it('is worth its intrinsic value at expiry', () => {
    const base = { spot: 26_100, strike: 26_000, years: 0, rate: 0.065, volatility: 0.12 };
    expect(priceOption({ ...base, type: 'CE' })).toBe(100);
    expect(priceOption({ ...base, type: 'PE' })).toBe(0);
    expect(intrinsicValue('PE', 25_900, 26_000)).toBe(100);
  });

  it('obeys put–call parity and the no-arbitrage bounds', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 20_000, max: 30_000, noNaN: true }),
        fc.double({ min: 0.8, max: 1.2, noNaN: true }),
        fc.double({ min: 1e-5, max: 0.2, noNaN: true }),
        fc.double({ min: 0.05, max: 0.6, noNaN: true }),
        (spot, moneyness, years, volatility) => {
          const strike = spot * moneyness;
          const inputs = { spot, strike, years, rate: 0.065, volatility };
          const call = priceOption({ ...inputs, type: 'CE' });
          const put = priceOption({ ...inputs, type: 'PE' });
          expect(call - put).toBeCloseTo(spot - strike * Math.exp(-0.065 * years), 6);
          expect(call).toBeGreaterThanOrEqual(intrinsicValue('CE', spot, strike) - 1e-6);
          expect(call).toBeLessThanOrEqual(spot);
          expect(put).toBeGreaterThanOrEqual(-1e-9);
        },
      ),
    );
  });
});

describe('smileVolatility', () => {
  const smile = { atmVolatility: 0.12, skew: -0.6, curvature: 6 };

  it('is the at-the-money vol at the forward and richer for puts than calls', () => {
    expect(smileVolatility(smile, 26_000, 26_000)).toBeCloseTo(0.12, 12);
    const put = smileVolatility(smile, 25_000, 26_000);
    const call = smileVolatility(smile, 27_000, 26_000);
    expect(put).toBeGreaterThan(0.12);
    expect(put).toBeGreaterThan(call);
  });

  it('never goes below a floor', () => {
    expect(smileVolatility({ ...smile, skew: -5, curvature: 0 }, 40_000, 26_000)).toBe(0.03);
  });
});
