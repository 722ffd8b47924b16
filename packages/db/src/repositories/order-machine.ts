import type { OrderState, OrderType, Paise } from '@kavach/domain';
import type { UpdateSource } from '../generated/prisma/client';
import { toDbPrice, toDbPriceOrNull } from '../money';
import { NotFoundError } from '../errors';
import { newRowId } from '../row-id';
import { sqlInstant, sqlInstantOrNull } from '../sql-instant';
import type { DbClient, JsonObject } from './db-client';

export interface OrderMachineUpdate {
  /** The order row's id. */
  readonly orderId: string;
  readonly previous: OrderState;
  readonly next: OrderState;
  readonly source: UpdateSource;
  readonly brokerOrderId?: string | null;
  readonly exchangeUpdatedAt?: Date;
  readonly submittedAt?: Date;
  readonly modificationCount?: number;
  /** A modify changed the order's type and prices (a stop turned into a MARKET exit). */
  readonly repriced?: {
    readonly orderType: OrderType;
    readonly price: Paise | null;
    readonly triggerPrice: Paise | null;
  };
  readonly at: Date;
}

/**
 * Records what the order machine decided: the columns the dashboard reads, the machine state
 * a restarted engine reloads, one history row per new transition and one fill row per new
 * priced fill, in one statement (a statement commits as a whole: one round trip where an
 * interactive transaction took five, on the path from a fill to its stop). The machine already
 * refused illegal transitions and duplicate fills; this only writes what is new. Answers one
 * row, `updated`: 0 when the order is not there.
 */
export const MACHINE_STATE_SQL = `WITH u AS (
    UPDATE "orders" SET
      "status" = $2::"order_status",
      "status_before_pending" = $3::"order_status",
      "quantity" = $4::int4,
      "filled_quantity" = $5::int4,
      "average_price_paise" = $6::int4,
      "status_message" = $7::text,
      "machine_state" = $8::jsonb,
      "version" = "version" + 1,
      "updated_at" = $9::timestamptz,
      "broker_order_id" = COALESCE($10::text, "broker_order_id"),
      "exchange_updated_at" = COALESCE($11::timestamptz, "exchange_updated_at"),
      "submitted_at" = COALESCE($12::timestamptz, "submitted_at"),
      "modification_count" = COALESCE($13::int4, "modification_count"),
      "order_type" = CASE WHEN $14::bool THEN $15::"order_type" ELSE "order_type" END,
      "price_paise" = CASE WHEN $14::bool THEN $16::int4 ELSE "price_paise" END,
      "trigger_price_paise" = CASE WHEN $14::bool THEN $17::int4 ELSE "trigger_price_paise" END
    WHERE "id" = $1::uuid
    RETURNING "id"
  ),
  h AS (
    INSERT INTO "order_status_history" ("id", "order_id", "from_status", "to_status", "reason",
      "source", "at")
    SELECT t.id::uuid, u."id", t.from_status::"order_status", t.to_status::"order_status",
      t.reason, $18::"update_source", t.at
    FROM u, unnest($19::text[], $20::text[], $21::text[], $22::text[], $23::timestamptz[])
      AS t(id, from_status, to_status, reason, at)
  ),
  f AS (
    INSERT INTO "fills" ("id", "order_id", "trade_id", "quantity", "price_paise", "filled_at",
      "source")
    SELECT p.id::uuid, u."id", p.trade_id, p.quantity, p.price_paise, p.filled_at,
      p.source::"update_source"
    FROM u, unnest($24::text[], $25::text[], $26::int4[], $27::int4[], $28::timestamptz[],
      $29::text[]) AS p(id, trade_id, quantity, price_paise, filled_at, source)
    ON CONFLICT ("order_id", "trade_id") DO NOTHING
  )
  SELECT count(*)::int AS updated FROM u`;

export function machineStateValues(update: OrderMachineUpdate): unknown[] {
  const { previous, next } = update;
  const transitions = next.history.slice(previous.history.length);
  const knownFills = new Set(previous.fills.map((f) => f.fillId));
  const priced = next.fills.filter((f) => !knownFills.has(f.fillId) && f.price !== null);
  const repriced = update.repriced ?? null;
  return [
    update.orderId,
    next.status,
    next.previousWorkingStatus,
    next.quantity,
    next.filledQuantity,
    toDbPriceOrNull(next.averageFillPrice),
    next.statusMessage,
    JSON.stringify(next),
    sqlInstant(update.at),
    update.brokerOrderId ?? null,
    sqlInstantOrNull(update.exchangeUpdatedAt),
    sqlInstantOrNull(update.submittedAt),
    update.modificationCount ?? null,
    repriced !== null,
    repriced?.orderType ?? null,
    toDbPriceOrNull(repriced?.price),
    toDbPriceOrNull(repriced?.triggerPrice),
    update.source,
    transitions.map(() => newRowId()),
    transitions.map((t) => t.from),
    transitions.map((t) => t.to),
    transitions.map((t) => t.reason),
    transitions.map((t) => sqlInstant(new Date(t.at))),
    priced.map(() => newRowId()),
    priced.map((f) => f.fillId),
    priced.map((f) => f.quantity),
    priced.map((f) => (f.price === null ? 0 : toDbPrice(f.price))),
    priced.map((f) => sqlInstant(new Date(f.at))),
    priced.map((f) => (f.source === 'TRADE' ? update.source : 'RECONCILIATION')),
  ];
}

/** Throws NotFoundError when the statement found no order to update. */
export function checkMachineStateSaved(rows: readonly unknown[], orderId: string): void {
  const first = rows[0];
  const updated =
    typeof first === 'object' && first !== null && 'updated' in first ? Number(first.updated) : 0;
  if (updated !== 1) throw new NotFoundError('order', orderId);
}

export async function saveOrderMachineState(
  db: DbClient,
  update: OrderMachineUpdate,
): Promise<void> {
  const rows = await db.$queryRawUnsafe<unknown[]>(
    MACHINE_STATE_SQL,
    ...machineStateValues(update),
  );
  checkMachineStateSaved(rows, update.orderId);
}

/** The machine state as a JSON column (it is plain data: numbers, strings, arrays). */
export function toJson(value: object): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
