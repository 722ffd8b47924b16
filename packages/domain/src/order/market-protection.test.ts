import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paise } from '../money/paise';
import { MIN_PROTECTION_TICKS, chooseMarketProtection } from './market-protection';

const tick = paise(5);

describe('chooseMarketProtection', () => {
  it('keeps the configured percent where it already spans enough ticks', () => {
    // ₹250 at 2 % is ₹5 = 100 ticks.
    expect(
      chooseMarketProtection({ configuredPct: 2, tickSize: tick, referencePrice: paise(250_00) }),
    ).toBe(2);
  });

  it('raises it for a cheap option so the protection spans ten ticks', () => {
    // ₹2 at 2 % is 4 paise, under one tick; ten ticks are 50 paise = 25 %.
    expect(
      chooseMarketProtection({ configuredPct: 2, tickSize: tick, referencePrice: paise(2_00) }),
    ).toBe(25);
    // ₹3.35: 50 / 335 = 14.925… % rounds up to 14.93 %.
    expect(
      chooseMarketProtection({ configuredPct: 2, tickSize: tick, referencePrice: paise(3_35) }),
    ).toBe(14.93);
  });

  it('caps at 100 % and leaves automatic protection and unknown prices alone', () => {
    expect(
      chooseMarketProtection({ configuredPct: 2, tickSize: tick, referencePrice: paise(20) }),
    ).toBe(100);
    expect(
      chooseMarketProtection({ configuredPct: -1, tickSize: tick, referencePrice: paise(2_00) }),
    ).toBe(-1);
    expect(chooseMarketProtection({ configuredPct: 2, tickSize: tick, referencePrice: null })).toBe(
      2,
    );
  });

  it('always spans ten ticks (or 100 %) and never goes below the configured percent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.constantFrom(1, 5, 10, 50),
        fc.integer({ min: 1, max: 10_000 }).map((h) => h / 100),
        (reference, tickSize, configuredPct) => {
          const pct = chooseMarketProtection({
            configuredPct,
            tickSize: paise(tickSize),
            referencePrice: paise(reference),
          });
          expect(pct).toBeGreaterThanOrEqual(Math.min(configuredPct, 100));
          expect(pct).toBeLessThanOrEqual(100);
          expect(Math.abs(pct * 100 - Math.round(pct * 100))).toBeLessThan(1e-9);
          if (pct < 100) {
            expect((reference * pct) / 100).toBeGreaterThanOrEqual(
              MIN_PROTECTION_TICKS * tickSize - 1e-9,
            );
          }
        },
      ),
    );
  });
});
