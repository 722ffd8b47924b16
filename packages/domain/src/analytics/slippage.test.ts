import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paise } from '../money/paise';
import type { Paise } from '../money/paise';
import { ORDER_SIDES } from '../order/order-status';
import {
  checkSlippageTolerance,
  computeSlippageCost,
  decideSlippageAction,
  DEFAULT_SLIPPAGE_TOLERANCE,
  measureSlippage,
  validateSlippageTolerance,
} from './slippage';
import type { SlippageAction } from './slippage';

const TOL = DEFAULT_SLIPPAGE_TOLERANCE;

describe('measureSlippage', () => {
  it('counts a BUY filled above the expected price as adverse', () => {
    expect(measureSlippage('BUY', paise(100_00), paise(100_50))).toEqual({
      side: 'BUY',
      expectedPrice: 100_00,
      actualPrice: 100_50,
      perUnit: 50,
      points: 0.5,
      bps: 50,
      percent: 0.5,
      favourable: false,
    });
  });

  it('counts a SELL filled above the expected price as favourable', () => {
    const s = measureSlippage('SELL', paise(100_00), paise(100_50));
    expect(s).toMatchObject({ perUnit: -50, points: -0.5, bps: -50, favourable: true });
  });

  it('counts a SELL filled below the expected price as adverse', () => {
    const s = measureSlippage('SELL', paise(2_450_00), paise(2_440_00));
    expect(s).toMatchObject({ perUnit: 10_00, points: 10, favourable: false });
    expect(s.bps).toBeCloseTo(40.816, 3);
  });

  it('treats an exact fill as neither favourable nor adverse', () => {
    expect(measureSlippage('BUY', paise(500), paise(500))).toMatchObject({
      perUnit: 0,
      favourable: false,
    });
  });

  it.each([
    [0, 100],
    [100, 0],
    [-5, 100],
    [100.5, 100],
  ])('refuses prices %d and %d', (expected, actual) => {
    expect(() => measureSlippage('BUY', expected as Paise, actual as Paise)).toThrow(RangeError);
  });

  it('mirrors between BUY and SELL and reconstructs the fill', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        (expected, actual) => {
          const buy = measureSlippage('BUY', paise(expected), paise(actual));
          const sell = measureSlippage('SELL', paise(expected), paise(actual));
          expect(buy.perUnit + sell.perUnit).toBe(0);
          expect(expected + buy.perUnit).toBe(actual);
          expect(buy.favourable).toBe(actual < expected);
          expect(sell.favourable).toBe(actual > expected);
        },
      ),
    );
  });
});

describe('computeSlippageCost', () => {
  it('multiplies per-unit slippage by quantity', () => {
    const s = measureSlippage('BUY', paise(100_00), paise(100_05));
    expect(computeSlippageCost(s, 75)).toBe(375);
    const favourable = measureSlippage('BUY', paise(100_00), paise(99_95));
    expect(computeSlippageCost(favourable, 10)).toBe(-50);
    expect(Object.is(computeSlippageCost(favourable, 0), 0)).toBe(true);
  });
});

