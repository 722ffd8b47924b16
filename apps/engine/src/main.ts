import { createLocalBus, createRedisBus } from '@kavach/bus';
import type { Bus } from '@kavach/bus';
import { createLogger, loadEnv, stopOnSignals } from '@kavach/config';
import { appendAudit, createDb, saveConfigVersion } from '@kavach/db';
import { istDate, nseCalendar2026 } from '@kavach/domain';
import {
  connectAlertsToBus,
  createAlertChannels,
  createAlerts,
  createTelegramApiFor,
  createTelegramCommandHandler,
  createTelegramControlPort,
  readAlertSettings,
  startTelegramCommands,
} from './alerts';
import { createAutoPause } from './control/auto-pause';
import { createControlApi } from './control/control-api';
import { createDbControlStore } from './control/db-control-store';
import { createKillSwitch } from './control/kill-switch';
import { createTradingModeService } from './control/trading-mode';
import type { TradingMode } from './control/trading-mode';
import { createTradingStateService } from './control/trading-state';
import { createTradingEngine } from './engine/create-trading-engine';
import { describeComponents } from './engine/describe-components';
import { describeEngine } from './engine/describe-engine';
import { createEodScheduler } from './eod/eod-scheduler';
import { createBusPublisher } from './events/bus-publisher';
import { createEventSink } from './events/event-sink';
import { createSignalExecutor } from './execute-signal/execute-signal';
import { buildEngineServer, resolveEngineToken } from './http';
import { createSystemMetrics } from './http/system-metrics';
import { createInstrumentCache } from './instruments';
import { loadEngineConfig } from './engine/load-engine-config';
import { createEngineMetrics } from './metrics/engine-metrics';
import { restoreOpenGroups } from './oco/restore-groups';
import { readDailyResults } from './portfolio/daily-results';
import { createSlippageApi, loadSlippageConfig } from './slippage/slippage-api';
import { createSlippageManager } from './slippage/slippage-manager';
import { createTradingViewWebhook } from './webhooks';
import { createReconciler } from './reconciliation/reconciler';
import { createReconciliationApi } from './reconciliation/reconciliation-api';
import { connectVenue } from './venue/connect-venue';
import { createOrderVenues } from './venue/order-venues';
import { createPaperOnKite } from './venue/paper-on-kite';

