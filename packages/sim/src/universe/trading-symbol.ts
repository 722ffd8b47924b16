import { parseIsoDate } from '@kavach/domain';
import type { Paise } from '@kavach/domain';

/**
 * NFO tradingsymbols as Kite writes them:
 *   future                      NIFTY26JANFUT        name + YY + MMM + FUT
 *   monthly option              NIFTY26JAN25000CE    name + YY + MMM + strike + type
 *   weekly option               NIFTY2610625000CE    name + YY + M + DD + strike + type
 * where the weekly month code M is 1–9, O, N, D. A weekly contract that expires on the
 * monthly expiry day is the monthly contract and uses the monthly form.
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKLY_MONTH_CODES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'O', 'N', 'D'];

function yearCode(year: number): string {
  return String(year % 100).padStart(2, '0');
}

function monthlyCode(expiry: string): string {
  const { year, month } = parseIsoDate(expiry);
  return `${yearCode(year)}${MONTHS[month - 1] ?? ''}`;
}

function weeklyCode(expiry: string): string {
  const { year, month, day } = parseIsoDate(expiry);
  return `${yearCode(year)}${WEEKLY_MONTH_CODES[month - 1] ?? ''}${String(day).padStart(2, '0')}`;
}

/** The strike as the exchange writes it: whole rupees, or up to two decimals when fractional. */
function strikeText(strike: Paise): string {
  const rupees = Math.floor(strike / 100);
  const fraction = strike % 100;
  if (fraction === 0) return String(rupees);
  return `${rupees}.${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
}

export function formatFutureSymbol(name: string, expiry: string): string {
  return `${name}${monthlyCode(expiry)}FUT`;
}

export function formatOptionSymbol(
  name: string,
  expiry: string,
  monthly: boolean,
  strike: Paise,
  type: 'CE' | 'PE',
): string {
  const code = monthly ? monthlyCode(expiry) : weeklyCode(expiry);
  return `${name}${code}${strikeText(strike)}${type}`;
}
