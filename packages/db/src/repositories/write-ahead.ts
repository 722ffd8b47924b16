import type { NewDecision } from './decisions';
import type { DbClient } from './db-client';
import type { NewOcoGroup, OcoGroupProgress } from './oco-groups';
import { GROUP_PROGRESS_SQL, checkGroupProgressSaved, groupProgressValues } from './oco-groups';
import type { OrderMachineUpdate } from './order-machine';
import { MACHINE_STATE_SQL, checkMachineStateSaved, machineStateValues } from './order-machine';
import type { NewOrder } from './orders';
import type { NewSignal } from './signals';
import { toDbAmount, toDbPrice, toDbPriceOrNull } from '../money';
import { newRowId } from '../row-id';
import { sqlInstant } from '../sql-instant';

/** A row the caller names before it is written. */
type Named<T> = T & { readonly id: string };

/**
 * Everything an entry needs on record before it is sent: the signal, the gates' decision, the
 * bracket and the entry's write-ahead row with its first history row.
 */
export interface BracketOpening {
  readonly signal: Named<NewSignal>;
  readonly decision: Named<NewDecision>;
  readonly group: NewOcoGroup;
  readonly order: Named<NewOrder>;
}

const KITE_TAG = /^[A-Za-z0-9]{1,20}$/;

function checkOrder(order: NewOrder): void {
  if (!KITE_TAG.test(order.clientOrderId)) {
    throw new RangeError(
      `clientOrderId must be 1-20 letters or digits (Kite's tag), got ${JSON.stringify(order.clientOrderId)}`,
    );
  }
  if (!Number.isSafeInteger(order.quantity) || order.quantity <= 0) {
    throw new RangeError(`quantity must be a positive integer, got ${order.quantity}`);
  }
}

const ORDER_COLUMNS = `"id", "client_order_id", "parent_group", "role", "instrument_id", "side",
  "order_type", "product", "validity", "quantity", "price_paise", "trigger_price_paise", "status",
  "decision_id", "correlation_id", "leg_id", "created_at", "updated_at"`;
const HISTORY_COLUMNS = `"id", "order_id", "from_status", "to_status", "reason", "source", "at"`;

/** $1…$17 of an order's row, from `first`; the status is always the write-ahead one. */
function orderPlaceholders(first: number): string {
  const p = (offset: number) => `$${first + offset}`;
  return `${p(0)}::uuid, ${p(1)}, ${p(2)}::uuid, ${p(3)}::"order_role", ${p(4)}::uuid,
    ${p(5)}::"side", ${p(6)}::"order_type", ${p(7)}::"product", ${p(8)}::"validity",
    ${p(9)}::int4, ${p(10)}::int4, ${p(11)}::int4, 'PENDING_SUBMIT', ${p(12)}::uuid, ${p(13)},
    ${p(14)}, ${p(15)}::timestamptz, ${p(15)}::timestamptz`;
}

function orderValues(order: Named<NewOrder>, at: Date): unknown[] {
  checkOrder(order);
  return [
    order.id,
    order.clientOrderId,
    order.parentGroup ?? null,
    order.role,
    order.instrumentId,
    order.side,
    order.orderType,
    order.product,
    order.validity,
    order.quantity,
    toDbPriceOrNull(order.price),
    toDbPriceOrNull(order.triggerPrice),
    order.decisionId ?? null,
    order.correlationId,
    order.legId ?? null,
    sqlInstant(at),
  ];
}

/**
 * The signal, decision, bracket and entry rows in one statement: one round trip where Prisma's
 * creates (the order's with its nested history row a transaction of its own) cost several,
 * all of it on the path from a tick to an order. A statement commits as a whole, and the
 * foreign keys between its rows are checked when it ends, so the rows are written together or
 * not at all. A duplicate (client plan id, client order id) fails it.
 */
const OPENING_SQL = `WITH
  s AS (
    INSERT INTO "signals" ("id", "strategy", "instrument_id", "side", "entry_price_paise",
      "stop_price_paise", "tp1_price_paise", "tp2_price_paise", "features", "feature_scores",
      "score", "rank", "config_sha", "correlation_id", "created_at")
    VALUES ($1::uuid, $2, $3::uuid, $4::"side", $5::int4, $6::int4, $7::int4, $8::int4,
      $9::jsonb, $10::jsonb, $11::float8, $12::int4, $13, $14, $15::timestamptz)
  ),
  d AS (
    INSERT INTO "decisions" ("id", "signal_id", "approved", "reason", "capital_paise",
      "risk_amount_paise", "risk_pct_bps", "quantity", "lots", "heat_before_paise",
      "heat_after_paise", "config_sha", "client_plan_id", "correlation_id", "created_at")
    VALUES ($16::uuid, $17::uuid, $18::bool, $19, $20::int8, $21::int8, $22::int4, $23::int4,
      $24::int4, $25::int8, $26::int8, $27, $28, $29, $30::timestamptz)
  ),
  g AS (
    INSERT INTO "oco_groups" ("id", "venue", "instrument_id", "side", "state",
      "planned_quantity", "decision_id", "strategy", "snapshot", "correlation_id",
      "created_at", "updated_at")
    VALUES ($31::uuid, $32::"order_venue", $33::uuid, $34::"side", $35, $36::int4, $37::uuid,
      $38, $39::jsonb, $40, $41::timestamptz, $41::timestamptz)
  ),
  o AS (
    INSERT INTO "orders" (${ORDER_COLUMNS}) VALUES (${orderPlaceholders(42)})
  )
  INSERT INTO "order_status_history" (${HISTORY_COLUMNS})
  VALUES ($58::uuid, $42::uuid, NULL, 'PENDING_SUBMIT', 'write-ahead intent', 'ENGINE',
    $57::timestamptz)`;

