import type { Db } from '@kavach/db';
import { istDate } from '@kavach/domain';
import type { IndexedInstrument } from './instrument-index';
import { INSTRUMENT_ROW_SELECT, readInstrumentRow, toDateColumn } from './instrument-rows';
import { RETIRED_MARK } from './screen-instrument';
import type { SkipReason } from './screen-instrument';

export interface LoadedInstruments {
  readonly entries: readonly IndexedInstrument[];
  readonly skipped: number;
  readonly skippedByReason: Readonly<Partial<Record<SkipReason, number>>>;
}

/**
 * Today's tradable universe from the table: rows a newer instrument displaced and contracts
 * that expired before today stay stored (orders and trades reference them) but are not loaded.
 */
export async function loadInstruments(db: Db, now: number): Promise<LoadedInstruments> {
  const rows = await db.prisma.instrument.findMany({
    where: {
      NOT: { tradingSymbol: { contains: RETIRED_MARK } },
      OR: [{ expiry: null }, { expiry: { gte: toDateColumn(istDate(now)) } }],
    },
    select: INSTRUMENT_ROW_SELECT,
    orderBy: { token: 'asc' },
  });
  const entries: IndexedInstrument[] = [];
  const skippedByReason: Partial<Record<SkipReason, number>> = {};
  for (const row of rows) {
    const reading = readInstrumentRow(row);
    if (reading.ok) entries.push({ id: row.id, instrument: reading.instrument });
    else skippedByReason[reading.reason] = (skippedByReason[reading.reason] ?? 0) + 1;
  }
  return { entries, skipped: rows.length - entries.length, skippedByReason };
}
