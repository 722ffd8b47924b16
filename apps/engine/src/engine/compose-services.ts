import type { Bus } from '@kavach/bus';
import type { Env, Logger, TradingConfig } from '@kavach/config';
import type { Db } from '@kavach/db';
import type { MarketCalendar } from '@kavach/domain';
import { createAlertChannels, createAlerts, readAlertSettings } from '../alerts';
import type { Alerts } from '../alerts';
import { createAutoPause } from '../control/auto-pause';
import { createDbControlStore } from '../control/db-control-store';
import { createKillSwitch } from '../control/kill-switch';
import { createTradingModeService } from '../control/trading-mode';
import type { TradingMode, TradingModeService } from '../control/trading-mode';
import { createTradingStateService } from '../control/trading-state';
import type { TradingStateService } from '../control/trading-state';
import type { RequestablePauseCode } from '../control/trading-state-model';
import { createEodScheduler } from '../eod/eod-scheduler';
import type { EodScheduler } from '../eod/eod-scheduler';
import { createBusPublisher } from '../events/bus-publisher';
import { createFailpoint } from '../failpoints/create-failpoint';
import { createRecordLog } from '../storage/record-log';
import { createWriteBehind, writeThrough } from '../storage/write-behind';
import { createEventSink } from '../events/event-sink';
import { createInstrumentCache } from '../instruments';
import type { InstrumentCache } from '../instruments';
import type { EngineMetrics } from '../metrics/engine-metrics';
import { readDailyResults } from '../portfolio/daily-results';
import { createReconciler } from '../reconciliation/reconciler';
import { loadSlippageConfig } from '../slippage/slippage-api';
import { createSlippageManager } from '../slippage/slippage-manager';
import type { Strategy } from '../strategies';
import type { Venue } from '../venue/connect-venue';
import { createOrderVenues } from '../venue/order-venues';
import { createPaperOnKite } from '../venue/paper-on-kite';
import { createTradingEngine } from './create-trading-engine';

export interface ComposeServicesDeps {
  readonly env: Env;
  readonly logger: Logger;
  readonly config: TradingConfig;
  readonly configSha: string;
  readonly calendar: MarketCalendar;
  readonly db: Db;
  readonly bus: Bus;
  readonly venue: Venue;
  readonly metrics: EngineMetrics;
  /** Replaces the strategies the config names (benchmarks: a strategy that signals on cue). */
  readonly strategies?: readonly Strategy[];
}

export type EngineServices = Awaited<ReturnType<typeof composeServices>>;

/** A pause asked by the engine itself; it runs in the background, so a failure is only logged. */
function pauseBySystem(
  tradingState: TradingStateService,
  logger: Logger,
  request: { readonly by: string; readonly reason: string; readonly code: RequestablePauseCode },
): void {
  tradingState
    .pause({ type: 'SYSTEM', name: request.by }, request.reason, request.code)
    .catch((error: unknown) => {
      logger.error({ error }, 'pause failed');
    });
}

/** After the EOD square-off: the day's results go out as one alert. */
function dailySummarySender(
  db: Db,
  logger: Logger,
  alerts: () => Alerts,
  tradingMode: () => TradingModeService,
) {
  return (date: string, report: { readonly remainingPositions: number }): void => {
    readDailyResults(db.prisma, date)
      .then((results) => {
        alerts().sendDailySummary({
          date,
          mode: tradingMode().current().mode,
          ...results,
          openPositions: report.remainingPositions,
        });
      })
      .catch((error: unknown) => {
        logger.error({ error }, 'daily summary not sent');
      });
  };
}

/**
 * The engine's services, wired to each other, loaded but not started. Several depend on one
 * another (the engine asks the reconciler and the EOD scheduler, they act on the engine), so
 * each refers to the others through callbacks that run only once everything exists.
 */
