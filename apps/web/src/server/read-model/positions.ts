import type { PrismaClient } from '@kavach/db';

export interface PositionView {
  readonly id: string;
  readonly token: number;
  readonly tradingSymbol: string;
  readonly exchange: string;
  readonly product: string;
  /** Signed: positive long, negative short. */
  readonly netQuantity: number;
  readonly averagePrice: number | null;
  readonly lastPrice: number | null;
  readonly realisedPnl: number;
  readonly unrealisedPnl: number;
  readonly mfe: number;
  readonly mae: number;
  readonly risk: number;
  readonly openedAt: number;
  readonly updatedAt: number;
  /**
   * The brackets (OCO groups) still open on this instrument: the engine exits per group, so
   * exiting the position means exiting each of them.
   */
  readonly groups: readonly PositionGroup[];
}

export interface PositionGroup {
  readonly id: string;
  readonly strategy: string | null;
  readonly side: string;
  readonly state: string;
  /** Its hedge, or the main leg it hedges. */
  readonly linkedGroupId: string | null;
  readonly correlationId: string;
}

/** Open positions, as the engine last wrote them (amounts in paise). */
export async function readOpenPositions(prisma: PrismaClient): Promise<PositionView[]> {
  const rows = await prisma.position.findMany({
    where: { closedAt: null, netQuantity: { not: 0 } },
    include: { instrument: true },
    orderBy: { openedAt: 'asc' },
    take: 500,
  });
  if (rows.length === 0) return [];
  const groups = await prisma.ocoGroup.findMany({
    where: {
      instrumentId: { in: [...new Set(rows.map((row) => row.instrumentId))] },
      state: { not: 'CLOSED' },
    },
    select: {
      id: true,
      instrumentId: true,
      strategy: true,
      side: true,
      state: true,
      linkedGroupId: true,
      correlationId: true,
    },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((row) => ({
    id: row.id,
    token: Number(row.instrument.token),
    tradingSymbol: row.instrument.tradingSymbol,
    exchange: row.instrument.exchange,
    product: row.product,
    netQuantity: row.netQuantity,
    averagePrice: row.averagePricePaise,
    lastPrice: row.lastPricePaise,
    realisedPnl: Number(row.realisedPnlPaise),
    unrealisedPnl: Number(row.unrealisedPnlPaise),
    mfe: Number(row.mfePaise),
    mae: Number(row.maePaise),
    risk: Number(row.riskAmountPaise),
    openedAt: row.openedAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
    groups: groups
      .filter((group) => group.instrumentId === row.instrumentId)
      .map((group) => ({
        id: group.id,
        strategy: group.strategy,
        side: group.side,
        state: group.state,
        linkedGroupId: group.linkedGroupId,
        correlationId: group.correlationId,
      })),
  }));
}
