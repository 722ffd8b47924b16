import { z } from 'zod';
import { directionInput } from '../../read-model/cursor';
import { actorOf, unwrapEngine } from '../engine-call';
import type {
  EngineSlippageConfig,
  EngineSlippageSample,
  EngineSlippageStats,
  SlippageConfigValues,
} from '../engine-views';
import { adminProcedure, router, viewerProcedure } from '../init';

const timeOf = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/** The engine validates the values (and answers each bad field); only the shape is checked here. */
const configInput = z.strictObject({
  maxSlippagePct: z.number(),
  maxSlippagePoints: z.number(),
  maxLatencyMs: z.number(),
  requotePct: z.number(),
  partialFillPct: z.number(),
  breachesToPause: z.number(),
  breachWindowMinutes: z.number(),
  maxQuoteAgeMs: z.number(),
}) satisfies z.ZodType<SlippageConfigValues>;

export const slippageRouter = router({
  /** Slippage and latency by strategy, instrument and IST hour over the last `hours`. */
  stats: viewerProcedure
    .input(z.strictObject({ hours: z.number().int().min(1).max(2160).default(24) }))
    .query(async ({ ctx, input }) =>
      unwrapEngine(
        await ctx.engine.get<EngineSlippageStats>(`/api/slippage/stats?hours=${input.hours}`),
      ),
    ),
  /** Samples, newest first, a page at a time (the engine's cursor). */
  history: viewerProcedure
    .input(
      z.strictObject({
        limit: z.number().int().min(1).max(100).default(25),
        cursor: z.string().min(1).max(128).nullish(),
        direction: directionInput,
        strategy: z.string().trim().min(1).max(64).nullish(),
        check: z.enum(['ACCEPTED', 'REPRICED', 'REJECTED']).nullish(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const query = new URLSearchParams({ limit: String(input.limit) });
      if (input.cursor != null) query.set('cursor', input.cursor);
      if (input.strategy != null) query.set('strategy', input.strategy);
      if (input.check != null) query.set('check', input.check);
      const page = unwrapEngine(
        await ctx.engine.get<{ items: EngineSlippageSample[]; nextCursor: string | null }>(
          `/api/slippage/history?${query.toString()}`,
        ),
      );
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((s) => ({
          id: s.id,
          strategy: s.strategy,
          instrument: `${s.exchange}:${s.tradingSymbol}`,
          side: s.side,
          quantity: s.quantity,
          signalPrice: s.signalPrice,
          marketPrice: s.marketPrice,
          fillPrice: s.fillPrice,
          slippagePaise: s.slippagePaise,
          slippageBps: s.slippageBps,
          favourable: s.favourable,
          check: s.check,
          checkReason: s.checkReason,
          breach: s.breach,
          totalMs: s.totalMs,
          correlationId: s.correlationId,
          signalAt: Date.parse(s.signalAt),
          ackAt: timeOf(s.ackAt),
          firstFillAt: timeOf(s.firstFillAt),
        })),
      };
    }),
  /** The tolerances in force and their SHA. */
  config: viewerProcedure.query(async ({ ctx }) => {
    const answer = unwrapEngine(await ctx.engine.get<EngineSlippageConfig>('/api/slippage/config'));
    return { sha: answer.sha, config: answer.config };
  }),
  /** Replaces the tolerances (the engine validates, audits, and applies them at once). */
  setConfig: adminProcedure.input(configInput).mutation(async ({ ctx, input }) => {
    const answer = unwrapEngine(
      await ctx.engine.send<{ ok: true; state: { sha: string; previous: string } }>(
        'PUT',
        '/api/slippage/config',
        input,
        actorOf(ctx.user),
      ),
    );
    return { sha: answer.state.sha, previous: answer.state.previous };
  }),
});
