import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIndianInteger, formatRupees, groupIndianDigits } from './format-inr';
import { MAX_PAISE, paise } from './paise';

describe('groupIndianDigits', () => {
  it.each([
    ['0', '0'],
    ['5', '5'],
    ['999', '999'],
    ['1000', '1,000'],
    ['12345', '12,345'],
    ['123456', '1,23,456'],
    ['1234567', '12,34,567'],
    ['12345678', '1,23,45,678'],
    ['1000000000000', '10,00,00,00,00,000'],
  ])('%s → %s', (digits, expected) => {
    expect(groupIndianDigits(digits)).toBe(expected);
  });

  it.each(['', '-1', '1.5', '1,000', 'abc'])('rejects "%s"', (text) => {
    expect(() => groupIndianDigits(text)).toThrow(RangeError);
  });

  it('keeps the digits and puts commas only where the Indian system does', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{0,15}$/), (digits) => {
        const grouped = groupIndianDigits(digits);
        expect(grouped.replaceAll(',', '')).toBe(digits);
        const groups = grouped.split(',');
        expect(groups.at(-1)!.length).toBe(Math.min(3, digits.length));
        for (const group of groups.slice(1, -1)) expect(group).toHaveLength(2);
        expect(groups[0]!.length).toBeGreaterThanOrEqual(1);
        expect(groups[0]!.length).toBeLessThanOrEqual(digits.length <= 3 ? 3 : 2);
      }),
    );
  });
});

describe('formatIndianInteger', () => {
  it('groups integers with a sign', () => {
    expect(formatIndianInteger(1_800)).toBe('1,800');
    expect(formatIndianInteger(-12_34_567)).toBe('-12,34,567');
    expect(formatIndianInteger(0)).toBe('0');
  });

  it.each([1.5, Number.NaN, 2 ** 53])('rejects %s', (value) => {
    expect(() => formatIndianInteger(value)).toThrow(RangeError);
  });
});

describe('formatRupees', () => {
  it.each([
    [1_234_567_890, '₹1,23,45,678.90'],
    [0, '₹0.00'],
    [5, '₹0.05'],
    [100, '₹1.00'],
    [99_999, '₹999.99'],
    [100_000, '₹1,000.00'],
    [-123_450, '-₹1,234.50'],
    [-5, '-₹0.05'],
    [MAX_PAISE, '₹1,00,00,00,00,00,000.00'],
  ])('%s paise → %s', (amount, expected) => {
    expect(formatRupees(paise(amount))).toBe(expected);
  });

  it('adds an explicit plus to positive amounts only', () => {
    expect(formatRupees(paise(1_200), { explicitPlus: true })).toBe('+₹12.00');
    expect(formatRupees(paise(-1_200), { explicitPlus: true })).toBe('-₹12.00');
    expect(formatRupees(paise(0), { explicitPlus: true })).toBe('₹0.00');
  });

  it('omits the symbol on request', () => {
    expect(formatRupees(paise(-1_234_567_890), { symbol: false })).toBe('-1,23,45,678.90');
    expect(formatRupees(paise(5), { symbol: false, explicitPlus: true })).toBe('+0.05');
  });

  it('rounds to whole rupees half away from zero', () => {
    expect(formatRupees(paise(12_349), { fractionDigits: 0 })).toBe('₹123');
    expect(formatRupees(paise(12_350), { fractionDigits: 0 })).toBe('₹124');
    expect(formatRupees(paise(-12_350), { fractionDigits: 0 })).toBe('-₹124');
    expect(formatRupees(paise(12_345_678_901), { fractionDigits: 0 })).toBe('₹12,34,56,789');
  });

  it('shows an amount that rounds to zero rupees without a sign', () => {
    expect(formatRupees(paise(-49), { fractionDigits: 0 })).toBe('₹0');
    expect(formatRupees(paise(49), { fractionDigits: 0, explicitPlus: true })).toBe('₹0');
  });

  it('rejects values that are not paise', () => {
    expect(() => formatRupees(1.5 as never)).toThrow(RangeError);
    expect(() => formatRupees(Number.NaN as never)).toThrow(RangeError);
  });

  it('reads back to the same amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_PAISE, max: MAX_PAISE }), (amount) => {
        const text = formatRupees(paise(amount));
        expect(text).toMatch(/^-?₹(\d{1,2},(\d{2},)*\d{3}|\d{1,3})\.\d{2}$/);
        const digits = text.replace(/[₹,.]/g, '');
        expect(Number(digits)).toBe(amount);
      }),
    );
  });

  // Where the runtime carries en-IN data, the hand-written grouping must agree with it.
  const intl = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' });
  const hasIndianData = intl.format(1_234_567) === '₹12,34,567.00';

  it.runIf(hasIndianData)('matches Intl en-IN currency formatting', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 13), max: 10 ** 13 }), (amount) => {
        expect(formatRupees(paise(amount))).toBe(intl.format(amount / 100));
      }),
    );
  });
});
