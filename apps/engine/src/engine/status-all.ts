import { performance } from 'node:perf_hooks';
import type { Bus } from '@kavach/bus';
import type { Db } from '@kavach/db';
import type { MarketCalendar } from '@kavach/domain';
import type { AlertSettings } from '../alerts';
import type { Venue } from '../venue/connect-venue';
import type { EngineServices } from './compose-services';
import { describeComponents } from './describe-components';
import type { describeEngine } from './describe-engine';

/** True when the database answers a trivial query; never throws (health must always answer). */
export function pingDatabase(db: Db): Promise<boolean> {
  return db.prisma.$queryRaw`SELECT 1`.then(
    () => true,
    () => false,
  );
}

export interface StatusAllDeps {
  readonly calendar: MarketCalendar;
  readonly db: Db;
  readonly bus: Bus;
  readonly venue: Venue;
  readonly services: Pick<
    EngineServices,
    'engine' | 'reconciler' | 'slippage' | 'tradingState' | 'alertSettings' | 'writes'
  >;
  readonly describe: ReturnType<typeof describeEngine>;
  /** When a message last went round the bus (see watchBus). */
  readonly lastBusMessageAt: () => number | null;
}

/** Which alert channels are configured: names only, never their secrets. */
function alertChannels(settings: AlertSettings) {
  return {
    telegram: settings.telegram !== null,
    email: settings.email !== null,
    webhook: settings.webhookUrl !== null,
  };
}

/** GET /status/all: the engine's description plus each component's health, measured now. */
export function createStatusAll(deps: StatusAllDeps): () => Promise<Record<string, unknown>> {
  const { calendar, db, bus, venue, describe } = deps;
  const { engine, reconciler, slippage, tradingState, alertSettings, writes } = deps.services;
  const { clock } = venue;
  return async () => {
    const pingedAt = clock.now();
    const started = performance.now();
    const ok = await pingDatabase(db);
    return {
      ...describe.status(),
      components: describeComponents({
        now: clock.now(),
        marketOpen: calendar.isMarketOpen(clock.now()),
        session: venue.session(),
        lastBrokerEventAt: engine.lastBrokerEventAt(),
        marketData: engine.marketData(),
        bus: { stats: bus.stats(), lastPublishedAt: deps.lastBusMessageAt() },
        database: {
          ok,
          at: pingedAt,
          ms: Math.round(performance.now() - started),
          kept: writes.pending(),
        },
        reconciliation: reconciler.status(),
        slippage: slippage.status(),
        trading: tradingState.current(),
      }),
      slippage: slippage.status(),
      // Stored in PostgreSQL: unknown (null) while it is away; the status still answers.
      queuedEntries: ok ? ((await engine.rejections?.queued().catch(() => null)) ?? 0) : null,
      alerts: alertChannels(alertSettings),
    };
  };
}
