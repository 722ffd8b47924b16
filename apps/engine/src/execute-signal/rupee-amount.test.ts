import { describe, expect, it } from 'vitest';
import { formatRupeeAmount, isRupeeAmount, parseRupeeAmount } from './rupee-amount';

describe('parseRupeeAmount', () => {
  it('reads the decimal the sender wrote, exactly', () => {
    // 1.15 * 100 is 114.99999999999999 in floating point.
    expect(parseRupeeAmount(1.15)).toBe(115);
    expect(parseRupeeAmount(0.05)).toBe(5);
    expect(parseRupeeAmount(123.4)).toBe(123_40);
    expect(parseRupeeAmount(24500)).toBe(24500_00);
    expect(parseRupeeAmount(4.35)).toBe(435);
  });

  it('refuses more than two decimals, negatives and non-numbers', () => {
    expect(() => parseRupeeAmount(1.234)).toThrow(RangeError);
    expect(() => parseRupeeAmount(-1)).toThrow(RangeError);
    expect(() => parseRupeeAmount(Number.NaN)).toThrow(RangeError);
    expect(isRupeeAmount(0.1 + 0.2)).toBe(false);
    expect(isRupeeAmount(1e21)).toBe(false);
    expect(isRupeeAmount(99.99)).toBe(true);
  });

  it('formats paise back to a two-decimal rupee number', () => {
    expect(formatRupeeAmount(parseRupeeAmount(118.85))).toBe(118.85);
    expect(formatRupeeAmount(parseRupeeAmount(0.05))).toBe(0.05);
  });
});
