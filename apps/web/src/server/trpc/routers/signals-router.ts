import { z } from 'zod';
import { cursorInput, directionInput } from '../../read-model/cursor';
import { readSignalPage, readSignalStrategies } from '../../read-model/signal-page';
import { router, viewerProcedure } from '../init';

export const signalsRouter = router({
  /** Signals with features, scores and their decision; filtered, newest first, paged. */
  list: viewerProcedure
    .input(
      z.strictObject({
        strategy: z.string().trim().min(1).max(64).nullish(),
        outcome: z.enum(['all', 'approved', 'refused']).default('all'),
        limit: z.number().int().min(1).max(100).default(25),
        cursor: cursorInput,
        direction: directionInput,
      }),
    )
    .query(({ ctx, input }) =>
      readSignalPage(ctx.prisma, {
        strategy: input.strategy ?? null,
        outcome: input.outcome,
        limit: input.limit,
        cursor: input.cursor ?? null,
      }),
    ),
  /** The strategies that have signalled, for the filter. */
  strategies: viewerProcedure.query(({ ctx }) => readSignalStrategies(ctx.prisma)),
});
