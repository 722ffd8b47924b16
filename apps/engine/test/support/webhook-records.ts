import type { PrismaClient } from '@kavach/db';
import { expect } from 'vitest';
import { type LoadAnswer, deliveryKey } from './webhook-load';

/** What the engine recorded for the load's strategies: deliveries, signals, decisions. */
async function readRecords(prisma: PrismaClient) {
  const deliveries = await prisma.webhookDelivery.findMany({
    where: { strategyId: { startsWith: 'load-' } },
  });
  const signals = await prisma.signal.findMany({
    where: { strategy: { startsWith: 'tv:load-' } },
    select: { correlationId: true, _count: { select: { decisions: true } } },
  });
  return { deliveries, signals };
}

/**
 * Every processed alert is one delivery row with its answer, one signal, one decision; a
 * refused one left no trace.
 */
export async function expectRecordedOnce(
  prisma: PrismaClient,
  processed: readonly LoadAnswer[],
  refused: readonly LoadAnswer[],
): Promise<void> {
  const { deliveries, signals } = await readRecords(prisma);
  const byKey = new Map(deliveries.map((d) => [deliveryKey(d.strategyId, d.idempotencyKey), d]));
  expect(deliveries).toHaveLength(processed.length);
  const recordedRefusals = refused.filter((a) =>
    byKey.has(deliveryKey(a.signal.strategy, a.signal.key)),
  );
  expect(recordedRefusals.map((a) => a.signal.key)).toEqual([]);
  for (const answer of processed) {
    const row = byKey.get(deliveryKey(answer.signal.strategy, answer.signal.key));
    expect(row, answer.signal.key).toMatchObject({
      outcome: answer.status === 202 ? 'ACCEPTED' : 'REJECTED',
      httpStatus: answer.status,
    });
  }
  const signalsPerCorrelation = new Map<string, number>();
  for (const signal of signals) {
    expect(signal._count.decisions, signal.correlationId).toBe(1);
    signalsPerCorrelation.set(
      signal.correlationId,
      (signalsPerCorrelation.get(signal.correlationId) ?? 0) + 1,
    );
  }
  expect(signals).toHaveLength(processed.length);
  for (const row of deliveries) {
    expect(signalsPerCorrelation.get(row.correlationId ?? ''), row.idempotencyKey).toBe(1);
  }
}
