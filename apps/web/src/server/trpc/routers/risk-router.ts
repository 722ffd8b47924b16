import { z } from 'zod';
import { cursorInput, directionInput } from '../../read-model/cursor';
import { readRiskEvents } from '../../read-model/risk-events';
import { unwrapEngine } from '../engine-call';
import type { EngineRiskStatus } from '../engine-views';
import { router, viewerProcedure } from '../init';

const shareOf = (used: number, limit: number) => (limit > 0 ? used / limit : null);

/** Each limit beside its use (paise); a share of 1 is where the engine stops new entries. */
function toRiskView(risk: EngineRiskStatus) {
  const pnlToday = risk.realisedPnlToday + risk.unrealisedPnlToday;
  return {
    limits: {
      capital: risk.capital,
      heatLimit: risk.heatLimit,
      dailyLossLimit: risk.dailyLossLimit,
      maxOpenPositions: risk.maxOpenPositions,
    },
    usage: {
      pnlToday,
      realisedPnlToday: risk.realisedPnlToday,
      openRisk: risk.openRisk,
      heatUsed: shareOf(risk.openRisk, risk.heatLimit),
      dailyLoss: Math.max(0, -pnlToday),
      dailyLossUsed: shareOf(Math.max(0, -pnlToday), risk.dailyLossLimit),
      openPositions: risk.openPositions,
      positionsUsed: shareOf(risk.openPositions, risk.maxOpenPositions),
      workingOrders: risk.workingOrders,
    },
    tradingState: risk.trading.state,
    pauseReasons: risk.trading.reasons,
    halt: risk.trading.halt,
    entriesAllowed: risk.entriesAllowed,
  };
}

export const riskRouter = router({
  /** Limits and how much of each is used, from the engine (its numbers are the ones in force). */
  status: viewerProcedure.query(async ({ ctx }) =>
    toRiskView(unwrapEngine(await ctx.engine.get<EngineRiskStatus>('/api/risk/status'))),
  ),
  /** Risk events, newest first, paged. */
  events: viewerProcedure
    .input(
      z.strictObject({
        status: z.enum(['ALL', 'OPEN', 'RESOLVED']).default('ALL'),
        severity: z.enum(['INFO', 'WARNING', 'CRITICAL']).nullish(),
        limit: z.number().int().min(1).max(100).default(25),
        cursor: cursorInput,
        direction: directionInput,
      }),
    )
    .query(({ ctx, input }) =>
      readRiskEvents(ctx.prisma, {
        status: input.status,
        severity: input.severity ?? null,
        limit: input.limit,
        cursor: input.cursor ?? null,
      }),
    ),
});
