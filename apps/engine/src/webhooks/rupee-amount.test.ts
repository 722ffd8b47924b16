import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRupeeAmount } from './rupee-amount';

describe('parseRupeeAmount', () => {
  it.each<[number | string, number]>([
    ['2500.55', 250_055],
    ['2500.5', 250_050],
    ['2500', 250_000],
    [' 2500.50 ', 250_050],
    ['0.29', 29],
    ['0.05', 5],
    ['007.10', 710],
    ['2500.500', 250_050],
    [2500.55, 250_055],
    [0.29, 29],
    [1.1, 110],
    [24_500, 2_450_000],
    ['99999999999.99', 9_999_999_999_999],
  ])('%j rupees is %i paise', (rupees, paise) => {
    expect(parseRupeeAmount(rupees)).toEqual({ ok: true, paise });
  });

  it.each<[number | string, RegExp]>([
    ['0', /greater than 0/],
    [0, /greater than 0/],
    [-0, /greater than 0/],
    ['0.00', /greater than 0/],
    ['-5', /greater than 0/],
    [-5, /greater than 0/],
    ['1.005', /more than 2 decimals/],
    [0.1 + 0.2, /more than 2 decimals/],
    ['{{close}}', /placeholder that was not filled in/],
    ['', /rupee amount/],
    ['12,500.50', /rupee amount/],
    ['1e3', /rupee amount/],
    ['.5', /rupee amount/],
    ['5.', /rupee amount/],
    ['abc', /rupee amount/],
    [Number.NaN, /finite/],
    [Number.POSITIVE_INFINITY, /finite/],
    ['123456789012', /too large/],
  ])('refuses %j', (rupees, message) => {
    const amount = parseRupeeAmount(rupees);
    expect(amount.ok).toBe(false);
    if (!amount.ok) expect(amount.message).toMatch(message);
  });

  it('reads every whole-paise amount exactly, as a number and as text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_000_000 }), (paise) => {
        const text = `${Math.floor(paise / 100)}.${String(paise % 100).padStart(2, '0')}`;
        expect(parseRupeeAmount(text)).toEqual({ ok: true, paise });
        // The float a JSON parser makes of the text: its shortest form is the text again.
        expect(parseRupeeAmount(Number(text))).toEqual({ ok: true, paise });
      }),
    );
  });
});