export async function composeServices(deps: ComposeServicesDeps) {
  const { env, logger, config, calendar, db, bus, venue, metrics } = deps;
  const { clock, broker } = venue;
  const publisher = createBusPublisher(bus, logger);
  // The embedded database lives in this process: it is never away while the engine runs.
  const writes =
    db.kind === 'pg' ? createWriteBehind({ logger, now: () => clock.now() }) : writeThrough;
  const records = createRecordLog({ prisma: db.prisma, writes });
  const events = createEventSink({ publisher, records, clock, logger, metrics });
  const store = createDbControlStore(db, writes, records);
  const failpoint = createFailpoint(env.ENGINE_FAILPOINT);
  if (env.ENGINE_FAILPOINT !== undefined) {
    logger.warn(
      { failpoint: env.ENGINE_FAILPOINT },
      'ENGINE_FAILPOINT is set: this engine kills itself (SIGKILL) when it reaches that point',
    );
  }

  const instruments = await loadInstruments(
    createInstrumentCache({ db, broker, clock, logger }),
    logger,
  );

  const tradingState = createTradingStateService({ store, clock, events, logger });
  await tradingState.load();

  // PAPER on a real Kite account trades on the in-process paper broker, fed by Kite's ticks;
  // on kite-sim the simulator is the paper venue itself.
  const paper =
    venue.kind === 'KITE'
      ? createPaperOnKite({
          kite: broker,
          clock,
          instruments: config.universe.flatMap((key) => instruments.bySymbol(key) ?? []),
          accountFunds: config.capital,
          marketProtection: config.orders.marketProtectionPct,
        })
      : null;
  let currentMode: () => TradingMode = () => 'PAPER';
  const venues = createOrderVenues({ kite: broker, paper, mode: () => currentMode() });

  const slippage = createSlippageManager({
    prisma: db.prisma,
    clock,
    logger,
    initial: await loadSlippageConfig(db.prisma, store),
    onBreachLimit: (detail) => {
      events.risk('SLIPPAGE_BREACH', 'CRITICAL', `entries paused: ${detail}`, {});
      pauseBySystem(tradingState, logger, {
        by: 'slippage',
        reason: `slippage: ${detail}`,
        code: 'SLIPPAGE',
      });
    },
    abandonEntry: (groupId, reason) => {
      engine.oco.abandonEntry(groupId, reason).catch((error: unknown) => {
        logger.error({ error, groupId }, 'entry rest not cancelled');
      });
    },
  });

  const engine = createTradingEngine({
    prisma: db.prisma,
    slippage,
    calendar,
    broker,
    venues,
    bus,
    clock,
    logger,
    metrics,
    config,
    configSha: deps.configSha,
    instruments,
    failpoint,
    writes,
    tradingState: () => tradingState.current().state,
    entriesAllowed: (now) => eod.entriesAllowed(now),
    instrumentBlocked: (token) => reconciler.isBlocked(token),
    statements: db.statements,
    ...(deps.strategies === undefined ? {} : { strategies: deps.strategies }),
    onRiskChanged: () => {
      autoPause.check().catch((error: unknown) => {
        logger.error({ error }, 'auto-pause failed');
      });
    },
    onSessionExpired: (message) => {
      events.risk('SESSION_EXPIRED', 'CRITICAL', message, {});
      pauseBySystem(tradingState, logger, {
        by: 'broker',
        reason: `Kite session expired: ${message}`,
        code: 'SESSION_EXPIRED',
      });
    },
  });
  const reconciler = createReconciler({
    prisma: db.prisma,
    oco: engine.oco,
    venues,
    clock,
    logger,
    events,
    product: config.orders.product,
    instrumentIdOf: instruments.idOf,
  });
  const killSwitch = createKillSwitch({
    tradingState,
    flatten: engine.flattener,
    store,
    events,
    clock,
    logger,
    failpoint,
  });
  const eod: EodScheduler = createEodScheduler({
    clock,
    calendar,
    noNewEntriesAfter: config.eod.noNewEntriesAfter,
    squareOffAt: config.eod.squareOffAt,
    flatten: engine.flattener,
    events,
    logger,
    failpoint,
    onSquaredOff: dailySummarySender(
      db,
      logger,
      () => alerts,
      () => tradingMode,
    ),
  });
  const tradingMode = createTradingModeService({
    store,
    clock,
    events,
    logger,
    configured: env.TRADING_MODE,
    allowLive: env.ALLOW_LIVE,
    session: { kiteSession: venue.session },
    reconciliation: { lastStatus: reconciler.lastStatus },
    risk: { snapshot: engine.riskSnapshot },
  });
  await tradingMode.load();
  currentMode = () => tradingMode.current().mode;
  const autoPause = createAutoPause({
    risk: { snapshot: engine.riskSnapshot },
    tradingState,
    events,
    logger,
    session: { kiteSession: venue.session },
  });

  const alertSettings = readAlertSettings(env);
  const alerts = createAlerts({
    prisma: db.prisma,
    clock,
    logger,
    channels: createAlertChannels(alertSettings),
  });

  return {
    writes,
    records,
    events,
    store,
    instruments,
    venues,
    tradingState,
    slippage,
    engine,
    reconciler,
    killSwitch,
    eod,
    tradingMode,
    alertSettings,
    alerts,
  };
}

/** The instrument master, refreshed when stale; a failed refresh falls back to what is stored. */
async function loadInstruments(
  instruments: InstrumentCache,
  logger: Logger,
): Promise<InstrumentCache> {
  const refreshed = await instruments.refreshIfStale();
  if (!refreshed.ok) {
    logger.error({ error: refreshed.error }, 'instrument master not refreshed');
    await instruments.load();
  }
  return instruments;
}
