import { z } from 'zod';
import { cursorInput, directionInput } from '../../read-model/cursor';
import { readOrderBlotter, readOrderDetail } from '../../read-model/order-blotter';
import { AppError, router, viewerProcedure } from '../init';

export const ordersRouter = router({
  /** The blotter: brackets with their orders, newest first, paged. */
  blotter: viewerProcedure
    .input(
      z.strictObject({
        limit: z.number().int().min(1).max(100).default(25),
        cursor: cursorInput,
        direction: directionInput,
      }),
    )
    .query(({ ctx, input }) =>
      readOrderBlotter(ctx.prisma, { limit: input.limit, cursor: input.cursor ?? null }),
    ),
  /** One order's status history and fills, read when its row is expanded. */
  detail: viewerProcedure
    .input(z.strictObject({ orderId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const detail = await readOrderDetail(ctx.prisma, input.orderId);
      if (detail === null) throw new AppError('NOT_FOUND', 'NO_ORDER', 'no such order');
      return detail;
    }),
});
