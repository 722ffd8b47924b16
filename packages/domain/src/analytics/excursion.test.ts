import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paise } from '../money/paise';
import type { Paise } from '../money/paise';
import { ORDER_SIDES } from '../order/order-status';
import {
  computeExcursionTotals,
  startExcursion,
  trackExcursion,
  updateExcursion,
} from './excursion';

const marksArb = fc.array(fc.integer({ min: 1, max: 1_000_000 }).map(paise), { maxLength: 50 });
const entryArb = fc.integer({ min: 1, max: 1_000_000 }).map(paise);

describe('trackExcursion', () => {
  const marks = [102_00, 97_00, 105_00, 99_00].map(paise);

  it('tracks the best and worst move of a long', () => {
    expect(trackExcursion('BUY', paise(100_00), marks)).toEqual({
      entrySide: 'BUY',
      entryPrice: 100_00,
      mfePerUnit: 5_00,
      maePerUnit: 3_00,
    });
  });

  it('mirrors for a short', () => {
    expect(trackExcursion('SELL', paise(100_00), marks)).toMatchObject({
      mfePerUnit: 3_00,
      maePerUnit: 5_00,
    });
  });

  it('starts at zero and stays there when price never moves', () => {
    expect(startExcursion('BUY', paise(100))).toMatchObject({ mfePerUnit: 0, maePerUnit: 0 });
    expect(trackExcursion('SELL', paise(100), [paise(100), paise(100)])).toMatchObject({
      mfePerUnit: 0,
      maePerUnit: 0,
    });
  });

  it('keeps MAE at zero for a trade that only went its way', () => {
    expect(trackExcursion('BUY', paise(100), [paise(101), paise(110)])).toMatchObject({
      mfePerUnit: 10,
      maePerUnit: 0,
    });
  });

  it('refuses non-positive or fractional prices', () => {
    expect(() => startExcursion('BUY', paise(0))).toThrow(RangeError);
    expect(() => updateExcursion(startExcursion('BUY', paise(10)), 1.5 as Paise)).toThrow(
      RangeError,
    );
  });

  it('equals the furthest move each way from the entry, whatever the order of marks', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ORDER_SIDES), entryArb, marksArb, (side, entry, marks) => {
        const sign = side === 'BUY' ? 1 : -1;
        const moves = marks.map((m) => sign * (m - entry));
        const ex = trackExcursion(side, entry, marks);
        expect(ex.mfePerUnit).toBe(Math.max(0, ...moves));
        expect(ex.maePerUnit).toBe(Math.max(0, ...moves.map((m) => -m)));
        expect(trackExcursion(side, entry, [...marks].reverse())).toEqual(ex);
      }),
    );
  });

  it('swaps MFE and MAE between a long and a short on the same marks', () => {
    fc.assert(
      fc.property(entryArb, marksArb, (entry, marks) => {
        const long = trackExcursion('BUY', entry, marks);
        const short = trackExcursion('SELL', entry, marks);
        expect([long.mfePerUnit, long.maePerUnit]).toEqual([short.maePerUnit, short.mfePerUnit]);
      }),
    );
  });

  it('never shrinks as marks arrive', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ORDER_SIDES),
        entryArb,
        marksArb,
        entryArb,
        (side, entry, marks, next) => {
          const before = trackExcursion(side, entry, marks);
          const after = updateExcursion(before, next);
          expect(after.mfePerUnit).toBeGreaterThanOrEqual(before.mfePerUnit);
          expect(after.maePerUnit).toBeGreaterThanOrEqual(before.maePerUnit);
        },
      ),
    );
  });
});

describe('computeExcursionTotals', () => {
  it('scales per-unit excursions by quantity', () => {
    const ex = trackExcursion('BUY', paise(100_00), [paise(104_00), paise(98_50)]);
    expect(computeExcursionTotals(ex, 75)).toEqual({ mfe: 300_00, mae: 112_50 });
  });

  it('refuses a negative or fractional quantity', () => {
    const ex = startExcursion('BUY', paise(100));
    expect(() => computeExcursionTotals(ex, -1)).toThrow(RangeError);
    expect(() => computeExcursionTotals(ex, 0.5)).toThrow(RangeError);
  });
});
