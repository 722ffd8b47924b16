import { z } from 'zod';
import { actorOf, unwrapEngine } from '../engine-call';
import type { EngineTradingConfig, EngineTradingConfigStored } from '../engine-views';
import { adminProcedure, router } from '../init';

export const settingsRouter = router({
  /** The trading config in force (as the file writes it), and one stored for the next start. */
  tradingConfig: adminProcedure.query(async ({ ctx }) =>
    unwrapEngine(await ctx.engine.get<EngineTradingConfig>('/api/config/trading')),
  ),
  /**
   * Stores a new trading config: the engine validates it as it validates the file (each bad
   * field comes back in the error's details) and applies it at its next start.
   */
  setTradingConfig: adminProcedure
    .input(z.strictObject({ config: z.record(z.string(), z.unknown()) }))
    .mutation(async ({ ctx, input }) =>
      unwrapEngine(
        await ctx.engine.send<EngineTradingConfigStored>(
          'PUT',
          '/api/config/trading',
          input.config,
          actorOf(ctx.user),
        ),
      ),
    ),
});
