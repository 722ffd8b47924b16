import type { PrismaClient } from '@kavach/db';
import { istDayStart } from '@kavach/domain';

export interface DailyResults {
  readonly realisedPnl: number;
  readonly fees: number;
  readonly trades: number;
  readonly winners: number;
  readonly losers: number;
}

const DAY_MS = 86_400_000;

/** Trades closed on an IST date, summed (money in paise). */
export async function readDailyResults(prisma: PrismaClient, date: string): Promise<DailyResults> {
  const start = istDayStart(date);
  const trades = await prisma.trade.findMany({
    where: { closedAt: { gte: new Date(start), lt: new Date(start + DAY_MS) } },
    select: { realisedPnlPaise: true, feesPaise: true },
  });
  let realisedPnl = 0n;
  let fees = 0n;
  let winners = 0;
  let losers = 0;
  for (const trade of trades) {
    realisedPnl += trade.realisedPnlPaise;
    fees += trade.feesPaise;
    if (trade.realisedPnlPaise > 0n) winners += 1;
    else if (trade.realisedPnlPaise < 0n) losers += 1;
  }
  return {
    realisedPnl: Number(realisedPnl),
    fees: Number(fees),
    trades: trades.length,
    winners,
    losers,
  };
}
