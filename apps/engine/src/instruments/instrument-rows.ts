import { paise } from '@kavach/domain';
import type { Exchange, Instrument, InstrumentType, Segment } from '@kavach/domain';
import { findSkipReason } from './screen-instrument';
import type { SkipReason } from './screen-instrument';

/** The Instrument table's columns the cache reads. */
export interface InstrumentRow {
  readonly id: string;
  readonly token: bigint;
  readonly exchangeToken: number;
  readonly exchange: string;
  readonly segment: string;
  readonly tradingSymbol: string;
  readonly name: string;
  readonly type: string;
  readonly tickSizePaise: number;
  readonly lotSize: number;
  readonly freezeQuantity: number | null;
  readonly expiry: Date | null;
  readonly strikePaise: number | null;
}

/** What a create or update writes, keyed by token. */
export interface InstrumentData {
  readonly token: bigint;
  readonly exchangeToken: number;
  readonly exchange: string;
  readonly segment: string;
  readonly tradingSymbol: string;
  readonly name: string;
  readonly type: string;
  readonly tickSizePaise: number;
  readonly lotSize: number;
  readonly freezeQuantity: number | null;
  readonly expiry: Date | null;
  readonly strikePaise: number | null;
}

export const INSTRUMENT_ROW_SELECT = {
  id: true,
  token: true,
  exchangeToken: true,
  exchange: true,
  segment: true,
  tradingSymbol: true,
  name: true,
  type: true,
  tickSizePaise: true,
  lotSize: true,
  freezeQuantity: true,
  expiry: true,
  strikePaise: true,
} as const;

/** A calendar date at midnight UTC stores exactly that date in a date column. */
export function toDateColumn(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

export function toInstrumentData(instrument: Instrument): InstrumentData {
  return {
    token: BigInt(instrument.token),
    exchangeToken: instrument.exchangeToken,
    exchange: instrument.exchange,
    segment: instrument.segment,
    tradingSymbol: instrument.tradingSymbol,
    name: instrument.name,
    type: instrument.type,
    tickSizePaise: instrument.tickSize,
    lotSize: instrument.lotSize,
    freezeQuantity: instrument.freezeQuantity,
    expiry: instrument.expiry === null ? null : toDateColumn(instrument.expiry),
    strikePaise: instrument.strike,
  };
}

export type RowReading =
  | { readonly ok: true; readonly instrument: Instrument }
  | { readonly ok: false; readonly reason: SkipReason };

/**
 * A stored row as a domain instrument, checked like a downloaded one: the table's types are
 * wider than the domain's (bigint tokens, free-text exchange and type).
 */
export function readInstrumentRow(row: InstrumentRow): RowReading {
  const token = Number(row.token);
  if (BigInt(token) !== row.token) return { ok: false, reason: 'TOKEN_OUT_OF_RANGE' };
  const instrument: Instrument = {
    token,
    exchangeToken: row.exchangeToken,
    exchange: row.exchange as Exchange,
    segment: row.segment as Segment,
    tradingSymbol: row.tradingSymbol,
    name: row.name,
    type: row.type as InstrumentType,
    tickSize: paise(row.tickSizePaise),
    lotSize: row.lotSize,
    freezeQuantity: row.freezeQuantity,
    expiry: row.expiry === null ? null : row.expiry.toISOString().slice(0, 10),
    strike: row.strikePaise === null ? null : paise(row.strikePaise),
  };
  // The casts above are checked here before anything trusts them.
  const reason = findSkipReason(instrument);
  return reason === null ? { ok: true, instrument } : { ok: false, reason };
}

export function isSameInstrument(a: Instrument, b: Instrument): boolean {
  return (
    a.token === b.token &&
    a.exchangeToken === b.exchangeToken &&
    a.exchange === b.exchange &&
    a.segment === b.segment &&
    a.tradingSymbol === b.tradingSymbol &&
    a.name === b.name &&
    a.type === b.type &&
    a.tickSize === b.tickSize &&
    a.lotSize === b.lotSize &&
    a.freezeQuantity === b.freezeQuantity &&
    a.expiry === b.expiry &&
    a.strike === b.strike
  );
}
