import { type Db, type JsonObject, appendAudit } from '@kavach/db';
import { type RecordLog, createRecordLog } from '../storage/record-log';
import { type WriteBehind, writeThrough } from '../storage/write-behind';
import type { ControlAuditEntry, ControlStore } from './control-store';
import type { Actor } from './ports';
import type { StateChangeRow } from './trading-state-model';

/**
 * The control history in PostgreSQL / PGlite. Rows are ordered by id: ids are UUIDv7, made in
 * order (a state change's as it is written, one at a time; an audit entry's as it is made), so
 * they sort in that order even when the engine's clock (a simulator's virtual time) does not.
 */
export function createDbControlStore(
  db: Db,
  writes: WriteBehind = writeThrough,
  records: Pick<RecordLog, 'audit'> = createRecordLog({ prisma: db.prisma, writes }),
): ControlStore {
  const prisma = db.prisma;
  return {
    // A halt or a pause is recorded when PostgreSQL is back if it is away now (ADR 7).
    recordStateChange: async (row, audit) => {
      await writes.write(`trading state ${row.state}`, () =>
        prisma.$transaction(async (tx) => {
          await tx.tradingStateChange.create({
            data: {
              state: row.state,
              previousState: row.previousState,
              reason: row.reason,
              actorType: row.actor.type,
              actor: row.actor.name,
              at: new Date(row.at),
            },
          });
          await appendAudit(tx, toAuditRow(audit));
        }),
      );
    },
    loadStateHistory: async () => {
      const lastActive = await prisma.tradingStateChange.findFirst({
        where: { state: 'ACTIVE' },
        orderBy: { id: 'desc' },
        select: { id: true },
      });
      const rows = await prisma.tradingStateChange.findMany({
        where: lastActive === null ? {} : { id: { gte: lastActive.id } },
        orderBy: { id: 'asc' },
      });
      return rows.map((row): StateChangeRow => ({
        state: row.state,
        previousState: row.previousState ?? row.state,
        reason: row.reason,
        actor: { type: row.actorType, name: row.actor },
        at: row.at.getTime(),
      }));
    },
    appendAudit: (entry) => records.audit(toAuditRow(entry)),
    lastAudit: async (action) => {
      const row = await prisma.auditLog.findFirst({
        where: { action },
        orderBy: { id: 'desc' },
      });
      if (row === null) return null;
      const actor: Actor = { type: row.actorType, name: row.actor };
      return { action: row.action, actor, payload: row.payload, at: row.at.getTime() };
    },
  };
}

function toAuditRow(entry: ControlAuditEntry) {
  return {
    actorType: entry.actor.type,
    actor: entry.actor.name.slice(0, 128),
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    payload: toJsonObject(entry.payload),
    at: new Date(entry.at),
  };
}

/** Reports and snapshots are plain data; a JSON round trip drops undefined and checks that. */
function toJsonObject(payload: Readonly<Record<string, unknown>>): JsonObject {
  return JSON.parse(JSON.stringify(payload)) as JsonObject;
}
