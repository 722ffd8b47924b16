import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clamp01, combineScores, scoreFalling, scoreRising, scoreTent } from './scoring';

describe('feature scores', () => {
  it('map linearly between their bounds and clamp outside', () => {
    expect(scoreRising(1.5, 1, 2)).toBe(0.5);
    expect(scoreRising(0, 1, 2)).toBe(0);
    expect(scoreRising(9, 1, 2)).toBe(1);
    expect(scoreFalling(1.25, 1, 2)).toBe(0.75);
    expect(scoreTent(0.3, 0, 0.3, 1.5)).toBe(1);
    expect(scoreTent(0.9, 0, 0.3, 1.5)).toBeCloseTo(0.5);
    expect(scoreTent(-1, 0, 0.3, 1.5)).toBe(0);
    expect(clamp01(Number.NaN)).toBe(0);
  });

  it('stay within 0..1 for any finite input', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        for (const s of [scoreRising(x, -1, 1), scoreFalling(x, 0, 5), scoreTent(x, -1, 0, 2)]) {
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('combine as a weighted mean and insist on every weighted score', () => {
    expect(combineScores({ a: 1, b: 0 }, { a: 3, b: 1 })).toBe(0.75);
    expect(() => combineScores({ a: 1 }, { a: 1, b: 1 })).toThrow(RangeError);
    expect(() => scoreRising(1, 2, 2)).toThrow(RangeError);
  });
});
