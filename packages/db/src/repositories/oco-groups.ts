import type { OrderSide } from '@kavach/domain';
import { NotFoundError } from '../errors';
import { sqlInstant, sqlInstantOrNull } from '../sql-instant';
import type { DbClient, JsonObject } from './db-client';

/** Where a group's orders go: the Kite connection, or the engine's in-process paper broker. */
export type OrderVenue = 'KITE' | 'PAPER';

export interface NewOcoGroup {
  readonly id: string;
  readonly venue: OrderVenue;
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly state: string;
  readonly plannedQuantity: number;
  readonly decisionId: string | null;
  readonly strategy: string | null;
  readonly snapshot: JsonObject;
  readonly correlationId: string;
  readonly at: Date;
}

export interface OcoGroupProgress {
  readonly id: string;
  readonly state: string;
  readonly entryFilledQuantity: number;
  readonly exitFilledQuantity: number;
  readonly snapshot: JsonObject;
  readonly closedAt: Date | null;
  readonly at: Date;
}

export interface StoredOcoGroup {
  readonly id: string;
  readonly venue: OrderVenue;
  readonly instrumentId: string;
  readonly state: string;
  readonly strategy: string | null;
  readonly decisionId: string | null;
  readonly correlationId: string;
  readonly snapshot: unknown;
  readonly createdAt: Date;
}

export async function createOcoGroupRow(db: DbClient, group: NewOcoGroup): Promise<void> {
  await db.ocoGroup.create({
    data: {
      id: group.id,
      venue: group.venue,
      instrumentId: group.instrumentId,
      side: group.side,
      state: group.state,
      plannedQuantity: group.plannedQuantity,
      decisionId: group.decisionId,
      strategy: group.strategy,
      snapshot: group.snapshot,
      correlationId: group.correlationId,
      createdAt: group.at,
      updatedAt: group.at,
    },
  });
}

/** A group's progress; answers the updated id (none when the group is not there). */
export const GROUP_PROGRESS_SQL = `UPDATE "oco_groups" SET
    "state" = $2,
    "entry_filled_quantity" = $3::int4,
    "exit_filled_quantity" = $4::int4,
    "snapshot" = $5::jsonb,
    "closed_at" = $6::timestamptz,
    "updated_at" = $7::timestamptz,
    "version" = "version" + 1
  WHERE "id" = $1::uuid
  RETURNING "id"`;

export function groupProgressValues(progress: OcoGroupProgress): unknown[] {
  return [
    progress.id,
    progress.state,
    progress.entryFilledQuantity,
    progress.exitFilledQuantity,
    JSON.stringify(progress.snapshot),
    sqlInstantOrNull(progress.closedAt),
    sqlInstant(progress.at),
  ];
}

export function checkGroupProgressSaved(rows: readonly unknown[], id: string): void {
  if (rows.length !== 1) throw new NotFoundError('oco group', id);
}

/**
 * One statement, no ORM in between: it is on the path from a fill to its stop (the group's
 * state is written before the stop is).
 */
export async function saveOcoGroupProgress(
  db: DbClient,
  progress: OcoGroupProgress,
): Promise<void> {
  const rows = await db.$queryRawUnsafe<unknown[]>(
    GROUP_PROGRESS_SQL,
    ...groupProgressValues(progress),
  );
  checkGroupProgressSaved(rows, progress.id);
}

/** Groups not yet CLOSED, oldest first: what a restarted engine must keep managing. */
export async function listOpenOcoGroups(db: DbClient): Promise<StoredOcoGroup[]> {
  return db.ocoGroup.findMany({
    where: { closedAt: null },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      venue: true,
      instrumentId: true,
      state: true,
      strategy: true,
      decisionId: true,
      correlationId: true,
      snapshot: true,
      createdAt: true,
    },
  });
}
