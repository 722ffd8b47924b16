import { z } from 'zod';
import { readDiscrepancies, readInstrumentNames } from '../../read-model/discrepancies';
import { actorOf, unwrapEngine } from '../engine-call';
import type { EngineReconciliationStatus } from '../engine-views';
import { router, traderProcedure, viewerProcedure } from '../init';

export const reconciliationRouter = router({
  /** The last run and the instruments it blocked (named, not by token). */
  status: viewerProcedure.query(async ({ ctx }) => {
    const status = unwrapEngine(
      await ctx.engine.get<EngineReconciliationStatus>('/api/reconciliation/status'),
    );
    return { ...status, blocked: await readInstrumentNames(ctx.prisma, status.blockedTokens) };
  }),
  /** What differed and what was done: unresolved first, then newest first. */
  discrepancies: viewerProcedure
    .input(z.strictObject({ limit: z.number().int().min(1).max(500).default(50) }))
    .query(({ ctx, input }) => readDiscrepancies(ctx.prisma, input.limit)),
  /** Reconcile with the broker now (joins a run already going). */
  run: traderProcedure.mutation(async ({ ctx }) =>
    unwrapEngine(
      await ctx.engine.send<{ ok: true; state: { reconciliation: EngineReconciliationStatus } }>(
        'POST',
        '/api/reconciliation/run',
        { reason: 'run from the dashboard' },
        actorOf(ctx.user),
      ),
    ),
  ),
});
