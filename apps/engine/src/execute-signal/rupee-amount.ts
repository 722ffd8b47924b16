import { paise } from '@kavach/domain';
import type { Paise } from '@kavach/domain';

/**
 * A rupee amount as JSON carries it (e.g. 123.45) written with at most two decimals. The
 * shortest text JavaScript prints for a number is the decimal the sender wrote, so reading
 * that text gives exact paise where `value * 100` could drift (1.15 * 100 is 114.99999…).
 */
const RUPEE_DECIMAL = /^(\d+)(?:\.(\d{1,2}))?$/;

/** Whether the number is a non-negative rupee amount with at most two decimals. */
export function isRupeeAmount(value: number): boolean {
  return Number.isFinite(value) && RUPEE_DECIMAL.test(String(value));
}

/** Exact paise of a rupee amount with at most two decimals; a RangeError otherwise. */
export function parseRupeeAmount(value: number): Paise {
  const match = Number.isFinite(value) ? RUPEE_DECIMAL.exec(String(value)) : null;
  if (match === null) {
    throw new RangeError(`expected rupees with at most two decimals, got ${value}`);
  }
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  return paise(whole * 100 + fraction);
}

/** Paise as a rupee number with two decimals, for the HTTP answer only. */
export function formatRupeeAmount(value: Paise): number {
  return Number((value / 100).toFixed(2));
}
