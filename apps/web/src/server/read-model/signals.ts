import type { PrismaClient } from '@kavach/db';

export interface SignalView {
  readonly id: string;
  readonly strategy: string;
  readonly tradingSymbol: string;
  readonly side: string;
  readonly entryPrice: number;
  readonly stopPrice: number;
  readonly score: number;
  readonly approved: boolean | null;
  /** The gate's typed reason when refused. */
  readonly reason: string | null;
  readonly correlationId: string;
  readonly createdAt: number;
}

/** The latest signals with their decision, newest first. */
export async function readLatestSignals(prisma: PrismaClient, take: number): Promise<SignalView[]> {
  const rows = await prisma.signal.findMany({
    include: {
      instrument: true,
      decisions: { orderBy: { createdAt: 'desc' }, take: 1 },
    },
    orderBy: { createdAt: 'desc' },
    take,
  });
  return rows.map((row) => {
    const decision = row.decisions[0];
    return {
      id: row.id,
      strategy: row.strategy,
      tradingSymbol: row.instrument.tradingSymbol,
      side: row.side,
      entryPrice: row.entryPricePaise,
      stopPrice: row.stopPricePaise,
      score: row.score,
      approved: decision?.approved ?? null,
      reason: decision?.reason ?? null,
      correlationId: row.correlationId,
      createdAt: row.createdAt.getTime(),
    };
  });
}
