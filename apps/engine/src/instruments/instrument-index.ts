import type { Instrument } from '@kavach/domain';

export interface IndexedInstrument {
  /** The Instrument row id other tables reference. */
  readonly id: string;
  readonly instrument: Instrument;
}

/** An immutable lookup over one load of the instrument table. */
export interface InstrumentIndex {
  readonly byToken: (token: number) => IndexedInstrument | undefined;
  readonly bySymbol: (exchange: string, tradingSymbol: string) => IndexedInstrument | undefined;
  readonly all: () => readonly Instrument[];
}

/** Exchanges are matched case-insensitively; Kite's symbols exactly ("M&M", "NIFTY 50"). */
function symbolKey(exchange: string, tradingSymbol: string): string {
  return `${exchange.toUpperCase()}:${tradingSymbol}`;
}

export function buildInstrumentIndex(entries: readonly IndexedInstrument[]): InstrumentIndex {
  const tokens = new Map<number, IndexedInstrument>();
  const symbols = new Map<string, IndexedInstrument>();
  for (const entry of entries) {
    tokens.set(entry.instrument.token, entry);
    symbols.set(symbolKey(entry.instrument.exchange, entry.instrument.tradingSymbol), entry);
  }
  const instruments = entries.map((entry) => entry.instrument);
  return {
    byToken: (token) => tokens.get(token),
    bySymbol: (exchange, tradingSymbol) => symbols.get(symbolKey(exchange, tradingSymbol)),
    all: () => instruments,
  };
}

export const EMPTY_INSTRUMENT_INDEX = buildInstrumentIndex([]);

/** 'NSE:INFY' → NSE and INFY; the symbol is everything after the first colon. */
export function parseSymbolKey(
  key: string,
): { readonly exchange: string; readonly tradingSymbol: string } | null {
  const colon = key.indexOf(':');
  if (colon <= 0 || colon === key.length - 1) return null;
  return { exchange: key.slice(0, colon), tradingSymbol: key.slice(colon + 1) };
}
