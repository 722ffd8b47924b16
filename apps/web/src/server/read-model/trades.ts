import type { Prisma, PrismaClient } from '@kavach/db';
import { decodeCursor, olderThan, pageOf } from './cursor';

/** A finished round trip of one bracket (amounts in paise, P&L before charges). */
export interface TradeView {
  readonly id: string;
  readonly groupId: string | null;
  readonly tradingSymbol: string;
  readonly strategy: string | null;
  readonly side: string;
  readonly quantity: number;
  readonly entryAveragePrice: number;
  readonly exitAveragePrice: number;
  readonly realisedPnl: number;
  readonly fees: number;
  /** Realised P&L less the estimated charges. */
  readonly netPnl: number;
  /** Against the signal's price, entry and exits; positive is adverse. */
  readonly slippage: number;
  readonly correlationId: string;
  readonly openedAt: number;
  readonly closedAt: number;
}

type TradeRow = Prisma.TradeGetPayload<{ include: { instrument: true } }>;

export function toTradeView(row: TradeRow): TradeView {
  const realisedPnl = Number(row.realisedPnlPaise);
  const fees = Number(row.feesPaise);
  return {
    id: row.id,
    groupId: row.ocoGroupId,
    tradingSymbol: row.instrument.tradingSymbol,
    strategy: row.strategy,
    side: row.side,
    quantity: row.quantity,
    entryAveragePrice: row.entryAveragePricePaise,
    exitAveragePrice: row.exitAveragePricePaise,
    realisedPnl,
    fees,
    netPnl: realisedPnl - fees,
    slippage: Number(row.slippagePaise),
    correlationId: row.correlationId,
    openedAt: row.openedAt.getTime(),
    closedAt: row.closedAt.getTime(),
  };
}

/** Recent trades, last closed first, a page at a time. */
export async function readTradePage(
  prisma: PrismaClient,
  query: { readonly limit: number; readonly cursor: string | null },
): Promise<{ readonly trades: TradeView[]; readonly nextCursor: string | null }> {
  const rows = await prisma.trade.findMany({
    where: olderThan(decodeCursor(query.cursor), 'closedAt'),
    include: { instrument: true },
    orderBy: [{ closedAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
  });
  const { page, nextCursor } = pageOf(rows, query.limit, (row) => ({
    at: row.closedAt,
    id: row.id,
  }));
  return { trades: page.map(toTradeView), nextCursor };
}
