import { atIst, istDate } from '@kavach/domain';
import { readWorkingOrders } from '../../read-model/orders';
import { readRealisedSeries } from '../../read-model/pnl-series';
import { readOpenPositions } from '../../read-model/positions';
import { readLatestSignals } from '../../read-model/signals';
import { unwrapEngine } from '../engine-call';
import type { EngineStatus } from '../engine-status';
import { router, viewerProcedure } from '../init';

export const overviewRouter = router({
  /** Everything the overview shows, in one round trip; live updates come over the socket. */
  get: viewerProcedure.query(async ({ ctx }) => {
    const status = unwrapEngine(await ctx.engine.get<EngineStatus>('/status/all'));
    // The engine's clock: on kite-sim it is the simulated session's, not the wall clock.
    const dayStart = atIst('00:00', istDate(status.now));
    const [positions, orders, signals, realised] = await Promise.all([
      readOpenPositions(ctx.prisma),
      readWorkingOrders(ctx.prisma),
      readLatestSignals(ctx.prisma, 10),
      readRealisedSeries(ctx.prisma, dayStart),
    ]);
    return { status, positions, orders, signals, realised, readAt: ctx.now() };
  }),
  /** The engine's own status only: small enough to poll for the header badges. */
  status: viewerProcedure.query(async ({ ctx }) =>
    unwrapEngine(await ctx.engine.get<EngineStatus>('/status/all')),
  ),
});
