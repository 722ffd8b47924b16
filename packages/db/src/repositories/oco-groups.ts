import type { OrderSide } from '@kavach/domain';
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

export async function saveOcoGroupProgress(
  db: DbClient,
  progress: OcoGroupProgress,
): Promise<void> {
  await db.ocoGroup.update({
    where: { id: progress.id },
    data: {
      state: progress.state,
      entryFilledQuantity: progress.entryFilledQuantity,
      exitFilledQuantity: progress.exitFilledQuantity,
      snapshot: progress.snapshot,
      closedAt: progress.closedAt,
      updatedAt: progress.at,
      version: { increment: 1 },
    },
  });
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