/** Composition root: configuration, storage, venue, services, HTTP. */
async function main(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger('engine', env.LOG_LEVEL);
  const calendar = nseCalendar2026;

  const trading = await loadEngineConfig(env.TRADING_CONFIG, logger);
  if (!trading.ok) {
    throw new Error(
      `trading config ${env.TRADING_CONFIG} is invalid:\n  ${trading.errors.join('\n  ')}`,
    );
  }
  const { config, sha: configSha } = trading;

  const db = createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  const migrations = await db.migrate();
  logger.info({ db: db.kind, migrations }, 'database ready');
  await saveConfigVersion(db.prisma, {
    sha: configSha,
    kind: 'trading',
    canonicalJson: trading.canonicalJson,
    createdBy: 'engine',
  });

  const venue = await connectVenue(env, logger);
  const { clock, broker } = venue;
  const startedAt = clock.now();
  await appendAudit(db.prisma, {
    actorType: 'SYSTEM',
    actor: 'engine',
    action: 'engine.started',
    entity: 'engine',
    payload: { mode: env.TRADING_MODE, db: db.kind, venue: venue.kind, configSha },
    at: new Date(startedAt),
  });

  const metrics = createEngineMetrics();
  const bus: Bus =
    env.REDIS_URL === undefined
      ? createLocalBus({ logger })
      : createRedisBus({ url: env.REDIS_URL, logger });
  const publisher = createBusPublisher(bus, logger);
  const events = createEventSink({ publisher, prisma: db.prisma, clock, logger, metrics });
  const store = createDbControlStore(db);

  const instruments = createInstrumentCache({ db, broker, clock, logger });
  const refreshed = await instruments.refreshIfStale();
  if (!refreshed.ok) {
    logger.error({ error: refreshed.error }, 'instrument master not refreshed');
    await instruments.load();
  }

  const tradingState = createTradingStateService({ store, clock, events, logger });
  await tradingState.load();
  const eodTimes = {
    noNewEntriesAfter: config.eod.noNewEntriesAfter,
    squareOffAt: config.eod.squareOffAt,
  };

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
      tradingState
        .pause({ type: 'SYSTEM', name: 'slippage' }, `slippage: ${detail}`, 'SLIPPAGE')
        .catch((error: unknown) => {
          logger.error({ error }, 'pause failed');
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
    configSha,
    instruments,
    tradingState: () => tradingState.current().state,
    entriesAllowed: (now) => eod.entriesAllowed(now),
    instrumentBlocked: (token) => reconciler.isBlocked(token),
    onRiskChanged: () => {
      autoPause.check().catch((error: unknown) => {
        logger.error({ error }, 'auto-pause failed');
      });
    },
    onSessionExpired: (message) => {
      events.risk('SESSION_EXPIRED', 'CRITICAL', message, {});
      tradingState
        .pause(
          { type: 'SYSTEM', name: 'broker' },
          `Kite session expired: ${message}`,
          'SESSION_EXPIRED',
        )
        .catch((error: unknown) => {
          logger.error({ error }, 'pause failed');
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
  });
  const eod = createEodScheduler({
    clock,
    calendar,
    ...eodTimes,
    flatten: engine.flattener,
    events,
    logger,
    onSquaredOff: (date, report) => {
      readDailyResults(db.prisma, date)
        .then((results) => {
          alerts.sendDailySummary({
            date,
            mode: tradingMode.current().mode,
            ...results,
            openPositions: report.remainingPositions,
          });
        })
        .catch((error: unknown) => {
          logger.error({ error }, 'daily summary not sent');
        });
    },
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

  const restored = await restoreOpenGroups({
    prisma: db.prisma,
    oco: engine.oco,
    venues,
    clock,
    logger,
    instrumentOf: instruments.byToken,
  });
  // Before any new entry: a failed start-up reconciliation keeps the engine PAUSED, saying why.
  const startup = await reconciler.run('STARTUP');
  if (startup.lastRun?.outcome === 'FAILED') {
    await tradingState.pause(
      { type: 'SYSTEM', name: 'reconciliation' },
      `start-up reconciliation failed: ${startup.lastRun.error ?? 'no reason given'}`,
      'RECONCILIATION',
    );
  }
  await engine.start();
  eod.start(1_000);
  reconciler.start(30_000);

  const describe = describeEngine({
    clock,
    startedAt,
    calendar,
    configSha,
    venue,
    engine,
    tradingState,
    tradingMode,
    killSwitch,
    eod,
    restored,
    reconciliation: reconciler.status,
  });
  const alertSettings = readAlertSettings(env);
  const alerts = createAlerts({
    prisma: db.prisma,
    clock,
    logger,
    channels: createAlertChannels(alertSettings),
  });
  const stopAlertsOnBus = await connectAlertsToBus(bus, alerts);
  // A message that went round the bus proves it works end to end (Redis included).
  let lastBusMessageAt: number | null = null;
  const busSeen = () => {
    lastBusMessageAt = clock.now();
  };
  const stopBusSeen = await Promise.all([
    bus.subscribe('events', busSeen),
    bus.subscribe('orders', busSeen),
    bus.subscribe('risk', busSeen),
  ]);

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
    secrets: env.TRADINGVIEW_WEBHOOK_SECRETS,
    intake,
  });
  const controlApi = createControlApi({
    tradingState,
    killSwitch,
    tradingMode,
    session: { current: venue.session, renew: venue.renewSession },
  });
  const telegram =
    alertSettings.telegram === null
      ? null
      : startTelegramCommands({
          api: createTelegramApiFor(alertSettings.telegram),
          logger,
          handler: createTelegramCommandHandler({
            chatIds: alertSettings.telegram.chatIds,
            clock,
            logger,
            port: createTelegramControlPort({
              control: controlApi,
              status: () => Promise.resolve(describe.summary()),
            }),
          }),
        });

  const system = createSystemMetrics({ dataDir: env.DATA_DIR });
  const token = await resolveEngineToken({ envToken: env.ENGINE_API_TOKEN, dataDir: env.DATA_DIR });
  const server = buildEngineServer({
    api: {
      ...controlApi,
      ...createSlippageApi({ prisma: db.prisma, manager: slippage, store, clock }),
      executeSignal: async (_actor, body, receivedAt) => {
        const reply = await executor.execute(body, receivedAt);
        return { status: reply.httpStatus, body: reply.body };
      },
      tradingViewWebhook: (strategyId, body, remoteAddress) =>
        webhook.handle(strategyId, body, remoteAddress),
      status: async () => {
        const pingedAt = clock.now();
        const started = performance.now();
        const ok = await db.prisma.$queryRaw`SELECT 1`.then(
          () => true,
          () => false,
        );
        return {
          ...describe.status(),
          components: describeComponents({
            now: clock.now(),
            marketOpen: calendar.isMarketOpen(clock.now()),
            session: venue.session(),
            lastBrokerEventAt: engine.lastBrokerEventAt(),
            marketData: engine.marketData(),
            bus: { stats: bus.stats(), lastPublishedAt: lastBusMessageAt },
            database: { ok, at: pingedAt, ms: Math.round(performance.now() - started) },
            reconciliation: reconciler.status(),
            slippage: slippage.status(),
            trading: tradingState.current(),
          }),
          slippage: slippage.status(),
          queuedEntries: (await engine.rejections?.queued()) ?? 0,
          alerts: {
            telegram: alertSettings.telegram !== null,
            email: alertSettings.email !== null,
            webhook: alertSettings.webhookUrl !== null,
          },
        };
      },
      risk: () => Promise.resolve(describe.risk()),
      health: async () => {
        const database = await db.prisma.$queryRaw`SELECT 1`.then(
          () => true,
          () => false,
        );
        return { ok: database, details: { ...describe.health(), database } };
      },
      receivePostback: (body) => broker.receivePostback(body),
      ...createReconciliationApi(reconciler, db.prisma),
      systemMetrics: async () => ({ ...(await system.read()) }),
    },
    token: token.token,
    metrics,
    audit: store,
    clock,
    calendar,
    logger,
  });
  await server.listen({ host: env.ENGINE_HOST, port: env.ENGINE_PORT });
  logger.info(
    {
      url: `http://${env.ENGINE_HOST}:${env.ENGINE_PORT}`,
      token: token.source,
      tokenFile: token.path,
    },
    'engine API ready',
  );

  stopOnSignals(async (signal) => {
    eod.stop();
    reconciler.stop();
    await telegram?.stop();
    await stopAlertsOnBus();
    for (const off of stopBusSeen) await off();
    await alerts.stop();
    system.stop();
    await server.close();
    await engine.stop();
    venue.stop();
    await tradingState.flush();
    await appendAudit(db.prisma, {
      actorType: 'SYSTEM',
      actor: 'engine',
      action: 'engine.stopped',
      entity: 'engine',
      payload: { signal },
      at: new Date(clock.now()),
    });
    await bus.close();
    await db.close();
  }, logger);
}

main().catch((error: unknown) => {
  // Start-up failures (bad env, bad config, unreachable database or venue) must be loud and final.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
