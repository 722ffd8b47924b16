import { paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { fromDbAmount, fromDbPrice, toDbAmount, toDbPrice } from './money';

describe('amounts (bigint columns)', () => {
  it('round-trip exactly beyond int4', () => {
    const fiveCrore = paise(5_000_000_000);
    expect(toDbAmount(fiveCrore)).toBe(5_000_000_000n);
    expect(fromDbAmount(toDbAmount(fiveCrore))).toBe(fiveCrore);
    expect(fromDbAmount(-123n)).toBe(-123);
  });

  it('refuse what a safe integer cannot hold', () => {
    expect(() => fromDbAmount(2n ** 60n)).toThrow(RangeError);
  });
});

describe('prices (int4 columns)', () => {
  it('pass through when they fit', () => {
    expect(toDbPrice(paise(2_450_000))).toBe(2_450_000);
    expect(fromDbPrice(5)).toBe(paise(5));
  });

  it('refuse a price beyond ₹2.1 crore a unit', () => {
    expect(() => toDbPrice(paise(2_147_483_648))).toThrow(RangeError);
  });
});
