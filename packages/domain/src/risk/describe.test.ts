import { describe, expect, it } from 'vitest';
import { describeRupees, describeTimeOfDay } from './describe';

describe('describeRupees', () => {
  it.each<[number | bigint, string]>([
    [0, '₹0.00'],
    [5, '₹0.05'],
    [123_456, '₹1,234.56'],
    [-1_205, '-₹12.05'],
    [1_23_45_678_90, '₹1,23,45,678.90'],
    [2n ** 64n, '₹1,84,46,74,40,73,70,95,516.16'],
  ])('writes %s paise as %s', (amount, text) => {
    expect(describeRupees(amount)).toBe(text);
  });
});

describe('describeTimeOfDay', () => {
  it('writes zero-padded HH:MM, dropping seconds', () => {
    expect(describeTimeOfDay(0)).toBe('00:00');
    expect(describeTimeOfDay(9 * 60 + 5.9)).toBe('09:05');
    expect(describeTimeOfDay(1439)).toBe('23:59');
  });
});
