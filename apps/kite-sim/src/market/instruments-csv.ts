import type { InstrumentType } from '@kavach/domain';
import { toPythonFloat, toRupees } from '../kite/wire-format';
import type { SimInstrument } from './market-contract';

/** Kite's instrument dump columns, in order. */
export const INSTRUMENT_CSV_COLUMNS = [
  'instrument_token',
  'exchange_token',
  'tradingsymbol',
  'name',
  'last_price',
  'expiry',
  'strike',
  'tick_size',
  'lot_size',
  'instrument_type',
  'segment',
  'exchange',
] as const;

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Kite's segment column: NFO splits into NFO-FUT and NFO-OPT; indices sit in INDICES. */
function segmentColumn(instrument: SimInstrument): string {
  switch (instrument.type) {
    case 'INDEX':
      return 'INDICES';
    case 'FUT':
      return `${instrument.exchange}-FUT`;
    case 'CE':
    case 'PE':
      return `${instrument.exchange}-OPT`;
    case 'EQ':
      return instrument.exchange;
  }
}

/** Kite lists indices as instrument_type EQ with no tick or lot. */
function typeColumn(type: InstrumentType): string {
  return type === 'INDEX' ? 'EQ' : type;
}

/** One dump row; `lastPrice` is in paise (Kite writes the previous close for most rows). */
export function toInstrumentRow(instrument: SimInstrument, lastPrice: number): string {
  const isIndex = instrument.type === 'INDEX';
  return [
    String(instrument.token),
    String(instrument.exchangeToken),
    instrument.tradingSymbol,
    instrument.name,
    toPythonFloat(toRupees(lastPrice)),
    instrument.expiry ?? '',
    toPythonFloat(instrument.strike === null ? 0 : toRupees(instrument.strike)),
    toPythonFloat(isIndex ? 0 : toRupees(instrument.tickSize)),
    String(isIndex ? 0 : instrument.lotSize),
    typeColumn(instrument.type),
    segmentColumn(instrument),
    instrument.exchange,
  ]
    .map(csvField)
    .join(',');
}

/**
 * The whole dump. Lines end in CRLF with a final CRLF, as Kite's file does; the official JS
 * client therefore yields one empty trailing row, which real clients must skip anyway.
 */
export function toInstrumentsCsv(
  instruments: readonly SimInstrument[],
  lastPriceOf: (token: number) => number,
): string {
  const lines = [INSTRUMENT_CSV_COLUMNS.join(',')];
  for (const instrument of instruments) {
    lines.push(toInstrumentRow(instrument, lastPriceOf(instrument.token)));
  }
  return `${lines.join('\r\n')}\r\n`;
}
