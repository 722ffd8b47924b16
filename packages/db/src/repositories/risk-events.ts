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
