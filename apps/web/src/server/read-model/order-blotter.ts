import type { PrismaClient } from '@kavach/db';
import { decodeCursor, olderThan, pageOf } from './cursor';
import { toOrderView } from './orders';
import type { OrderView } from './orders';

/** One line of the blotter: a bracket with its orders, or an order outside any bracket. */
export interface OrderGroupView {
  /** The group's id, or `order:<id>` for an order outside a bracket. */
  readonly key: string;
  readonly groupId: string | null;
  /** EXTERNAL: placed by hand at the broker, found by reconciliation, never traded. */
  readonly kind: 'BRACKET' | 'EXTERNAL' | 'UNGROUPED';
  readonly tradingSymbol: string;
  readonly token: number;
  readonly side: string;
  readonly strategy: string | null;
  /** The group's state (OPEN, EXITING, CLOSED …), or the lone order's status. */
  readonly state: string;
  readonly plannedQuantity: number;
  readonly entryFilledQuantity: number;
  readonly exitFilledQuantity: number;
  readonly venue: string | null;
  readonly correlationId: string;
  readonly createdAt: number;
  readonly closedAt: number | null;
  /** Entry, stop, targets, exits: in that order, each role oldest first. */
  readonly orders: readonly OrderView[];
}

export interface OrderBlotterPage {
  readonly groups: readonly OrderGroupView[];
  readonly nextCursor: string | null;
}

export interface OrderDetailView {
  readonly orderId: string;
  readonly history: readonly {
    readonly id: string;
    readonly fromStatus: string | null;
    readonly toStatus: string;
    readonly reason: string | null;
    readonly source: string;
    readonly at: number;
  }[];
  readonly fills: readonly {
    readonly id: string;
    readonly tradeId: string;
    readonly quantity: number;
    readonly price: number;
    readonly source: string;
    readonly filledAt: number;
  }[];
}

const ROLE_RANK: Readonly<Record<string, number>> = {
  ENTRY: 0,
  HEDGE: 1,
  STOP: 2,
  TP1: 3,
  TP2: 4,
  EXIT: 5,
  EXTERNAL: 6,
};

function byRoleThenTime(a: OrderView, b: OrderView): number {
  const rank = (ROLE_RANK[a.role] ?? 9) - (ROLE_RANK[b.role] ?? 9);
  return rank !== 0 ? rank : a.createdAt - b.createdAt;
}

/** Newest first; equal times by id, as the cursor pages them. */
function newestFirst(
  a: { readonly createdAt: Date; readonly id: string },
  b: { readonly createdAt: Date; readonly id: string },
): number {
  const time = b.createdAt.getTime() - a.createdAt.getTime();
  if (time !== 0) return time;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * The blotter: brackets and lone orders (external ones, mostly), newest first, a page at a
 * time. Both are paged on (created, id) together, so a cursor never skips or repeats one.
 */
export async function readOrderBlotter(
  prisma: PrismaClient,
  query: { readonly limit: number; readonly cursor: string | null },
): Promise<OrderBlotterPage> {
  const older = olderThan(decodeCursor(query.cursor));
  const take = query.limit + 1;
  const orderBy = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];
  const [groupRows, loneRows] = await Promise.all([
    prisma.ocoGroup.findMany({
      where: older,
      include: { instrument: true },
      orderBy,
      take,
    }),
    prisma.order.findMany({
      where: { parentGroup: null, ...older },
      include: { instrument: true },
      orderBy,
      take,
    }),
  ]);
  type Entry =
    | { readonly kind: 'group'; readonly row: (typeof groupRows)[number] }
    | { readonly kind: 'order'; readonly row: (typeof loneRows)[number] };
  const merged: Entry[] = [
    ...groupRows.map((row) => ({ kind: 'group' as const, row })),
    ...loneRows.map((row) => ({ kind: 'order' as const, row })),
  ].sort((a, b) => newestFirst(a.row, b.row));
  const { page, nextCursor } = pageOf(merged, query.limit, (entry) => ({
    at: entry.row.createdAt,
    id: entry.row.id,
  }));

  const groupIds = page.flatMap((entry) => (entry.kind === 'group' ? [entry.row.id] : []));
  const members =
    groupIds.length === 0
      ? []
      : await prisma.order.findMany({
          where: { parentGroup: { in: groupIds } },
          include: { instrument: true },
          orderBy: { createdAt: 'asc' },
        });
  const ordersOf = new Map<string, OrderView[]>();
  for (const row of members) {
    if (row.parentGroup === null) continue;
    const list = ordersOf.get(row.parentGroup) ?? [];
    list.push(toOrderView(row));
    ordersOf.set(row.parentGroup, list);
  }

  const groups = page.map((entry): OrderGroupView => {
    if (entry.kind === 'group') {
      const group = entry.row;
      return {
        key: group.id,
        groupId: group.id,
        kind: 'BRACKET',
        tradingSymbol: group.instrument.tradingSymbol,
        token: Number(group.instrument.token),
        side: group.side,
        strategy: group.strategy,
        state: group.state,
        plannedQuantity: group.plannedQuantity,
        entryFilledQuantity: group.entryFilledQuantity,
        exitFilledQuantity: group.exitFilledQuantity,
        venue: group.venue,
        correlationId: group.correlationId,
        createdAt: group.createdAt.getTime(),
        closedAt: group.closedAt?.getTime() ?? null,
        orders: (ordersOf.get(group.id) ?? []).sort(byRoleThenTime),
      };
    }
    const order = toOrderView(entry.row);
    return {
      key: `order:${order.id}`,
      groupId: null,
      kind: order.isExternal ? 'EXTERNAL' : 'UNGROUPED',
      tradingSymbol: order.tradingSymbol,
      token: order.token,
      side: order.side,
      strategy: null,
      state: order.status,
      plannedQuantity: order.quantity,
      entryFilledQuantity: order.filledQuantity,
      exitFilledQuantity: 0,
      venue: null,
      correlationId: order.correlationId,
      createdAt: order.createdAt,
      closedAt: null,
      orders: [order],
    };
  });
  return { groups, nextCursor };
}

/** One order's way through its states and its fills, oldest first (the blotter's expand). */
export async function readOrderDetail(
  prisma: PrismaClient,
  orderId: string,
): Promise<OrderDetailView | null> {
  const order = await prisma.order.findUnique({
    where: { id: orderId },
    select: {
      id: true,
      statusHistory: { orderBy: [{ at: 'asc' }, { id: 'asc' }] },
      fills: { orderBy: [{ filledAt: 'asc' }, { id: 'asc' }] },
    },
  });
  if (order === null) return null;
  return {
    orderId: order.id,
    history: order.statusHistory.map((row) => ({
      id: row.id,
      fromStatus: row.fromStatus,
      toStatus: row.toStatus,
      reason: row.reason,
      source: row.source,
      at: row.at.getTime(),
    })),
    fills: order.fills.map((row) => ({
      id: row.id,
      tradeId: row.tradeId,
      quantity: row.quantity,
      price: row.pricePaise,
      source: row.source,
      filledAt: row.filledAt.getTime(),
    })),
  };
}
