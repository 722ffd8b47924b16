import type { OrderSide, Paise, Product } from '@kavach/domain';
import type { ReconciliationOutcome, ReconciliationTrigger } from '../generated/prisma/client';
import { toDbPriceOrNull } from '../money';
import type { DbClient, JsonObject } from './db-client';

export type { ReconciliationOutcome, ReconciliationTrigger };

export interface NewDiscrepancy {
  readonly kind: string;
  readonly orderId: string | null;
  readonly brokerOrderId: string | null;
  readonly instrumentId: string | null;
  readonly expected: JsonObject | null;
  readonly actual: JsonObject | null;
  readonly actionTaken: string;
  /** Settled by the action itself (a fill applied, an order imported). */
  readonly resolved: boolean;
}

export interface StoredDiscrepancy extends NewDiscrepancy {
  readonly id: string;
  readonly runId: string;
  readonly createdAt: Date;
  readonly resolvedAt: Date | null;
  readonly resolvedBy: string | null;
}

export async function startReconciliationRun(
  db: DbClient,
  trigger: ReconciliationTrigger,
  at: Date,
): Promise<string> {
  const run = await db.reconciliationRun.create({
    data: { trigger, startedAt: at },
    select: { id: true },
  });
  return run.id;
}

/** Closes a run with its outcome, and records its discrepancies with it. */
export async function finishReconciliationRun(
  db: DbClient,
  run: {
    readonly id: string;
    readonly outcome: Exclude<ReconciliationOutcome, 'RUNNING'>;
    readonly summary: JsonObject;
    readonly error: string | null;
    readonly discrepancies: readonly NewDiscrepancy[];
    readonly at: Date;
  },
): Promise<void> {
  await db.$transaction([
    db.reconciliationDiscrepancy.createMany({
      data: run.discrepancies.map((d) => ({
        runId: run.id,
        kind: d.kind,
        orderId: d.orderId,
        brokerOrderId: d.brokerOrderId,
        instrumentId: d.instrumentId,
        expected: d.expected ?? undefined,
        actual: d.actual ?? undefined,
        actionTaken: d.actionTaken,
        resolved: d.resolved,
        resolvedAt: d.resolved ? run.at : null,
        resolvedBy: d.resolved ? 'reconciliation' : null,
        createdAt: run.at,
      })),
    }),
    db.reconciliationRun.update({
      where: { id: run.id },
      data: {
        outcome: run.outcome,
        summary: run.summary,
        error: run.error,
        finishedAt: run.at,
      },
    }),
  ]);
}

/** Open position mismatches of an instrument are settled once the positions agree again. */
export async function resolvePositionMismatches(
  db: DbClient,
  instrumentId: string,
  at: Date,
): Promise<number> {
  const result = await db.reconciliationDiscrepancy.updateMany({
    where: { instrumentId, kind: 'POSITION_MISMATCH', resolved: false },
    data: { resolved: true, resolvedAt: at, resolvedBy: 'reconciliation' },
  });
  return result.count;
}

/** Newest first; `unresolvedOnly` for what still needs a person. */
export async function listDiscrepancies(
  db: DbClient,
  query: { readonly limit: number; readonly unresolvedOnly: boolean },
): Promise<StoredDiscrepancy[]> {
  const rows = await db.reconciliationDiscrepancy.findMany({
    where: query.unresolvedOnly ? { resolved: false } : {},
    orderBy: { createdAt: 'desc' },
    take: query.limit,
  });
  return rows.map((row) => ({
    id: row.id,
    runId: row.runId,
    kind: row.kind,
    orderId: row.orderId,
    brokerOrderId: row.brokerOrderId,
    instrumentId: row.instrumentId,
    expected: (row.expected ?? null) as JsonObject | null,
    actual: (row.actual ?? null) as JsonObject | null,
    actionTaken: row.actionTaken ?? '',
    resolved: row.resolved,
    createdAt: row.createdAt,
    resolvedAt: row.resolvedAt,
    resolvedBy: row.resolvedBy,
  }));
}

export interface ExternalOrder {
  readonly brokerOrderId: string;
  readonly tag: string | null;
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly product: Product;
  readonly quantity: number;
  readonly filledQuantity: number;
  readonly price: Paise | null;
  readonly status:
    | 'OPEN'
    | 'TRIGGER_PENDING'
    | 'PARTIALLY_FILLED'
    | 'FILLED'
    | 'CANCELLED'
    | 'REJECTED'
    | 'EXPIRED';
  readonly at: Date;
}

/**
 * An order found at the broker that the engine never placed: stored as EXTERNAL (role and
 * flag) so it is shown and counted, and never given to a strategy. Its client order id is
 * derived from the broker's id ("Z…"), since it may carry no tag of ours.
 */
export async function importExternalOrder(db: DbClient, order: ExternalOrder): Promise<string> {
  const row = await db.order.upsert({
    where: { brokerOrderId: order.brokerOrderId },
    update: {},
    create: {
      clientOrderId: `Z${order.brokerOrderId.replace(/[^A-Za-z0-9]/g, '').slice(-19)}`,
      brokerOrderId: order.brokerOrderId,
      role: 'EXTERNAL',
      isExternal: true,
      instrumentId: order.instrumentId,
      side: order.side,
      orderType: 'LIMIT',
      product: order.product,
      validity: 'DAY',
      quantity: order.quantity,
      filledQuantity: order.filledQuantity,
      pricePaise: toDbPriceOrNull(order.price),
      status: order.status,
      statusMessage: order.tag === null ? 'placed outside the engine' : `tag ${order.tag}`,
      correlationId: `external-${order.brokerOrderId}`.slice(0, 64),
      createdAt: order.at,
    },
    select: { id: true },
  });
  return row.id;
}

export async function listExternalBrokerOrderIds(db: DbClient): Promise<string[]> {
  const rows = await db.order.findMany({
    where: { isExternal: true, brokerOrderId: { not: null } },
    select: { brokerOrderId: true },
  });
  return rows.flatMap((r) => (r.brokerOrderId === null ? [] : [r.brokerOrderId]));
}
