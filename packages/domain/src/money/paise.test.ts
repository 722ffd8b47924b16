import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_PAISE,
  ZERO_PAISE,
  absPaise,
  addPaise,
  floorDivPaise,
  maxPaise,
  minPaise,
  mulPaise,
  negatePaise,
  paise,
  paiseToRupees,
  percentOfPaise,
  rupeesToPaise,
  subPaise,
} from './paise';
import type { Paise } from './paise';

const anyPaise = fc.integer({ min: -MAX_PAISE, max: MAX_PAISE }).map(paise);
/** Three of these always sum inside the accepted range, whatever the grouping. */
const thirdPaise = fc
  .integer({ min: -Math.floor(MAX_PAISE / 3), max: Math.floor(MAX_PAISE / 3) })
  .map(paise);

function attempt(compute: () => Paise): Paise | 'threw' {
  try {
    return compute();
  } catch (error) {
    if (error instanceof RangeError) return 'threw';
    throw error;
  }
}

describe('paise', () => {
  it('accepts integers up to ±MAX_PAISE', () => {
    expect(paise(0)).toBe(0);
    expect(paise(123_456)).toBe(123_456);
    expect(paise(MAX_PAISE)).toBe(MAX_PAISE);
    expect(paise(-MAX_PAISE)).toBe(-MAX_PAISE);
  });

  it.each([
    ['a fraction', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['one past the maximum', MAX_PAISE + 1],
    ['one past the minimum', -MAX_PAISE - 1],
    ['an unsafe integer', 2 ** 53],
  ])('rejects %s', (_label, value) => {
    expect(() => paise(value)).toThrow(RangeError);
  });

  it('normalises negative zero to zero', () => {
    expect(Object.is(paise(-0), 0)).toBe(true);
  });

  it('ZERO_PAISE is zero', () => {
    expect(ZERO_PAISE).toBe(0);
  });
});

describe('rupeesToPaise', () => {
  it.each([
    [1234.55, 123_455],
    [0.05, 5],
    [-0.05, -5],
    [24_500, 2_450_000],
    [0, 0],
    // Float products that land just below the half: the decimal the sender wrote wins.
    [1.005, 101],
    [1.015, 102],
    [-1.005, -101],
    [8.675, 868],
    // Beyond two decimals: half away from zero.
    [0.125, 13],
    [-0.125, -13],
    [0.124, 12],
  ])('%s rupees is %s paise', (rupees, expected) => {
    expect(rupeesToPaise(rupees)).toBe(expected);
  });

  it('never returns negative zero', () => {
    expect(Object.is(rupeesToPaise(-0.001), 0)).toBe(true);
    expect(Object.is(rupeesToPaise(-0), 0)).toBe(true);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'rejects %s',
    (rupees) => {
      expect(() => rupeesToPaise(rupees)).toThrow(RangeError);
    },
  );

  it('rejects amounts beyond the range', () => {
    expect(() => rupeesToPaise(MAX_PAISE / 100 + 1)).toThrow(RangeError);
    expect(rupeesToPaise(MAX_PAISE / 100)).toBe(MAX_PAISE);
  });

  it('round-trips every two-decimal amount written as a decimal string', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_PAISE, max: MAX_PAISE }), (p) => {
        const sign = p < 0 ? '-' : '';
        const abs = Math.abs(p);
        const text = `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
        expect(rupeesToPaise(Number(text))).toBe(p === 0 ? 0 : p);
      }),
    );
  });

  it('round-trips paise → rupees → paise', () => {
    fc.assert(
      fc.property(anyPaise, (p) => {
        expect(rupeesToPaise(paiseToRupees(p))).toBe(p);
      }),
    );
  });

  it('always returns an integer within range', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (rupees) => {
        const p = rupeesToPaise(rupees);
        expect(Number.isSafeInteger(p)).toBe(true);
        expect(Math.abs(p - rupees * 100)).toBeLessThanOrEqual(0.5 + Math.abs(rupees) * 1e-12);
      }),
    );
  });
});

describe('paiseToRupees', () => {
  it('divides by 100', () => {
    expect(paiseToRupees(paise(123_455))).toBe(1234.55);
    expect(paiseToRupees(paise(-5))).toBe(-0.05);
  });
});

describe('addPaise', () => {
  it('sums any number of amounts', () => {
    expect(addPaise()).toBe(0);
    expect(addPaise(paise(5))).toBe(5);
    expect(addPaise(paise(5), paise(10), paise(-3))).toBe(12);
  });

  it('rejects a total beyond the range', () => {
    expect(() => addPaise(paise(MAX_PAISE), paise(1))).toThrow(RangeError);
  });

  it('rejects partial sums that leave the exact integer range even if the total comes back', () => {
    const big = paise(MAX_PAISE);
    const values = [
      ...Array<Paise>(10).fill(big),
      paise(1),
      ...Array<Paise>(10).fill(paise(-MAX_PAISE)),
    ];
    expect(() => addPaise(...values)).toThrow(RangeError);
  });

  it('is associative and commutative', () => {
    fc.assert(
      fc.property(thirdPaise, thirdPaise, thirdPaise, (a, b, c) => {
        const left = addPaise(addPaise(a, b), c);
        expect(addPaise(a, addPaise(b, c))).toBe(left);
        expect(addPaise(c, b, a)).toBe(left);
      }),
    );
  });

  it('either computes the exact sum or throws, never a rounded one', () => {
    fc.assert(
      fc.property(fc.array(anyPaise, { maxLength: 12 }), (values) => {
        const exact = values.reduce((sum, v) => sum + BigInt(v), 0n);
        const result = attempt(() => addPaise(...values));
        if (result === 'threw') {
          const partials = values.map((_, i) =>
            values.slice(0, i + 1).reduce((sum, v) => sum + BigInt(v), 0n),
          );
          const overflowed =
            exact > BigInt(MAX_PAISE) ||
            exact < -BigInt(MAX_PAISE) ||
            partials.some(
              (s) => s > BigInt(Number.MAX_SAFE_INTEGER) || s < -BigInt(Number.MAX_SAFE_INTEGER),
            );
          expect(overflowed).toBe(true);
        } else {
          expect(BigInt(result)).toBe(exact);
        }
      }),
    );
  });
});

describe('subPaise', () => {
  it('subtracts', () => {
    expect(subPaise(paise(10), paise(25))).toBe(-15);
  });

  it('is the inverse of addPaise', () => {
    fc.assert(
      fc.property(thirdPaise, thirdPaise, (a, b) => {
        expect(subPaise(addPaise(a, b), b)).toBe(a);
      }),
    );
  });

  it('rejects a difference beyond the range', () => {
    expect(() => subPaise(paise(-MAX_PAISE), paise(1))).toThrow(RangeError);
  });

  it('keeps integrality: results are always safe integers', () => {
    fc.assert(
      fc.property(thirdPaise, thirdPaise, (a, b) => {
        expect(Number.isSafeInteger(subPaise(a, b))).toBe(true);
      }),
    );
  });
});

describe('negatePaise and absPaise', () => {
  it('negates without producing negative zero', () => {
    expect(negatePaise(paise(7))).toBe(-7);
    expect(negatePaise(paise(-7))).toBe(7);
    expect(Object.is(negatePaise(ZERO_PAISE), 0)).toBe(true);
  });

  it('takes the magnitude', () => {
    expect(absPaise(paise(-7))).toBe(7);
    expect(absPaise(paise(7))).toBe(7);
  });

  it('negation is an involution and abs is non-negative', () => {
    fc.assert(
      fc.property(anyPaise, (a) => {
        expect(negatePaise(negatePaise(a))).toBe(a);
        expect(absPaise(a)).toBeGreaterThanOrEqual(0);
        expect(absPaise(a)).toBe(absPaise(negatePaise(a)));
      }),
    );
  });
});

describe('mulPaise', () => {
  it('multiplies a price by a quantity', () => {
    expect(mulPaise(paise(2_450_005), 65)).toBe(159_250_325);
    expect(mulPaise(paise(100), -3)).toBe(-300);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects quantity %s', (quantity) => {
    expect(() => mulPaise(paise(100), quantity)).toThrow(RangeError);
  });

  it('rejects a product beyond the range', () => {
    expect(() => mulPaise(paise(MAX_PAISE), 2)).toThrow(RangeError);
  });

  it('distributes over addition', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }).map(paise),
        fc.integer({ min: -1e9, max: 1e9 }).map(paise),
        fc.integer({ min: -1000, max: 1000 }),
        (a, b, q) => {
          expect(mulPaise(addPaise(a, b), q)).toBe(addPaise(mulPaise(a, q), mulPaise(b, q)));
        },
      ),
    );
  });
});

describe('minPaise and maxPaise', () => {
  it('pick the smaller and the larger', () => {
    expect(minPaise(paise(3), paise(-4))).toBe(-4);
    expect(maxPaise(paise(3), paise(-4))).toBe(3);
  });

  it('agree with Math.min and Math.max', () => {
    fc.assert(
      fc.property(anyPaise, anyPaise, (a, b) => {
        expect(minPaise(a, b)).toBe(Math.min(a, b));
        expect(maxPaise(a, b)).toBe(Math.max(a, b));
      }),
    );
  });
});

describe('floorDivPaise', () => {
  it('counts whole divisors', () => {
    expect(floorDivPaise(paise(1000), paise(300))).toBe(3);
    expect(floorDivPaise(paise(900), paise(300))).toBe(3);
    expect(floorDivPaise(paise(299), paise(300))).toBe(0);
    expect(floorDivPaise(paise(-1), paise(300))).toBe(-1);
  });

  it.each([0, -5])('rejects divisor %s', (divisor) => {
    expect(() => floorDivPaise(paise(100), paise(divisor))).toThrow(RangeError);
  });

  it('agrees with exact integer division', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_PAISE }).map(paise),
        fc.integer({ min: 1, max: MAX_PAISE }).map(paise),
        (a, b) => {
          expect(BigInt(floorDivPaise(a, b))).toBe(BigInt(a) / BigInt(b));
        },
      ),
    );
  });
});

describe('percentOfPaise', () => {
  it.each([
    [10_000, 100, 100],
    [10_000, 1, 1],
    [5_000, 1, 1], // 0.5 paise rounds away from zero
    [4_999, 1, 0],
    [-5_000, 1, -1],
    [-4_999, 1, 0],
    [123_456, 250, 3_086],
    [100, -10_000, -100],
  ])('%s paise × %s bps = %s paise', (amount, bps, expected) => {
    expect(percentOfPaise(paise(amount), bps)).toBe(expected);
  });

  it('never returns negative zero', () => {
    expect(Object.is(percentOfPaise(paise(-1), 1), 0)).toBe(true);
  });

  it('is exact where a float product would not be', () => {
    // The float product 8.07…e17 is past 2^53 and rounds up by enough to flip the result.
    expect(percentOfPaise(paise(696_622_560_863_119), 1_159)).toBe(80_738_554_804_035);
  });

  it.each([1.5, Number.NaN])('rejects %s basis points', (bps) => {
    expect(() => percentOfPaise(paise(100), bps)).toThrow(RangeError);
  });

  it('rejects a result beyond the range', () => {
    expect(() => percentOfPaise(paise(MAX_PAISE), 20_000)).toThrow(RangeError);
  });

  it('matches a BigInt reference with half-away-from-zero rounding', () => {
    fc.assert(
      fc.property(anyPaise, fc.integer({ min: -10_000, max: 10_000 }), (a, bps) => {
        const product = BigInt(a) * BigInt(bps);
        const abs = product < 0n ? -product : product;
        const rounded = (abs * 2n + 10_000n) / 20_000n;
        const expected = Number(product < 0n ? -rounded : rounded);
        expect(percentOfPaise(a, bps)).toBe(expected === 0 ? 0 : expected);
      }),
    );
  });
});
