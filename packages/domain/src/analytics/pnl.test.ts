import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paise } from '../money/paise';
import type { Paise } from '../money/paise';
import { addToAveragePrice, computeRealisedPnl, computeUnrealisedPnl } from './pnl';

describe('computeRealisedPnl', () => {
  it('gains on a long that exits higher and loses on a short that does', () => {
    expect(computeRealisedPnl('BUY', paise(100_00), paise(101_50), 75)).toBe(112_50);
    expect(computeRealisedPnl('SELL', paise(100_00), paise(101_50), 75)).toBe(-112_50);
    expect(computeRealisedPnl('SELL', paise(100_00), paise(98_00), 10)).toBe(20_00);
  });

  it('scales by the multiplier', () => {
    expect(computeRealisedPnl('BUY', paise(100), paise(110), 3, 1000)).toBe(30_000);
  });

  it('is zero for no quantity or no move', () => {
    expect(computeRealisedPnl('BUY', paise(100), paise(150), 0)).toBe(0);
    expect(computeRealisedPnl('BUY', paise(150), paise(100), 0)).toBe(0);
    expect(computeRealisedPnl('SELL', paise(100), paise(100), 9)).toBe(0);
  });

  it('refuses fractional or negative quantities and multipliers', () => {
    expect(() => computeRealisedPnl('BUY', paise(1), paise(2), 1.5)).toThrow(RangeError);
    expect(() => computeRealisedPnl('BUY', paise(1), paise(2), -1)).toThrow(RangeError);
    expect(() => computeRealisedPnl('BUY', paise(1), paise(2), 1, 0)).toThrow(RangeError);
  });

  it('is opposite for the two sides', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (entry, exit, qty) => {
          const long = computeRealisedPnl('BUY', paise(entry), paise(exit), qty);
          const short = computeRealisedPnl('SELL', paise(entry), paise(exit), qty);
          expect(long + short).toBe(0);
          // + 0 turns the reference's -0 (a loss times zero) into the 0 it should be.
          expect(long).toBe((exit - entry) * qty + 0);
        },
      ),
    );
  });
});

describe('computeUnrealisedPnl', () => {
  it('values an open position at the mark', () => {
    expect(computeUnrealisedPnl('BUY', paise(250_00), paise(248_00), 50)).toBe(-100_00);
    expect(computeUnrealisedPnl('SELL', paise(250_00), paise(248_00), 50)).toBe(100_00);
  });
});

describe('addToAveragePrice', () => {
  it('weights by quantity and rounds to the nearest paisa, halves up', () => {
    // (₹100.00 × 1 + ₹100.01 × 2) / 3 = ₹100.00667.
    expect(addToAveragePrice(paise(100_00), 1, paise(100_01), 2)).toBe(100_01);
    // (₹100.00 + ₹100.01) / 2 = ₹100.005: the half goes up.
    expect(addToAveragePrice(paise(100_00), 1, paise(100_01), 1)).toBe(100_01);
    // (₹100.00 × 2 + ₹100.01) / 3 = ₹100.00333.
    expect(addToAveragePrice(paise(100_00), 2, paise(100_01), 1)).toBe(100_00);
  });

  it('starts from the fill price when nothing is held', () => {
    expect(addToAveragePrice(paise(0), 0, paise(123_45), 10)).toBe(123_45);
  });

  it('stays exact when price × quantity passes 2^53', () => {
    // Cost 99_999_999² + 3 × 50_000_001 = 9_999_999_950_000_004 over 100_000_002 units
    // = 99_999_997.50000009…: just over the half, so up.
    const avg = addToAveragePrice(paise(99_999_999), 99_999_999, paise(50_000_001), 3);
    expect(avg).toBe(99_999_998);
    // (3 × 2 + 2 × 2) / 4 = 2.5 exactly: the half rounds up.
    expect(addToAveragePrice(paise(3), 2, paise(2), 2)).toBe(3);
  });

  it('stays within the prices averaged and within half a paisa of the exact mean', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (avg, qty, price, fillQty) => {
          const result = addToAveragePrice(paise(avg), qty, paise(price), fillQty);
          const lo = qty === 0 ? price : Math.min(avg, price);
          const hi = qty === 0 ? price : Math.max(avg, price);
          expect(result).toBeGreaterThanOrEqual(lo);
          expect(result).toBeLessThanOrEqual(hi);
          const cost = BigInt(avg) * BigInt(qty) + BigInt(price) * BigInt(fillQty);
          const n = BigInt(qty + fillQty);
          const error = BigInt(result) * n - cost;
          // |result − cost/n| ≤ 1/2, and exactly 1/2 only rounding up.
          expect(2n * error <= n && -2n * error < n).toBe(true);
        },
      ),
    );
  });

  it('refuses an empty fill', () => {
    expect(() => addToAveragePrice(paise(1), 1, paise(1), 0)).toThrow(RangeError);
    expect(() => addToAveragePrice(-1 as Paise, 1, paise(1), 1)).toThrow(RangeError);
  });
});
