import { paise } from '@kavach/domain';
import type { Paise } from '@kavach/domain';

export type RupeeAmount =
  { readonly ok: true; readonly paise: Paise } | { readonly ok: false; readonly message: string };

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
/** ₹99,99,99,99,999.99: far above any price or risk amount, well inside exact integers. */
const MAX_RUPEE_DIGITS = 11;
const PLACEHOLDER = /\{\{.*\}\}/;

/**
 * A positive rupee amount, as a JSON number or a numeric string (TradingView fills `{{close}}`
 * into a string), to exact integer paise. The decimal text is split, never multiplied as a
 * float: 0.29 * 100 is 28.999999999999996. A JSON number is read through its shortest
 * round-trip text, which is what the sender wrote. More than 2 decimals are refused unless
 * the extra digits are zeros: paise are the smallest unit and guessing a rounding here would
 * move a stop without saying so.
 */
export function parseRupeeAmount(value: number | string): RupeeAmount {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return { ok: false, message: 'must be a finite number' };
  }
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (text.startsWith('-')) return { ok: false, message: 'must be greater than 0' };
  const match = DECIMAL.exec(text);
  if (match === null) {
    return {
      ok: false,
      message: PLACEHOLDER.test(text)
        ? `"${text}" is a TradingView placeholder that was not filled in`
        : `must be a rupee amount such as 2500.55, got "${text.slice(0, 40)}"`,
    };
  }
  const whole = (match[1] ?? '').replace(/^0+(?=\d)/, '');
  const fraction = match[2] ?? '';
  if (/[1-9]/.test(fraction.slice(2))) {
    return {
      ok: false,
      message: `has more than 2 decimals (${text}); paise are the smallest unit`,
    };
  }
  if (whole.length > MAX_RUPEE_DIGITS) return { ok: false, message: `is too large (${text})` };
  const amount = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  if (amount === 0) return { ok: false, message: 'must be greater than 0' };
  return { ok: true, paise: paise(amount) };
}
