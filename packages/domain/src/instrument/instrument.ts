import type { Paise } from '../money/paise';

/** Exchanges this system trades or reads (indices are quoted, never traded). */
export const EXCHANGES = ['NSE', 'NFO', 'BSE', 'BFO'] as const;
export type Exchange = (typeof EXCHANGES)[number];

/** Kite segment names; the id is the low byte of Kite's instrument_token. */
export const SEGMENT_IDS = {
  NSE: 1,
  NFO: 2,
  CDS: 3,
  BSE: 4,
  BFO: 5,
  BCD: 6,
  MCX: 7,
  MCXSX: 8,
  INDICES: 9,
} as const;
export type Segment = keyof typeof SEGMENT_IDS;

/** EQ cash equity, FUT futures, CE/PE options, INDEX a non-tradable index. */
export const INSTRUMENT_TYPES = ['EQ', 'FUT', 'CE', 'PE', 'INDEX'] as const;
export type InstrumentType = (typeof INSTRUMENT_TYPES)[number];

export interface Instrument {
  /** Kite's instrument_token: exchange_token << 8 | segment id. */
  readonly token: number;
  readonly exchangeToken: number;
  readonly exchange: Exchange;
  readonly segment: Segment;
  /** Kite's tradingsymbol, e.g. INFY, NIFTY25NOV24500CE. */
  readonly tradingSymbol: string;
  /** Underlying name, e.g. NIFTY, INFOSYS. */
  readonly name: string;
  readonly type: InstrumentType;
  readonly tickSize: Paise;
  readonly lotSize: number;
  /** Largest quantity one order may carry (exchange freeze); null when there is none. */
  readonly freezeQuantity: number | null;
  /** Expiry date as YYYY-MM-DD (IST), for FUT/CE/PE. */
  readonly expiry: string | null;
  readonly strike: Paise | null;
}
