import type { Instrument } from '@kavach/domain';
import type { InstrumentRow } from './instrument-rows';
import { isSameInstrument, readInstrumentRow } from './instrument-rows';
import { RETIRED_MARK } from './screen-instrument';

/** A row that must give up its exchange:symbol before another token can take it. */
export interface Retirement {
  readonly token: bigint;
  readonly tradingSymbol: string;
}

export interface InstrumentWritePlan {
  /** First, in this order: stored rows whose symbol another token now holds. */
  readonly retirements: readonly Retirement[];
  /** Tokens already stored whose contents changed (Kite recycles expired tokens). */
  readonly updates: readonly Instrument[];
  readonly creates: readonly Instrument[];
  readonly unchanged: number;
}

function symbolKey(exchange: string, tradingSymbol: string): string {
  return `${exchange}:${tradingSymbol}`;
}

/** A name no real symbol has, unique by token, within the column's 64 characters. */
export function retiredSymbol(tradingSymbol: string, token: bigint): string {
  const suffix = `${RETIRED_MARK}${token}`;
  return `${tradingSymbol.slice(0, 64 - suffix.length)}${suffix}`;
}

/**
 * What to write so the table holds the download: new tokens created, changed ones updated,
 * the rest left alone (most of the master is the same every day). The table is unique by token
 * and by exchange:symbol; when a symbol moves to another token, the row that held it is
 * renamed out of the way first (it keeps its id, which orders and trades reference), so no
 * write of the batch can collide with a row not yet rewritten. `downloaded` must already be
 * unique by token and symbol (screenInstruments).
 */
export function planInstrumentWrites(
  existing: readonly InstrumentRow[],
  downloaded: readonly Instrument[],
): InstrumentWritePlan {
  const stored = new Map(existing.map((row) => [row.token, row]));
  const claimedBy = new Map(
    downloaded.map((i) => [symbolKey(i.exchange, i.tradingSymbol), BigInt(i.token)]),
  );

  const retirements: Retirement[] = [];
  for (const row of existing) {
    const claimant = claimedBy.get(symbolKey(row.exchange, row.tradingSymbol));
    if (claimant !== undefined && claimant !== row.token) {
      retirements.push({
        token: row.token,
        tradingSymbol: retiredSymbol(row.tradingSymbol, row.token),
      });
    }
  }

  const updates: Instrument[] = [];
  const creates: Instrument[] = [];
  let unchanged = 0;
  for (const instrument of downloaded) {
    const row = stored.get(BigInt(instrument.token));
    if (row === undefined) {
      creates.push(instrument);
      continue;
    }
    const reading = readInstrumentRow(row);
    if (reading.ok && isSameInstrument(reading.instrument, instrument)) unchanged += 1;
    else updates.push(instrument);
  }
  return { retirements, updates, creates, unchanged };
}
