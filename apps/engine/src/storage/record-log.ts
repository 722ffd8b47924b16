import type { AuditEntry, DbClient, NewRiskEvent, StampedAuditEntry } from '@kavach/db';
import { appendAudits, newRowId, recordRiskEvents } from '@kavach/db';
import { createRowBatcher } from './row-batcher';
import { type WriteBehind, writeThrough } from './write-behind';

/**
 * The engine's audit entries and risk events, written in batches (see row-batcher.ts). Each
 * row is named (UUIDv7) when it is made, so the audit log sorts in the order the engine made
 * its entries and a replay after an outage writes nothing twice.
 */
export interface RecordLog {
  /** Resolves once the entry is stored, or kept while PostgreSQL is away (ADR 7). */
  audit(entry: AuditEntry & { readonly at: Date }): Promise<void>;
  /** Resolves once the event is stored, or kept while PostgreSQL is away (ADR 7). */
  risk(event: NewRiskEvent): Promise<void>;
  /** Resolves once everything given so far is stored, kept or refused: before a stop. */
  settled(): Promise<void>;
}

export interface RecordLogOptions {
  readonly prisma: DbClient;
  /** Kept while PostgreSQL is away (ADR 7); default: written at once. */
  readonly writes?: WriteBehind;
}

export function createRecordLog(options: RecordLogOptions): RecordLog {
  const { prisma } = options;
  const writes = options.writes ?? writeThrough;
  const audits = createRowBatcher({
    writes,
    what: 'audit rows',
    insert: (rows: readonly StampedAuditEntry[]) => appendAudits(prisma, rows),
  });
  const risks = createRowBatcher({
    writes,
    what: 'risk events',
    insert: (rows: readonly (NewRiskEvent & { id: string })[]) => recordRiskEvents(prisma, rows),
  });
  return {
    audit: (entry) => audits.add({ ...entry, id: entry.id ?? newRowId() }),
    risk: (event) => risks.add({ ...event, id: event.id ?? newRowId() }),
    settled: async () => {
      await Promise.all([audits.settled(), risks.settled()]);
    },
  };
}
