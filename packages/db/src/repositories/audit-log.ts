import type { ActorType } from '../generated/prisma/client';
import { toStorableJson } from '../storable-json';
import type { DbClient, JsonObject } from './db-client';

export interface AuditEntry {
  /** The row's id when the caller must know it before the row is written; else generated. */
  readonly id?: string;
  /** USER for a person's action (dashboard, API), SYSTEM for the engine's own. */
  readonly actorType: ActorType;
  /** User id or email, or the service's name. */
  readonly actor: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId?: string | null;
  readonly payload: JsonObject;
  /** Links the chain signal -> decision -> orders -> fills -> trade. */
  readonly correlationId?: string | null;
  /** From the engine's Clock; defaults to now. */
  readonly at?: Date;
}

export interface StoredAuditEntry extends Required<Omit<AuditEntry, 'payload'>> {
  readonly id: string;
  readonly payload: unknown;
}

export async function appendAudit(
  db: DbClient,
  entry: AuditEntry,
): Promise<{ id: string; at: Date }> {
  return db.auditLog.create({
    data: {
      ...(entry.id === undefined ? {} : { id: entry.id }),
      actorType: entry.actorType,
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId ?? null,
      // A hostile request's text must not cost its audit row.
      payload: toStorableJson(entry.payload),
      correlationId: entry.correlationId ?? null,
      ...(entry.at === undefined ? {} : { at: entry.at }),
    },
    select: { id: true, at: true },
  });
}

/** Everything recorded under one correlation id, oldest first: how a trade is explained. */
export async function listAuditByCorrelationId(
  db: DbClient,
  correlationId: string,
): Promise<StoredAuditEntry[]> {
  return db.auditLog.findMany({
    where: { correlationId },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
  });
}
