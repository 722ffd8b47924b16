import type { Env, Logger } from '@kavach/config';
import type { Db } from '@kavach/db';
import { istDate } from '@kavach/domain';
import type { ControlApi } from '../control/control-api';
import { createPositionExit } from '../control/exit-position';
import { createSignalExecutor } from '../execute-signal/execute-signal';
import type { EngineApi } from '../http';
import type { SystemMetrics } from '../http/system-metrics';
import { createReconciliationApi } from '../reconciliation/reconciliation-api';
import { createSlippageApi } from '../slippage/slippage-api';
import { createTradingConfigApi } from '../trading-config/trading-config-api';
import type { TradingConfigInForce } from '../trading-config/trading-config-store';
import type { Venue } from '../venue/connect-venue';
import { createTradingViewWebhook } from '../webhooks';
import type { EngineServices } from './compose-services';
import type { describeEngine } from './describe-engine';
import { pingDatabase } from './status-all';

export interface EngineApiDeps {
  readonly env: Pick<Env, 'TRADINGVIEW_WEBHOOK_SECRETS'>;
  readonly logger: Logger;
  readonly db: Db;
  readonly venue: Venue;
  readonly services: Pick<EngineServices, 'engine' | 'slippage' | 'store' | 'reconciler'>;
  readonly control: ControlApi;
  readonly describe: ReturnType<typeof describeEngine>;
  readonly status: EngineApi['status'];
  readonly system: { readonly read: () => Promise<SystemMetrics> };
  /** The trading config the engine started on, and where it came from. */
  readonly tradingConfig: TradingConfigInForce;
}

/** What the HTTP server serves: each route's answer from the service that owns it. */
export function buildEngineApi(deps: EngineApiDeps): EngineApi {
  const { logger, db, venue, describe } = deps;
  const { engine, slippage, store, reconciler } = deps.services;
  const { clock, broker } = venue;
  const { intake } = engine;
  const executor = createSignalExecutor({
    intake,
    clock,
    logger,
    options: {
      maxLatencyMs: slippage.limits().maxLatencyMs,
      todayIst: () => istDate(clock.now()),
    },
  });
  const webhook = createTradingViewWebhook({
    prisma: db.prisma,
    clock,
    logger,
    secrets: deps.env.TRADINGVIEW_WEBHOOK_SECRETS,
    intake,
  });
  return {
    ...deps.control,
    ...createSlippageApi({ prisma: db.prisma, manager: slippage, store, clock }),
    ...createTradingConfigApi({ prisma: db.prisma, clock, inForce: deps.tradingConfig }),
    executeSignal: async (_actor, body, receivedAt) => {
      const reply = await executor.execute(body, receivedAt);
      return { status: reply.httpStatus, body: reply.body };
    },
    exitPosition: createPositionExit({
      oco: engine.oco,
      intake,
      hedges: engine.hedges,
      prisma: db.prisma,
      clock,
      logger,
    }),
    tradingViewWebhook: (strategyId, body, remoteAddress) =>
      webhook.handle(strategyId, body, remoteAddress),
    status: deps.status,
    risk: () => Promise.resolve(describe.risk()),
    health: async () => {
      const database = await pingDatabase(db);
      return { ok: database, details: { ...describe.health(), database } };
    },
    receivePostback: (body) => broker.receivePostback(body),
    ...createReconciliationApi(reconciler, db.prisma),
    systemMetrics: async () => ({ ...(await deps.system.read()) }),
  };
}
