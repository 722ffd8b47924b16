import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PAISE, paise } from '../money/paise';
import { floorBasisPointsOf } from './basis-points';

describe('floorBasisPointsOf', () => {
  it('takes whole basis points and rounds down', () => {
    expect(floorBasisPointsOf(paise(1_00_000_00), 100)).toBe(1_000_00);
    expect(floorBasisPointsOf(paise(99_999), 100)).toBe(999);
    expect(floorBasisPointsOf(paise(7), 10_000)).toBe(7);
    expect(floorBasisPointsOf(paise(0), 600)).toBe(0);
  });

  it('stays exact where amount × bps passes 2^53', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_PAISE }),
        fc.integer({ min: 0, max: 10_000 }),
        (amount, bps) => {
          const expected = (BigInt(amount) * BigInt(bps)) / 10_000n;
          expect(BigInt(floorBasisPointsOf(paise(amount), bps))).toBe(expected);
        },
      ),
    );
    // Math.floor(a * b / 10_000) in doubles gives 412467299342860 here: one paisa too much.
    expect(floorBasisPointsOf(paise(798_272_303_740_778), 5_167)).toBe(412_467_299_342_859);
  });

  it('rejects negative amounts and non-integer basis points', () => {
    expect(() => floorBasisPointsOf(paise(-1), 100)).toThrow(RangeError);
    expect(() => floorBasisPointsOf(paise(1), 1.5)).toThrow(RangeError);
  });
});
