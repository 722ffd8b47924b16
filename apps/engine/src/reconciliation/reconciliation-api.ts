import type { PrismaClient } from '@kavach/db';
import { listDiscrepancies } from '@kavach/db';
import type { EngineApi } from '../http/engine-api';
import type { Reconciler } from './reconciler';

export type ReconciliationApi = Pick<
  EngineApi,
  'reconciliationStatus' | 'runReconciliation' | 'discrepancies'
>;

/** The reconciliation half of the engine API. */
export function createReconciliationApi(
  reconciler: Reconciler,
  prisma: PrismaClient,
): ReconciliationApi {
  return {
    reconciliationStatus: () => Promise.resolve({ ...reconciler.status() }),
    runReconciliation: async () => {
      const status = await reconciler.run('MANUAL');
      if (status.lastRun?.outcome === 'FAILED') {
        return {
          ok: false,
          code: 'RECONCILIATION_FAILED',
          message: `reconciliation failed: ${status.lastRun.error ?? 'no reason given'}`,
          details: { reconciliation: status },
        };
      }
      return { ok: true, state: { reconciliation: status } };
    },
    discrepancies: async (query) => ({
      discrepancies: await listDiscrepancies(prisma, query),
    }),
  };
}
