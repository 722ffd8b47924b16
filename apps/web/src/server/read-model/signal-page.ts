import type { Prisma, PrismaClient } from '@kavach/db';
import { decodeCursor, olderThan, pageOf } from './cursor';
import { toScores, toShownRecord } from './json-view';
import type { ShownValue } from './json-view';

export interface DecisionView {
  readonly id: string;
  readonly approved: boolean;
  /** The gate's typed reason (e.g. MAX_HEAT); null when approved. */
  readonly reason: string | null;
  readonly capital: number;
  readonly riskAmount: number;
  readonly riskPctBps: number;
  readonly quantity: number;
  readonly lots: number;
  readonly heatBefore: number;
  readonly heatAfter: number;
  readonly configSha: string;
  readonly createdAt: number;
}

export interface SignalDetailView {
  readonly id: string;
  readonly strategy: string;
  readonly tradingSymbol: string;
  readonly exchange: string;
  readonly side: string;
  readonly entryPrice: number;
  readonly stopPrice: number;
  readonly tp1Price: number | null;
  readonly tp2Price: number | null;
  readonly features: Readonly<Record<string, ShownValue>>;
  readonly featureScores: Readonly<Record<string, number>>;
  readonly score: number;
  readonly rank: number | null;
  readonly configSha: string;
  readonly correlationId: string;
  readonly createdAt: number;
  /** The latest decision on it; null while none was taken. */
  readonly decision: DecisionView | null;
}

export type SignalOutcome = 'all' | 'approved' | 'refused';

export interface SignalQuery {
  readonly strategy: string | null;
  readonly outcome: SignalOutcome;
  readonly limit: number;
  readonly cursor: string | null;
}

type DecisionRow = Prisma.DecisionGetPayload<true>;
type SignalRow = Prisma.SignalGetPayload<{ include: { instrument: true; decisions: true } }>;

export function toDecisionView(row: DecisionRow): DecisionView {
  return {
    id: row.id,
    approved: row.approved,
    reason: row.reason,
    capital: Number(row.capitalPaise),
    riskAmount: Number(row.riskAmountPaise),
    riskPctBps: row.riskPctBps,
    quantity: row.quantity,
    lots: row.lots,
    heatBefore: Number(row.heatBeforePaise),
    heatAfter: Number(row.heatAfterPaise),
    configSha: row.configSha,
    createdAt: row.createdAt.getTime(),
  };
}

/** Approved: a decision said yes. Refused: decisions said no and none said yes. */
function outcomeWhere(outcome: SignalOutcome) {
  if (outcome === 'approved') return { decisions: { some: { approved: true } } };
  if (outcome === 'refused') {
    return { decisions: { some: { approved: false }, none: { approved: true } } };
  }
  return {};
}

/** Signals with their decision, newest first, a page at a time. */
export async function readSignalPage(
  prisma: PrismaClient,
  query: SignalQuery,
): Promise<{ readonly signals: SignalDetailView[]; readonly nextCursor: string | null }> {
  const rows = await prisma.signal.findMany({
    where: {
      AND: [
        query.strategy === null ? {} : { strategy: query.strategy },
        outcomeWhere(query.outcome),
        olderThan(decodeCursor(query.cursor)),
      ],
    },
    include: {
      instrument: true,
      decisions: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 1 },
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
  });
  const { page, nextCursor } = pageOf(rows, query.limit, (row) => ({
    at: row.createdAt,
    id: row.id,
  }));
  return { signals: page.map(toSignalDetail), nextCursor };
}

export function toSignalDetail(row: SignalRow): SignalDetailView {
  const decision = row.decisions[0];
  return {
    id: row.id,
    strategy: row.strategy,
    tradingSymbol: row.instrument.tradingSymbol,
    exchange: row.instrument.exchange,
    side: row.side,
    entryPrice: row.entryPricePaise,
    stopPrice: row.stopPricePaise,
    tp1Price: row.tp1PricePaise,
    tp2Price: row.tp2PricePaise,
    features: toShownRecord(row.features),
    featureScores: toScores(row.featureScores),
    score: row.score,
    rank: row.rank,
    configSha: row.configSha,
    correlationId: row.correlationId,
    createdAt: row.createdAt.getTime(),
    decision: decision === undefined ? null : toDecisionView(decision),
  };
}

/** Every strategy that has produced a signal, for the filter. */
export async function readSignalStrategies(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.signal.findMany({
    distinct: ['strategy'],
    select: { strategy: true },
    orderBy: { strategy: 'asc' },
  });
  return rows.map((row) => row.strategy);
}
