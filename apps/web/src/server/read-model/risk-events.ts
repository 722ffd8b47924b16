import type { PrismaClient } from '@kavach/db';
import { decodeCursor, olderThan, pageOf } from './cursor';

export type RiskEventSeverity = 'INFO' | 'WARNING' | 'CRITICAL';

export interface RiskEventView {
  readonly id: string;
  readonly kind: string;
  readonly severity: RiskEventSeverity;
  readonly message: string;
  readonly tradingSymbol: string | null;
  readonly correlationId: string | null;
  readonly payload: unknown;
  readonly createdAt: number;
  readonly resolvedAt: number | null;
  readonly resolvedBy: string | null;
}

export interface RiskEventQuery {
  readonly status: 'ALL' | 'OPEN' | 'RESOLVED';
  readonly severity: RiskEventSeverity | null;
  readonly cursor: string | null | undefined;
  readonly limit: number;
}

/** Risk events, newest first, a page at a time. */
export async function readRiskEvents(
  prisma: PrismaClient,
  query: RiskEventQuery,
): Promise<{ readonly items: RiskEventView[]; readonly nextCursor: string | null }> {
  const rows = await prisma.riskEvent.findMany({
    where: {
      AND: [
        query.status === 'OPEN' ? { resolvedAt: null } : {},
        query.status === 'RESOLVED' ? { resolvedAt: { not: null } } : {},
        query.severity === null ? {} : { severity: query.severity },
        olderThan(decodeCursor(query.cursor)),
      ],
    },
    include: { instrument: { select: { tradingSymbol: true } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
  });
  const { page, nextCursor } = pageOf(rows, query.limit, (row) => ({
    at: row.createdAt,
    id: row.id,
  }));
  return {
    items: page.map((row) => ({
      id: row.id,
      kind: row.kind,
      severity: row.severity,
      message: row.message,
      tradingSymbol: row.instrument?.tradingSymbol ?? null,
      correlationId: row.correlationId,
      payload: row.payload,
      createdAt: row.createdAt.getTime(),
      resolvedAt: row.resolvedAt?.getTime() ?? null,
      resolvedBy: row.resolvedBy,
    })),
    nextCursor,
  };
}
