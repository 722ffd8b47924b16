import { paise } from './paise';
import type { Paise } from './paise';

export interface FormatRupeesOptions {
  /** Prefix `+` to positive amounts, as P&L is shown. Zero never carries a sign. */
  readonly explicitPlus?: boolean;
  /** Prefix `₹` (default true); false for table cells whose header names the unit. */
  readonly symbol?: boolean;
  /** 2 (default) shows paise; 0 rounds to whole rupees, half away from zero. */
  readonly fractionDigits?: 0 | 2;
}

/**
 * Groups a string of digits the Indian way: the last three together, then pairs
 * (1,23,45,678). Written out rather than left to Intl because a Node built with small-icu
 * has no en-IN data and would silently fall back to 12,345,678.
 */
export function groupIndianDigits(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new RangeError(`expected decimal digits, got "${digits}"`);
  if (digits.length <= 3) return digits;
  const head = digits.slice(0, -3);
  const tail = digits.slice(-3);
  const pairs: string[] = [];
  let end = head.length;
  while (end > 0) {
    pairs.unshift(head.slice(Math.max(0, end - 2), end));
    end -= 2;
  }
  return `${pairs.join(',')},${tail}`;
}

/** An integer (a quantity, a volume) with Indian grouping and a leading '-' when negative. */
export function formatIndianInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`expected a safe integer, got ${value}`);
  const grouped = groupIndianDigits(String(Math.abs(value)));
  return value < 0 ? `-${grouped}` : grouped;
}

/** ₹1,23,45,678.90 / -₹1,234.50 / +₹12.00: money as Kite users read it (en-IN currency). */
export function formatRupees(amount: Paise, options: FormatRupeesOptions = {}): string {
  const value = paise(amount);
  const { explicitPlus = false, symbol = true, fractionDigits = 2 } = options;
  const magnitude = Math.abs(value);
  let body: string;
  let isZero: boolean;
  if (fractionDigits === 0) {
    const rupees = Math.floor(magnitude / 100) + (magnitude % 100 >= 50 ? 1 : 0);
    body = groupIndianDigits(String(rupees));
    isZero = rupees === 0;
  } else {
    const rupees = Math.floor(magnitude / 100);
    const rest = String(magnitude % 100).padStart(2, '0');
    body = `${groupIndianDigits(String(rupees))}.${rest}`;
    isZero = magnitude === 0;
  }
  const sign = isZero ? '' : value < 0 ? '-' : explicitPlus ? '+' : '';
  return `${sign}${symbol ? '₹' : ''}${body}`;
}
