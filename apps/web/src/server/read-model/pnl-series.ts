import type { PrismaClient } from '@kavach/db';

export interface PnlPoint {
  /** Epoch ms. */
  readonly at: number;
  /** Realised P&L of the day so far, paise. */
  readonly realised: number;
}

/** The day's realised P&L after each closed trade since `dayStart` (for the intraday chart). */
export async function readRealisedSeries(
  prisma: PrismaClient,
  dayStart: number,
): Promise<PnlPoint[]> {
  const trades = await prisma.trade.findMany({
    where: { closedAt: { gte: new Date(dayStart) } },
    select: { closedAt: true, realisedPnlPaise: true },
    orderBy: { closedAt: 'asc' },
    take: 5_000,
  });
  let running = 0;
  return trades.map((trade) => {
    running += Number(trade.realisedPnlPaise);
    return { at: trade.closedAt.getTime(), realised: running };
  });
}
