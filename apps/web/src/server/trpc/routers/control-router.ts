import { z } from 'zod';
import { actorOf, unwrapEngine } from '../engine-call';
import { adminProcedure, router, traderProcedure } from '../init';

const reason = z.string().trim().min(1, 'say why').max(500);

/** The engine's answer to a control action: the trading state after it. */
export interface ControlAnswer {
  readonly ok: true;
  readonly state: Record<string, unknown>;
}

export interface FlattenOrderOutcome {
  readonly clientOrderId: string;
  readonly brokerOrderId: string | null;
  readonly role: string;
  readonly tradingSymbol: string;
  readonly action: 'CANCEL' | 'EXIT';
  readonly quantity: number;
  readonly outcome: 'DONE' | 'FAILED' | 'PENDING';
  readonly message: string | null;
}

export interface FlattenReport {
  readonly startedAt: number;
  readonly flatAt: number | null;
  readonly finishedAt: number;
  readonly flat: boolean;
  readonly remainingPositions: number;
  readonly orders: readonly FlattenOrderOutcome[];
}

/** Control actions: the engine API, server-side, with the person named for its audit log. */
export const controlRouter = router({
  pause: traderProcedure
    .input(z.strictObject({ reason }))
    .mutation(async ({ ctx, input }) =>
      unwrapEngine(
        await ctx.engine.send<ControlAnswer>('POST', '/pause', input, actorOf(ctx.user)),
      ),
    ),
  resume: traderProcedure
    .input(z.strictObject({ reason: reason.optional() }))
    .mutation(async ({ ctx, input }) =>
      unwrapEngine(
        await ctx.engine.send<ControlAnswer>('POST', '/resume', input, actorOf(ctx.user)),
      ),
    ),
  /** The kill switch: cancel everything, exit everything, then HALTED until a reset. */
  flatten: traderProcedure
    .input(z.strictObject({ reason, confirm: z.literal('FLATTEN') }))
    .mutation(async ({ ctx, input }) =>
      unwrapEngine<FlattenReport>(
        await ctx.engine.send('POST', '/flatten', input, actorOf(ctx.user)),
      ),
    ),
  /** Leaves HALTED for PAUSED: a person has looked at what the kill switch did. */
  reset: traderProcedure
    .input(z.strictObject({ confirmation: z.literal('RESET') }))
    .mutation(async ({ ctx, input }) =>
      unwrapEngine(
        await ctx.engine.send<ControlAnswer>('POST', '/reset', input, actorOf(ctx.user)),
      ),
    ),
  /** PAPER ↔ LIVE; LIVE only through the engine's gate (conditions and typed phrase). */
  setMode: adminProcedure
    .input(
      z.strictObject({
        mode: z.enum(['PAPER', 'LIVE']),
        confirmation: z.string().max(200).nullable().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      unwrapEngine(await ctx.engine.send<ControlAnswer>('POST', '/mode', input, actorOf(ctx.user))),
    ),
});
