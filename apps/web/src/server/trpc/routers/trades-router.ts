import { z } from 'zod';
import { cursorInput, directionInput } from '../../read-model/cursor';
import { readTradeStory } from '../../read-model/trade-story';
import { readTradePage } from '../../read-model/trades';
import { router, viewerProcedure } from '../init';

/** As stored: UUIDs, `external-<broker id>`, a webhook's own; at most 64 characters. */
const correlationId = z.string().trim().min(1, 'enter a correlation id').max(64);

export const tradesRouter = router({
  /** Recent trades, last closed first, paged. */
  list: viewerProcedure
    .input(
      z.strictObject({
        limit: z.number().int().min(1).max(100).default(25),
        cursor: cursorInput,
        direction: directionInput,
      }),
    )
    .query(({ ctx, input }) =>
      readTradePage(ctx.prisma, { limit: input.limit, cursor: input.cursor ?? null }),
    ),
  /** Signal → decision → orders → fills → trade, with slippage and audit, in time order. */
  story: viewerProcedure
    .input(z.strictObject({ correlationId }))
    .query(({ ctx, input }) => readTradeStory(ctx.prisma, input.correlationId)),
});
