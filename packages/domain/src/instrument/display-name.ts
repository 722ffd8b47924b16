import type { Paise } from '../money/paise';
import { parseIsoDate } from '../time/iso-date';
import type { Instrument } from './instrument';
import { isDerivative } from './instrument-kind';

/**
 * Instrument names as a Kite user reads them, built from the tradingsymbol and the expiry:
 *
 *   INFY                    equity (and index) — the tradingsymbol as is
 *   NIFTY 25NOV FUT         future: underlying, YY + MMM of the monthly expiry
 *   NIFTY 25NOV 24500 CE    monthly option
 *   NIFTY 04 NOV 24500 CE   weekly option: DD MMM of its expiry day
 *
 * Whether an option is weekly or monthly is read from the tradingsymbol, which encodes it
 * (exchange convention): monthly contracts write YY + MMM (NIFTY25NOV24500CE), weeklies
 * YY + M + DD with M = 1–9, O, N, D (NIFTY25N0424500CE for 4 Nov 2025). When the symbol
 * matches neither against the instrument's expiry and strike, the tradingsymbol is shown
 * unchanged: never a guessed name.
 */

export type ExpiryStyle = 'MONTHLY' | 'WEEKLY';

type NamedInstrument = Pick<Instrument, 'type' | 'tradingSymbol' | 'expiry' | 'strike'>;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKLY_MONTH_CODES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'O', 'N', 'D'];

interface ParsedSymbol {
  readonly underlying: string;
  readonly style: ExpiryStyle;
  readonly day: string;
  readonly month: string;
  readonly yy: string;
  /** The strike as displayed, null for a future. */
  readonly strike: string | null;
}

/** Strike in rupees as the exchange writes it: 24500, 7.5, 1012.25. */
function formatStrike(strike: Paise): string {
  const whole = Math.floor(strike / 100);
  const fraction = strike % 100;
  if (fraction === 0) return String(whole);
  return `${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
}

function parseSymbol(instrument: NamedInstrument): ParsedSymbol | null {
  const { type, tradingSymbol, expiry, strike } = instrument;
  if (!isDerivative(type)) return null;
  if (expiry === null) throw new RangeError(`${tradingSymbol}: a ${type} must have an expiry`);
  if (type !== 'FUT' && strike === null) {
    throw new RangeError(`${tradingSymbol}: an option must have a strike`);
  }
  const { year, month, day } = parseIsoDate(expiry);
  const yy = String(year % 100).padStart(2, '0');
  const dd = String(day).padStart(2, '0');
  const mmm = MONTHS[month - 1] ?? '';
  const codes: readonly [ExpiryStyle, string][] = [
    ['MONTHLY', `${yy}${mmm}`],
    ['WEEKLY', `${yy}${WEEKLY_MONTH_CODES[month - 1] ?? ''}${dd}`],
  ];
  for (const [style, code] of codes) {
    const match = new RegExp(`^(.+)${code}(?:FUT|(\\d+(?:\\.\\d+)?)(CE|PE))$`).exec(tradingSymbol);
    if (match === null) continue;
    const [, underlying = '', strikeText, optionType] = match;
    const fits =
      type === 'FUT'
        ? strikeText === undefined && style === 'MONTHLY'
        : optionType === type && strike !== null && Math.round(Number(strikeText) * 100) === strike;
    if (fits) {
      const shownStrike = strike === null || type === 'FUT' ? null : formatStrike(strike);
      return { underlying, style, day: dd, month: mmm, yy, strike: shownStrike };
    }
  }
  return null;
}

/** MONTHLY or WEEKLY for a derivative whose tradingsymbol says which; null otherwise. */
export function detectExpiryStyle(instrument: NamedInstrument): ExpiryStyle | null {
  return parseSymbol(instrument)?.style ?? null;
}

export function formatDisplayName(instrument: NamedInstrument): string {
  const parsed = parseSymbol(instrument);
  if (parsed === null) return instrument.tradingSymbol;
  const { underlying, style, day, month, yy, strike } = parsed;
  const expiry = style === 'MONTHLY' ? `${yy}${month}` : `${day} ${month}`;
  return strike === null
    ? `${underlying} ${expiry} FUT`
    : `${underlying} ${expiry} ${strike} ${instrument.type}`;
}
