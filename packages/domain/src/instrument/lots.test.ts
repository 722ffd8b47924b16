import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkOrderQuantity,
  exceedsFreezeQuantity,
  isLotMultiple,
  lotsToQuantity,
  maxQuantityPerOrder,
  quantityToLots,
  splitByFreezeQuantity,
} from './lots';
import type { LotSpec } from './lots';

const NIFTY: LotSpec = { lotSize: 65, freezeQuantity: 1_800 };
const BANKNIFTY: LotSpec = { lotSize: 30, freezeQuantity: 600 };
const INFY: LotSpec = { lotSize: 1, freezeQuantity: null };

const specArb = fc
  .record({
    lotSize: fc.integer({ min: 1, max: 5_000 }),
    freezeLots: fc.option(fc.integer({ min: 1, max: 100 })),
  })
  .chain(({ lotSize, freezeLots }) =>
    fc.record({
      lotSize: fc.constant(lotSize),
      freezeQuantity:
        freezeLots === null
          ? fc.constant(null)
          : fc.integer({ min: freezeLots * lotSize, max: freezeLots * lotSize + lotSize - 1 }),
    }),
  );

describe('isLotMultiple', () => {
  it.each([
    [130, 65, true],
    [0, 65, true],
    [100, 65, false],
    [65.5, 65, false],
    [Number.NaN, 65, false],
    [7, 1, true],
  ])('%s with lot %s: %s', (quantity, lotSize, expected) => {
    expect(isLotMultiple(quantity, lotSize)).toBe(expected);
  });

  it.each([0, -65, 1.5, Number.NaN])('rejects lot size %s', (lotSize) => {
    expect(() => isLotMultiple(65, lotSize)).toThrow(RangeError);
  });
});

describe('lotsToQuantity and quantityToLots', () => {
  it('converts both ways', () => {
    expect(lotsToQuantity(3, 65)).toBe(195);
    expect(lotsToQuantity(0, 65)).toBe(0);
    expect(quantityToLots(195, 65)).toBe(3);
    expect(quantityToLots(194, 65)).toBe(2);
    expect(quantityToLots(64, 65)).toBe(0);
  });

  it.each([-1, 1.5, Number.NaN])('lotsToQuantity rejects %s lots', (lots) => {
    expect(() => lotsToQuantity(lots, 65)).toThrow(RangeError);
  });

  it('lotsToQuantity rejects an unsafe product', () => {
    expect(() => lotsToQuantity(2 ** 50, 65)).toThrow(RangeError);
  });

  it.each([-65, 1.5, Number.POSITIVE_INFINITY])(
    'quantityToLots rejects quantity %s',
    (quantity) => {
      expect(() => quantityToLots(quantity, 65)).toThrow(RangeError);
    },
  );

  it('rejects a bad lot size', () => {
    expect(() => lotsToQuantity(1, 0)).toThrow(RangeError);
    expect(() => quantityToLots(1, -1)).toThrow(RangeError);
  });

  it('floor-inverts: lots → quantity → lots is the identity, quantity → lots never overshoots', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 5_000 }),
        (n, lotSize) => {
          expect(quantityToLots(lotsToQuantity(n, lotSize), lotSize)).toBe(n);
          const lots = quantityToLots(n, lotSize);
          expect(lotsToQuantity(lots, lotSize)).toBeLessThanOrEqual(n);
          expect(n - lotsToQuantity(lots, lotSize)).toBeLessThan(lotSize);
          expect(isLotMultiple(lotsToQuantity(lots, lotSize), lotSize)).toBe(true);
        },
      ),
    );
  });
});

describe('exceedsFreezeQuantity', () => {
  it('allows up to and including the freeze quantity', () => {
    expect(exceedsFreezeQuantity(1_800, 1_800)).toBe(false);
    expect(exceedsFreezeQuantity(1_801, 1_800)).toBe(true);
    expect(exceedsFreezeQuantity(10 ** 9, null)).toBe(false);
  });
});

