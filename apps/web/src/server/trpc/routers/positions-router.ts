import { z } from 'zod';
import { readOpenPositions } from '../../read-model/positions';
import { actorOf, unwrapEngine } from '../engine-call';
import type { EngineAnswer } from '../../engine/engine-client';
import { router, traderProcedure, viewerProcedure } from '../init';

/** The engine's answer to POST /api/positions/exit. */
export interface GroupExitAnswer {
  readonly ok: true;
  readonly groupId: string;
  readonly tradingSymbol: string;
  /** The bracket's state after the exit was commanded: EXITING, CLOSING or CLOSED. */
  readonly status: string;
}

export type GroupExitOutcome =
  | { readonly groupId: string; readonly ok: true; readonly status: string }
  | {
      readonly groupId: string;
      readonly ok: false;
      readonly code: string;
      readonly message: string;
    };

const exitInput = z.strictObject({
  /** Every open bracket on the instrument: the engine exits per bracket. */
  groupIds: z.array(z.uuid()).min(1, 'nothing to exit').max(50),
  reason: z.string().trim().min(1, 'say why').max(500),
});

export const positionsRouter = router({
  /** Open positions with their open brackets (amounts in paise; live prices come by socket). */
  list: viewerProcedure.query(async ({ ctx }) => ({
    positions: await readOpenPositions(ctx.prisma),
    readAt: ctx.now(),
  })),
  /**
   * Exits a position: each of its brackets has its working orders cancelled and what it holds
   * sent out at the market. One outcome per bracket; when none could be exited the first
   * refusal is the error (already closed, a hedge still needed, the engine unreachable).
   */
  exit: traderProcedure.input(exitInput).mutation(async ({ ctx, input }) => {
    const actor = actorOf(ctx.user);
    const groupIds = [...new Set(input.groupIds)];
    const answers = await Promise.all(
      groupIds.map(async (groupId): Promise<[string, EngineAnswer<GroupExitAnswer>]> => [
        groupId,
        await ctx.engine.send<GroupExitAnswer>(
          'POST',
          '/api/positions/exit',
          { groupId, reason: input.reason },
          actor,
        ),
      ]),
    );
    const outcomes = answers.map(([groupId, answer]): GroupExitOutcome =>
      answer.ok
        ? { groupId, ok: true, status: answer.body.status }
        : { groupId, ok: false, code: answer.code, message: answer.message },
    );
    const firstRefusal = answers.find(([, answer]) => !answer.ok);
    if (firstRefusal !== undefined && outcomes.every((o) => !o.ok)) unwrapEngine(firstRefusal[1]);
    return { outcomes };
  }),
});