describe('checkSlippageTolerance', () => {
  it('accepts slippage exactly at 0.5 % and rejects one paisa beyond', () => {
    // ₹1,000 expected: 0.5 % = ₹5.00.
    expect(
      checkSlippageTolerance(measureSlippage('BUY', paise(1_000_00), paise(1_005_00)), TOL),
    ).toEqual({ withinTolerance: true });
    expect(
      checkSlippageTolerance(measureSlippage('BUY', paise(1_000_00), paise(1_005_01)), TOL),
    ).toMatchObject({ withinTolerance: false, violations: ['EXCEEDS_MAX_PERCENT'] });
  });

  it('applies the 10-point cap on expensive instruments', () => {
    // ₹2,500 expected: 0.5 % would allow ₹12.50, the point cap stops at ₹10.
    expect(
      checkSlippageTolerance(measureSlippage('SELL', paise(2_500_00), paise(2_490_00)), TOL),
    ).toEqual({ withinTolerance: true });
    expect(
      checkSlippageTolerance(measureSlippage('SELL', paise(2_500_00), paise(2_489_99)), TOL),
    ).toEqual({
      withinTolerance: false,
      violations: ['EXCEEDS_MAX_POINTS'],
      detail: 'SELL expected ₹2,500.00, got ₹2,489.99: ₹10.01 > ₹10.00 a unit',
    });
  });

  it('reports both limits when both break', () => {
    const s = measureSlippage('BUY', paise(5_000_00), paise(5_030_00));
    expect(checkSlippageTolerance(s, TOL)).toMatchObject({
      violations: ['EXCEEDS_MAX_PERCENT', 'EXCEEDS_MAX_POINTS'],
    });
  });

  it('never limits favourable slippage', () => {
    const s = measureSlippage('BUY', paise(1_000_00), paise(900_00));
    expect(checkSlippageTolerance(s, { ...TOL, maxBps: 0, maxPerUnit: paise(0) })).toEqual({
      withinTolerance: true,
    });
  });
});

const SEVERITY: Record<SlippageAction['action'], number> = { PROCEED: 0, REQUOTE: 1, REJECT: 2 };

describe('decideSlippageAction', () => {
  const at = (actual: number) =>
    decideSlippageAction(measureSlippage('BUY', paise(1_000_00), paise(actual)), TOL).action;

  it('proceeds up to 0.3 %, requotes up to 0.5 %, rejects beyond', () => {
    expect(at(1_000_00)).toBe('PROCEED');
    expect(at(1_003_00)).toBe('PROCEED');
    expect(at(1_003_01)).toBe('REQUOTE');
    expect(at(1_005_00)).toBe('REQUOTE');
    expect(at(1_005_01)).toBe('REJECT');
    expect(at(900_00)).toBe('PROCEED');
  });

  it('says why it rejects', () => {
    const action = decideSlippageAction(
      measureSlippage('BUY', paise(1_000_00), paise(1_006_00)),
      TOL,
    );
    expect(action).toEqual({
      action: 'REJECT',
      violations: ['EXCEEDS_MAX_PERCENT'],
      detail: 'BUY expected ₹1,000.00, got ₹1,006.00: 60.0 bps > 50 bps',
    });
  });

  it('never gets milder as the price moves further against the order', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ORDER_SIDES),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: -100_000, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (side, expected, move, further) => {
          const sign = side === 'BUY' ? 1 : -1;
          const price = (adverse: number) => paise(Math.max(1, expected + sign * adverse));
          const near = decideSlippageAction(
            measureSlippage(side, paise(expected), price(move)),
            TOL,
          );
          const far = decideSlippageAction(
            measureSlippage(side, paise(expected), price(move + further)),
            TOL,
          );
          expect(SEVERITY[far.action]).toBeGreaterThanOrEqual(SEVERITY[near.action]);
        },
      ),
    );
  });

  it('rejects exactly what the tolerance check rejects', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ORDER_SIDES),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        (side, expected, actual) => {
          const s = measureSlippage(side, paise(expected), paise(actual));
          const rejected = decideSlippageAction(s, TOL).action === 'REJECT';
          expect(rejected).toBe(!checkSlippageTolerance(s, TOL).withinTolerance);
          if (s.favourable) expect(rejected).toBe(false);
        },
      ),
    );
  });
});

describe('validateSlippageTolerance', () => {
  it('accepts the defaults', () => {
    expect(validateSlippageTolerance(TOL)).toEqual([]);
    expect(TOL).toEqual({ maxBps: 50, maxPerUnit: 1_000, requoteBps: 30 });
  });

  it('reports a requote threshold beyond the tolerance and malformed numbers', () => {
    expect(validateSlippageTolerance({ ...TOL, requoteBps: 60 })).toEqual([
      'requoteBps (60) must not exceed maxBps (50)',
    ]);
    expect(
      validateSlippageTolerance({ maxBps: -1, maxPerUnit: 0.5 as Paise, requoteBps: 1.5 }),
    ).toHaveLength(3);
  });
});