describe('maxQuantityPerOrder', () => {
  it('is the largest lot multiple within the freeze quantity', () => {
    expect(maxQuantityPerOrder(NIFTY)).toBe(1_755);
    expect(maxQuantityPerOrder(BANKNIFTY)).toBe(600);
    expect(maxQuantityPerOrder(INFY)).toBeNull();
  });

  it('rejects a freeze quantity smaller than a lot', () => {
    expect(() => maxQuantityPerOrder({ lotSize: 65, freezeQuantity: 64 })).toThrow(RangeError);
    expect(() => maxQuantityPerOrder({ lotSize: 65, freezeQuantity: 100.5 })).toThrow(RangeError);
  });
});

describe('checkOrderQuantity', () => {
  it('accepts whole lots within the freeze quantity', () => {
    expect(checkOrderQuantity(130, NIFTY)).toEqual({ ok: true, lots: 2 });
    expect(checkOrderQuantity(1_755, NIFTY)).toEqual({ ok: true, lots: 27 });
    expect(checkOrderQuantity(600, BANKNIFTY)).toEqual({ ok: true, lots: 20 });
    expect(checkOrderQuantity(123_456, INFY)).toEqual({ ok: true, lots: 123_456 });
  });

  it.each([0, -65, 1.5, Number.NaN])('refuses %s as not a positive integer', (quantity) => {
    expect(checkOrderQuantity(quantity, NIFTY)).toMatchObject({
      ok: false,
      reason: 'NOT_POSITIVE_INTEGER',
    });
  });

  it('refuses a part lot', () => {
    expect(checkOrderQuantity(100, NIFTY)).toEqual({
      ok: false,
      reason: 'NOT_LOT_MULTIPLE',
      quantity: 100,
      lotSize: 65,
    });
  });

  it('refuses more than the freeze quantity', () => {
    expect(checkOrderQuantity(630, BANKNIFTY)).toEqual({
      ok: false,
      reason: 'ABOVE_FREEZE_QUANTITY',
      quantity: 630,
      freezeQuantity: 600,
    });
  });

  it('throws on a malformed spec, which is a data bug and not an order problem', () => {
    expect(() => checkOrderQuantity(65, { lotSize: 0, freezeQuantity: null })).toThrow(RangeError);
  });

  it('accepts exactly the positive lot multiples up to the per-order maximum', () => {
    fc.assert(
      fc.property(specArb, fc.integer({ min: -10, max: 500_000 }), (spec, quantity) => {
        const result = checkOrderQuantity(quantity, spec);
        const max = maxQuantityPerOrder(spec) ?? Number.POSITIVE_INFINITY;
        const acceptable = quantity > 0 && quantity % spec.lotSize === 0 && quantity <= max;
        expect(result.ok).toBe(acceptable);
        if (result.ok) expect(result.lots * spec.lotSize).toBe(quantity);
      }),
    );
  });
});

describe('splitByFreezeQuantity', () => {
  it('slices a large order like Kite autoslice, largest slices first', () => {
    expect(splitByFreezeQuantity(1_320, BANKNIFTY)).toEqual([600, 600, 120]);
    expect(splitByFreezeQuantity(3_900, NIFTY)).toEqual([1_755, 1_755, 390]);
  });

  it('keeps an order that already fits whole', () => {
    expect(splitByFreezeQuantity(600, BANKNIFTY)).toEqual([600]);
    expect(splitByFreezeQuantity(65, NIFTY)).toEqual([65]);
    expect(splitByFreezeQuantity(250_000, INFY)).toEqual([250_000]);
  });

  it.each([0, -30, 45, 1.5])('rejects quantity %s', (quantity) => {
    expect(() => splitByFreezeQuantity(quantity, BANKNIFTY)).toThrow(RangeError);
  });

  it('slices add up, each acceptable on its own, as few as possible', () => {
    fc.assert(
      fc.property(specArb, fc.integer({ min: 1, max: 2_000 }), (spec, lots) => {
        const quantity = lots * spec.lotSize;
        const slices = splitByFreezeQuantity(quantity, spec);
        expect(slices.reduce((sum, q) => sum + q, 0)).toBe(quantity);
        for (const slice of slices) expect(checkOrderQuantity(slice, spec).ok).toBe(true);
        const max = maxQuantityPerOrder(spec);
        expect(slices).toHaveLength(max === null ? 1 : Math.ceil(quantity / max));
      }),
    );
  });
});
