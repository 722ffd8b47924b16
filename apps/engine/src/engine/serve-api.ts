import type { Bus } from '@kavach/bus';
import type { Env, Logger } from '@kavach/config';
import type { Db } from '@kavach/db';
import type { MarketCalendar } from '@kavach/domain';
import { createControlApi } from '../control/control-api';
import { buildEngineServer, resolveEngineToken } from '../http';
import type { ResolvedEngineToken } from '../http';
import { createSystemMetrics } from '../http/system-metrics';
import type { EngineMetrics } from '../metrics/engine-metrics';
import type { Venue } from '../venue/connect-venue';
import { buildEngineApi } from './build-engine-api';
import type { EngineServices } from './compose-services';
import type { describeEngine } from './describe-engine';
import type { TradingConfigInForce } from '../trading-config/trading-config-store';
import type { Rollback } from './rollback';
import { startTelegram } from './start-telegram';
import { createStatusAll } from './status-all';
import type { BusWatch } from './watch-bus';

export interface ServeApiDeps {
  readonly env: Env;
  readonly logger: Logger;
  readonly calendar: MarketCalendar;
  readonly db: Db;
  readonly bus: Bus;
  readonly venue: Venue;
  readonly metrics: EngineMetrics;
  readonly services: EngineServices;
  readonly describe: ReturnType<typeof describeEngine>;
  readonly busWatch: BusWatch;
  readonly tradingConfig: TradingConfigInForce;
}

export interface ServedApi {
  readonly url: string;
  readonly token: ResolvedEngineToken;
  /** What stop() ends, each in its place in the stop order. */
  readonly stops: {
    readonly telegram: (() => Promise<void>) | null;
    readonly system: () => void;
    readonly server: () => Promise<void>;
  };
}

/** The ways in: Telegram commands when configured, and the HTTP API, listening on return. */
export async function serveApi(deps: ServeApiDeps, rollback: Rollback): Promise<ServedApi> {
  const { env, logger, calendar, db, venue, services, describe } = deps;
  const { clock } = venue;
  const control = createControlApi({
    tradingState: services.tradingState,
    killSwitch: services.killSwitch,
    tradingMode: services.tradingMode,
    session: { current: venue.session, renew: venue.renewSession },
  });
  const telegram = startTelegram(services.alertSettings, {
    control,
    status: describe.summary,
    clock,
    logger,
  });
  if (telegram !== null) rollback.add(() => telegram.stop());

  const system = createSystemMetrics({ dataDir: env.DATA_DIR });
  rollback.add(() => {
    system.stop();
  });
  const token = await resolveEngineToken({ envToken: env.ENGINE_API_TOKEN, dataDir: env.DATA_DIR });
  const status = createStatusAll({
    calendar,
    db,
    bus: deps.bus,
    venue,
    services,
    describe,
    lastBusMessageAt: deps.busWatch.lastMessageAt,
  });
  const server = buildEngineServer({
    api: buildEngineApi({
      env,
      logger,
      db,
      venue,
      services,
      control,
      describe,
      status,
      system,
      tradingConfig: deps.tradingConfig,
    }),
    token: token.token,
    metrics: deps.metrics,
    audit: services.store,
    clock,
    calendar,
    logger,
  });
  rollback.add(() => server.close());
  await server.listen({ host: env.ENGINE_HOST, port: env.ENGINE_PORT });
  const url = `http://${env.ENGINE_HOST}:${env.ENGINE_PORT}`;
  logger.info({ url, token: token.source, tokenFile: token.path }, 'engine API ready');
  return {
    url,
    token,
    stops: {
      telegram: telegram === null ? null : () => telegram.stop(),
      system: () => {
        system.stop();
      },
      server: () => server.close(),
    },
  };
}
