import type { Severity } from '../generated/prisma/client';
import type { DbClient, JsonObject } from './db-client';

export interface NewRiskEvent {
  /** The row's id when the caller must know it before the row is written; else generated. */
  readonly id?: string;
  readonly kind: string;
  readonly severity: Severity;
  readonly message: string;
  readonly payload: JsonObject;
  readonly instrumentId?: string | null;
  readonly orderId?: string | null;
  readonly correlationId?: string | null;
  readonly at: Date;
}

export async function recordRiskEvent(db: DbClient, event: NewRiskEvent): Promise<{ id: string }> {
  return db.riskEvent.create({
    data: {
      ...(event.id === undefined ? {} : { id: event.id }),
      kind: event.kind,
      severity: event.severity,
      message: event.message,
      payload: event.payload,
      instrumentId: event.instrumentId ?? null,
      orderId: event.orderId ?? null,
      correlationId: event.correlationId ?? null,
      createdAt: event.at,
    },
    select: { id: true },
  });
}

/**
 * Many events in one statement (columns as arrays: Prisma's createMany costs about a
 * millisecond a row), each named by the engine. An event whose id is already stored is
 * skipped: a replay of events that were in fact written (ADR 7) writes nothing twice. Returns
 * the rows written.
 */
export async function recordRiskEvents(
  db: DbClient,
  events: readonly (NewRiskEvent & { readonly id: string })[],
): Promise<number> {
  return db.$executeRaw`
    INSERT INTO "risk_events" ("id", "kind", "severity", "message", "payload", "instrument_id",
      "order_id", "correlation_id", "created_at")
    SELECT r.id::uuid, r.kind, r.severity::"severity", r.message, r.payload::jsonb,
      r.instrument_id::uuid, r.order_id::uuid, r.correlation_id, r.created_at
    FROM unnest(
      ${events.map((e) => e.id)}::text[],
      ${events.map((e) => e.kind)}::text[],
      ${events.map((e) => e.severity)}::text[],
      ${events.map((e) => e.message)}::text[],
      ${events.map((e) => JSON.stringify(e.payload))}::text[],
      ${events.map((e) => e.instrumentId ?? null)}::text[],
      ${events.map((e) => e.orderId ?? null)}::text[],
      ${events.map((e) => e.correlationId ?? null)}::text[],
      ${events.map((e) => e.at)}::timestamptz[]
    ) AS r(id, kind, severity, message, payload, instrument_id, order_id, correlation_id,
      created_at)
    ON CONFLICT ("id") DO NOTHING`;
}
