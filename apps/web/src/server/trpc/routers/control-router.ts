import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SessionUser } from '../../auth/session-user';
import type { EngineAnswer } from '../../engine/engine-client';
import type { ControlAction, ControlNotice, ControlOutcome } from '../../realtime/socket-events';
import type { TrpcContext } from '../context';
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

type Signed = TrpcContext & { readonly user: SessionUser };

/**
 * The engine's answer, announced to every dashboard on every web process (who did what, when,
 * how it ended), then handed back or thrown as the browser's error.
 */
function announced<T>(
  ctx: Signed,
  action: ControlAction,
  asked: { readonly reason?: string | undefined; readonly mode?: 'PAPER' | 'LIVE' },
  answer: EngineAnswer<T>,
  outcomeOf: (body: T) => ControlOutcome,
): T {
  const notice: ControlNotice = {
    id: randomUUID(),
    action,
    by: { id: ctx.user.id, name: ctx.user.name, email: ctx.user.email, role: ctx.user.role },
    at: ctx.now(),
    reason: asked.reason ?? null,
    requestedMode: asked.mode ?? null,
    outcome: answer.ok
      ? outcomeOf(answer.body)
      : { ok: false, code: answer.code, message: answer.message },
  };
  ctx.live.announceControl(notice);
  return unwrapEngine(answer);
}

/** The trading state and mode in a control answer (the engine's `state`), when present. */
function stateOutcome(answer: ControlAnswer): ControlOutcome {
  const state = answer.state as { trading?: unknown; mode?: unknown } | undefined;
  return {
    ok: true,
    tradingState: field(state?.trading, 'state'),
    mode: field(state?.mode, 'mode'),
    flat: null,
    remainingPositions: null,
  };
}

function field(value: unknown, key: string): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const inner = (value as Record<string, unknown>)[key];
  return typeof inner === 'string' ? inner : null;
}

/** Control actions: the engine API, server-side, with the person named for its audit log. */
export const controlRouter = router({
  pause: traderProcedure
    .input(z.strictObject({ reason }))
    .mutation(async ({ ctx, input }) =>
      announced(
        ctx,
        'PAUSE',
        input,
        await ctx.engine.send<ControlAnswer>('POST', '/pause', input, actorOf(ctx.user)),
        stateOutcome,
      ),
    ),
  resume: traderProcedure
    .input(z.strictObject({ reason: reason.optional() }))
    .mutation(async ({ ctx, input }) =>
      announced(
        ctx,
        'RESUME',
        input,
        await ctx.engine.send<ControlAnswer>('POST', '/resume', input, actorOf(ctx.user)),
        stateOutcome,
      ),
    ),
  /** The kill switch: cancel everything, exit everything, then HALTED until a reset. */
  flatten: traderProcedure
    .input(z.strictObject({ reason, confirm: z.literal('FLATTEN') }))
    .mutation(async ({ ctx, input }) =>
      announced(
        ctx,
        'FLATTEN',
        input,
        await ctx.engine.send<FlattenReport>('POST', '/flatten', input, actorOf(ctx.user)),
        (report) => ({
          ok: true,
          tradingState: 'HALTED',
          mode: null,
          flat: report.flat,
          remainingPositions: report.remainingPositions,
        }),
      ),
    ),
  /** Leaves HALTED for PAUSED: a person has looked at what the kill switch did. */
  reset: traderProcedure
    .input(z.strictObject({ confirmation: z.literal('RESET') }))
    .mutation(async ({ ctx, input }) =>
      announced(
        ctx,
        'RESET',
        {},
        await ctx.engine.send<ControlAnswer>('POST', '/reset', input, actorOf(ctx.user)),
        stateOutcome,
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
      announced(
        ctx,
        'MODE',
        { mode: input.mode },
        await ctx.engine.send<ControlAnswer>('POST', '/mode', input, actorOf(ctx.user)),
        stateOutcome,
      ),
    ),
});
