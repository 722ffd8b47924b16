import { appendAudit, renameInstruments, upsertInstruments } from '@kavach/db';
import type { Db } from '@kavach/db';
import type { Instrument } from '@kavach/domain';
import { INSTRUMENT_ROW_SELECT } from './instrument-rows';
import type { InstrumentRow } from './instrument-rows';
import { planInstrumentWrites } from './plan-instrument-writes';
import type { SkipReason } from './screen-instrument';

/** The audit action that marks a completed refresh; its time is the refresh time. */
export const REFRESHED_ACTION = 'instruments.refreshed';

/** A full master is ~100 000 rows; the first load writes them all in one transaction. */
const TRANSACTION_TIMEOUT_MS = 10 * 60_000;

export interface StoreSummary {
  readonly downloaded: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly retired: number;
  readonly skipped: number;
  readonly skippedByReason: Readonly<Partial<Record<SkipReason, number>>>;
}

export interface StoreRequest {
  readonly instruments: readonly Instrument[];
  readonly downloaded: number;
  readonly skippedByReason: Readonly<Partial<Record<SkipReason, number>>>;
  readonly skipped: number;
  /** From the engine's Clock: recorded as the refresh time. */
  readonly at: number;
}

/**
 * Writes a screened download in one transaction, with the audit row that records the refresh
 * time: the day's master is either all in, with its time, or not at all (a crash midway leaves
 * the refresh due, and the next one finds the same work to do).
 */
export async function storeInstruments(db: Db, request: StoreRequest): Promise<StoreSummary> {
  return db.prisma.$transaction(
    async (tx) => {
      const existing: InstrumentRow[] = await tx.instrument.findMany({
        select: INSTRUMENT_ROW_SELECT,
      });
      const plan = planInstrumentWrites(existing, request.instruments);
      const at = new Date(request.at);
      await renameInstruments(tx, plan.retirements, at);
      await upsertInstruments(tx, [...plan.updates, ...plan.creates], at);
      const summary: StoreSummary = {
        downloaded: request.downloaded,
        created: plan.creates.length,
        updated: plan.updates.length,
        unchanged: plan.unchanged,
        retired: plan.retirements.length,
        skipped: request.skipped,
        skippedByReason: request.skippedByReason,
      };
      await appendAudit(tx, {
        actorType: 'SYSTEM',
        actor: 'engine',
        action: REFRESHED_ACTION,
        entity: 'instrument',
        payload: { ...summary, skippedByReason: { ...summary.skippedByReason } },
        at,
      });
      return summary;
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 60_000 },
  );
}

/** When the last completed refresh ran (epoch ms), or null if none ever did. */
export async function readLastRefresh(db: Db): Promise<number | null> {
  const last = await db.prisma.auditLog.findFirst({
    where: { action: REFRESHED_ACTION },
    orderBy: { at: 'desc' },
    select: { at: true },
  });
  return last === null ? null : last.at.getTime();
}
