import { z } from 'zod';
import { readAuditLog } from '../../read-model/audit-log';
import { cursorInput, directionInput } from '../../read-model/cursor';
import { router, viewerProcedure } from '../init';

/** An empty box is no filter. */
const filter = z
  .string()
  .trim()
  .max(128)
  .nullish()
  .transform((value) => (value === '' || value === undefined ? null : value));

export const auditRouter = router({
  /** Who did what, newest first; filtered by action prefix, actor and correlation id. */
  list: viewerProcedure
    .input(
      z.strictObject({
        actionPrefix: filter,
        actor: filter,
        correlationId: filter,
        limit: z.number().int().min(1).max(100).default(50),
        cursor: cursorInput,
        direction: directionInput,
      }),
    )
    .query(({ ctx, input }) =>
      readAuditLog(ctx.prisma, {
        actionPrefix: input.actionPrefix,
        actor: input.actor,
        correlationId: input.correlationId,
        limit: input.limit,
        cursor: input.cursor ?? null,
      }),
    ),
});
