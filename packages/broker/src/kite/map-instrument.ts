import { checkInstrument, EXCHANGES, paise, resolveSegment, rupeesToPaise } from '@kavach/domain';
import type { Exchange, Instrument, InstrumentType, Paise } from '@kavach/domain';

export type InstrumentRowResult =
  | { readonly ok: true; readonly value: Instrument }
  | {
      readonly ok: false;
      /** BLANK: an empty line; UNSUPPORTED: an exchange or type we do not trade; MALFORMED: bad data. */
      readonly reason: 'BLANK' | 'UNSUPPORTED' | 'MALFORMED';
      readonly message: string;
    };

/** Kite lists indices with tick 0 and lot 0; the domain needs both positive (as the simulator). */
const INDEX_TICK_SIZE = paise(5);
const INDEX_LOT_SIZE = 1;

const UNSIGNED = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseUnsigned(text: string): number | null {
  if (!UNSIGNED.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

function parseRupees(text: string): Paise | null {
  if (!DECIMAL.test(text)) return null;
  try {
    return rupeesToPaise(Number(text));
  } catch {
    return null;
  }
}

function instrumentType(row: Readonly<Record<string, string>>): InstrumentType | null {
  if (row.segment === 'INDICES') return 'INDEX';
  const type = row.instrument_type;
  return type === 'EQ' || type === 'FUT' || type === 'CE' || type === 'PE' ? type : null;
}

function malformed(row: Readonly<Record<string, string>>, what: string): InstrumentRowResult {
  return {
    ok: false,
    reason: 'MALFORMED',
    message: `${row.tradingsymbol ?? '?'} (${row.instrument_token ?? '?'}): ${what}`,
  };
}

/**
 * One row of Kite's instrument dump (columns as strings) as a domain Instrument. Exchanges
 * and types this system does not trade are UNSUPPORTED; inconsistent rows are MALFORMED.
 * The dump has no freeze quantity: it stays null.
 */
export function toInstrument(row: Readonly<Record<string, string>>): InstrumentRowResult {
  if (Object.values(row).every((cell) => cell.trim() === '')) {
    return { ok: false, reason: 'BLANK', message: 'blank row' };
  }
  const exchange = EXCHANGES.find((candidate) => candidate === row.exchange);
  const type = instrumentType(row);
  if (exchange === undefined || type === null) {
    return {
      ok: false,
      reason: 'UNSUPPORTED',
      message: `${row.exchange ?? '?'} ${row.instrument_type ?? '?'} ${row.segment ?? '?'}`,
    };
  }
  const token = parseUnsigned(row.instrument_token ?? '');
  const exchangeToken = parseUnsigned(row.exchange_token ?? '');
  let tickSize = parseRupees(row.tick_size ?? '');
  let lotSize = parseUnsigned(row.lot_size ?? '');
  if (token === null || exchangeToken === null) return malformed(row, 'bad token');
  if (tickSize === null || lotSize === null) return malformed(row, 'bad tick or lot size');
  if (type === 'INDEX') {
    if (tickSize === 0) tickSize = INDEX_TICK_SIZE;
    if (lotSize === 0) lotSize = INDEX_LOT_SIZE;
  }
  const derivative = type === 'FUT' || type === 'CE' || type === 'PE';
  const expiry = row.expiry ?? '';
  const instrument: Instrument = {
    token,
    exchangeToken,
    exchange,
    segment: segmentOf(exchange, type),
    tradingSymbol: row.tradingsymbol ?? '',
    name: row.name ?? '',
    type,
    tickSize,
    lotSize,
    freezeQuantity: null,
    expiry: derivative && ISO_DATE.test(expiry) ? expiry : null,
    strike: type === 'CE' || type === 'PE' ? parseRupees(row.strike ?? '') : null,
  };
  const problems = checkInstrument(instrument);
  if (problems.length > 0) return malformed(row, problems.join(', '));
  return { ok: true, value: instrument };
}

function segmentOf(exchange: Exchange, type: InstrumentType) {
  try {
    return resolveSegment(exchange, type);
  } catch {
    // Listed on the wrong exchange: keep the exchange so checkInstrument names the problem.
    return exchange;
  }
}
