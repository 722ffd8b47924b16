import type { PrismaClient } from '@kavach/db';

export interface DiscrepancyView {
  readonly id: string;
  readonly runId: string;
  readonly kind: string;
  readonly tradingSymbol: string | null;
  readonly clientOrderId: string | null;
  readonly brokerOrderId: string | null;
  readonly expected: unknown;
  readonly actual: unknown;
  readonly actionTaken: string | null;
  readonly resolved: boolean;
  readonly createdAt: number;
  readonly resolvedAt: number | null;
  readonly resolvedBy: string | null;
}

/** Discrepancies, those still needing a person first, then newest first. */
export async function readDiscrepancies(
  prisma: PrismaClient,
  limit: number,
): Promise<{ readonly items: DiscrepancyView[]; readonly unresolved: number }> {
  const [rows, unresolved] = await Promise.all([
    prisma.reconciliationDiscrepancy.findMany({
      include: {
        instrument: { select: { tradingSymbol: true } },
        order: { select: { clientOrderId: true } },
      },
      orderBy: [{ resolved: 'asc' }, { createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    }),
    prisma.reconciliationDiscrepancy.count({ where: { resolved: false } }),
  ]);
  return {
    items: rows.map((row) => ({
      id: row.id,
      runId: row.runId,
      kind: row.kind,
      tradingSymbol: row.instrument?.tradingSymbol ?? null,
      clientOrderId: row.order?.clientOrderId ?? null,
      brokerOrderId: row.brokerOrderId,
      expected: row.expected,
      actual: row.actual,
      actionTaken: row.actionTaken,
      resolved: row.resolved,
      createdAt: row.createdAt.getTime(),
      resolvedAt: row.resolvedAt?.getTime() ?? null,
      resolvedBy: row.resolvedBy,
    })),
    unresolved,
  };
}

/** Instrument tokens as the trader knows them: 'NSE:INFY' (the token when unknown). */
export async function readInstrumentNames(
  prisma: PrismaClient,
  tokens: readonly number[],
): Promise<{ readonly token: number; readonly name: string }[]> {
  if (tokens.length === 0) return [];
  const rows = await prisma.instrument.findMany({
    where: { token: { in: tokens.map((t) => BigInt(t)) } },
    select: { token: true, exchange: true, tradingSymbol: true },
  });
  const names = new Map(rows.map((r) => [Number(r.token), `${r.exchange}:${r.tradingSymbol}`]));
  return tokens.map((token) => ({ token, name: names.get(token) ?? String(token) }));
}
