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

/** An entry named and dated by the engine before it is written, so a replay is idempotent. */
export type StampedAuditEntry = AuditEntry & { readonly id: string; readonly at: Date };

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

/**
 * Many entries in one statement (columns as arrays: Prisma's createMany costs about a
 * millisecond a row). An entry whose id is already stored is skipped: a replay of entries that
 * were in fact written (ADR 7) writes nothing twice. Returns the rows written.
 */
export async function appendAudits(
  db: DbClient,
  entries: readonly StampedAuditEntry[],
): Promise<number> {
  return db.$executeRaw`
    INSERT INTO "audit_log" ("id", "actor_type", "actor", "action", "entity", "entity_id",
      "payload", "correlation_id", "at")
    SELECT r.id::uuid, r.actor_type::"actor_type", r.actor, r.action, r.entity, r.entity_id,
      r.payload::jsonb, r.correlation_id, r.at
    FROM unnest(
      ${entries.map((e) => e.id)}::text[],
      ${entries.map((e) => e.actorType)}::text[],
      ${entries.map((e) => e.actor)}::text[],
      ${entries.map((e) => e.action)}::text[],
      ${entries.map((e) => e.entity)}::text[],
      ${entries.map((e) => e.entityId ?? null)}::text[],
      ${entries.map((e) => JSON.stringify(toStorableJson(e.payload)))}::text[],
      ${entries.map((e) => e.correlationId ?? null)}::text[],
      ${entries.map((e) => e.at)}::timestamptz[]
    ) AS r(id, actor_type, actor, action, entity, entity_id, payload, correlation_id, at)
    ON CONFLICT ("id") DO NOTHING`;
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