function openingValues(opening: BracketOpening): unknown[] {
  const { signal, decision, group, order } = opening;
  return [
    signal.id,
    signal.strategy,
    signal.instrumentId,
    signal.side,
    toDbPrice(signal.entryPrice),
    toDbPrice(signal.stopPrice),
    toDbPriceOrNull(signal.tp1Price),
    toDbPriceOrNull(signal.tp2Price),
    JSON.stringify(signal.features),
    JSON.stringify(signal.featureScores),
    signal.score,
    signal.rank ?? null,
    signal.configSha,
    signal.correlationId,
    sqlInstant(signal.createdAt ?? group.at),
    decision.id,
    decision.signalId,
    decision.approved,
    decision.reason,
    toDbAmount(decision.capital),
    toDbAmount(decision.riskAmount),
    decision.riskPctBps,
    decision.quantity,
    decision.lots,
    toDbAmount(decision.heatBefore),
    toDbAmount(decision.heatAfter),
    decision.configSha,
    decision.clientPlanId,
    decision.correlationId,
    sqlInstant(decision.createdAt ?? group.at),
    group.id,
    group.venue,
    group.instrumentId,
    group.side,
    group.state,
    group.plannedQuantity,
    group.decisionId,
    group.strategy,
    JSON.stringify(group.snapshot),
    group.correlationId,
    sqlInstant(group.at),
    ...orderValues(order, order.createdAt ?? group.at),
    newRowId(),
  ];
}

/**
 * An order's write-ahead row and its first history row in one statement (persistOrder's
 * nested create is a transaction of several round trips), before the order is sent. Named by
 * the caller, so a replay of a write that did commit (ADR 7) meets its own row and writes
 * nothing.
 */
const ORDER_SQL = `WITH o AS (
    INSERT INTO "orders" (${ORDER_COLUMNS}) VALUES (${orderPlaceholders(1)})
    ON CONFLICT ("id") DO NOTHING
    RETURNING "id"
  )
  INSERT INTO "order_status_history" (${HISTORY_COLUMNS})
  SELECT $17::uuid, o."id", NULL, 'PENDING_SUBMIT', 'write-ahead intent', 'ENGINE',
    $16::timestamptz
  FROM o`;

/**
 * Runs one statement and answers its rows: on PostgreSQL a prepared statement of that name on
 * the connection (parsed and planned once), on PGlite Prisma's raw query.
 */
export type StatementRunner = (
  name: string,
  text: string,
  values: readonly unknown[],
) => Promise<readonly unknown[]>;

/**
 * The statements an order waits on: the write-ahead rows before it leaves, and the order's and
 * its bracket's state written before the bracket's next order (a fill before its stop).
 */
export interface OrderStatements {
  /** The signal, decision, bracket and entry rows of a new bracket, together. */
  readonly bracketOpening: (opening: BracketOpening) => Promise<void>;
  /** An order's write-ahead row (stops, targets, exits), idempotent by its id. */
  readonly order: (order: Named<NewOrder>) => Promise<void>;
  /** As saveOrderMachineState. */
  readonly machineState: (update: OrderMachineUpdate) => Promise<void>;
  /** As saveOcoGroupProgress. */
  readonly groupProgress: (progress: OcoGroupProgress) => Promise<void>;
}

export function createOrderStatements(run: StatementRunner): OrderStatements {
  return {
    bracketOpening: async (opening) => {
      await run('kavach_bracket_opening', OPENING_SQL, openingValues(opening));
    },
    order: async (order) => {
      await run('kavach_write_ahead_order', ORDER_SQL, [
        ...orderValues(order, order.createdAt ?? new Date()),
        newRowId(),
      ]);
    },
    machineState: async (update) => {
      const rows = await run('kavach_order_machine', MACHINE_STATE_SQL, machineStateValues(update));
      checkMachineStateSaved(rows, update.orderId);
    },
    groupProgress: async (progress) => {
      const rows = await run(
        'kavach_group_progress',
        GROUP_PROGRESS_SQL,
        groupProgressValues(progress),
      );
      checkGroupProgressSaved(rows, progress.id);
    },
  };
}

/** The statements through Prisma's raw queries on `db` (also inside its transaction). */
export function prismaStatements(db: DbClient): OrderStatements {
  return createOrderStatements((_name, text, values) =>
    db.$queryRawUnsafe<unknown[]>(text, ...values),
  );
}

export function persistBracketOpening(db: DbClient, opening: BracketOpening): Promise<void> {
  return prismaStatements(db).bracketOpening(opening);
}

export function writeAheadOrder(db: DbClient, order: Named<NewOrder>): Promise<void> {
  return prismaStatements(db).order(order);
}
