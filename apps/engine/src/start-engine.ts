import { setTimeout as sleep } from 'node:timers/promises';
import { createBus } from '@kavach/bus';
import type { Bus } from '@kavach/bus';
import { createLogger, resolveSecret, systemClock } from '@kavach/config';
import type { Env, Logger } from '@kavach/config';
import {
  appendAudit,
  createDb,
  readKiteSession,
  saveConfigVersion,
  saveKiteSession,
} from '@kavach/db';
import type { Db } from '@kavach/db';
import type { Clock } from '@kavach/domain';
import { nseCalendar2026 } from '@kavach/domain';
import { connectAlertsToBus } from './alerts';
import { composeServices } from './engine/compose-services';
import type { EngineServices } from './engine/compose-services';
import { describeEngine } from './engine/describe-engine';
import { loadEngineConfig } from './engine/load-engine-config';
import { createRollback } from './engine/rollback';
import type { Rollback } from './engine/rollback';
import { serveApi } from './engine/serve-api';
import { watchBus } from './engine/watch-bus';
import type { ResolvedEngineToken } from './http';
import { createEngineMetrics } from './metrics/engine-metrics';
import { loadStartupTradingConfig } from './trading-config/trading-config-store';
import { restoreOpenGroups } from './oco/restore-groups';
import type { RestoreSummary } from './oco/restore-groups';
import { connectVenue } from './venue/connect-venue';
import type { KiteSessionSecret } from './venue/connect-venue';
import { lastKiteSessionExpiry } from './venue/kite-session-expiry';
import { takeEngineLease } from './lease/take-engine-lease';
import type { LeaseTiming, TakenLease } from './lease/take-engine-lease';

/** How long a stopping engine waits for PostgreSQL to take the records kept while it was away. */
const KEPT_WRITES_DRAIN_MS = 3_000;

/** How long an engine that lost its lease may take to stop before it is told to exit anyway. */
const LEASE_LOST_STOP_MS = 10_000;

export interface StartEngineOptions {
  /** The parsed environment (loadEnv, or parseEnv for an explicit source). */
  readonly env: Env;
  /** Default: the engine's own JSON logger at LOG_LEVEL. */
  readonly logger?: Logger;
  /**
   * A database the caller owns, e.g. the one PGlite every part of the process shares. The
   * engine still migrates it (idempotent) and never closes it. Without one the engine opens
   * its own (DATABASE_URL, else PGlite under DATA_DIR) and closes it on stop.
   */
  readonly db?: Db;
  /** A bus the caller owns, never closed here. Default: the engine's own (Redis when REDIS_URL). */
  readonly bus?: Bus;
  /** Lease timing on PostgreSQL (tests shorten it). */
  readonly lease?: LeaseTiming;
  /** Aborts the wait of a standby engine (start-up then rejects). */
  readonly signal?: AbortSignal;
  /**
   * After the engine lost its lease and stopped itself (another engine trades the account now).
   * The process should exit so its supervisor restarts it as a standby.
   */
  readonly onLeaseLost?: (reason: string) => void;
}

export interface RunningEngine {
  /** The engine API's root, e.g. http://127.0.0.1:8000. */
  readonly url: string;
  /** The engine API's bearer token. */
  readonly token: string;
  /** env: ENGINE_API_TOKEN; generated: written now; stored: read from an earlier start. */
  readonly tokenSource: ResolvedEngineToken['source'];
  /** The token file when one is used (null with ENGINE_API_TOKEN). */
  readonly tokenPath: string | null;
  readonly bus: Bus;
  readonly db: Db;
  /**
   * Stops the engine and records why (`engine.stopped`); closes the database and the bus only
   * when the engine opened them. A second call returns the first call's promise.
   */
  readonly stop: (reason: string) => Promise<void>;
}

/**
 * The engine: configuration, storage, venue, services, HTTP. Resolves once the API listens;
 * rejects (having released whatever it started) on a bad trading config, an unreachable
 * database or venue, a port in use.
 */
export async function startEngine(options: StartEngineOptions): Promise<RunningEngine> {
  const logger = options.logger ?? createLogger('engine', options.env.LOG_LEVEL);
  const rollback = createRollback(logger);
  try {
    return await assemble(options, logger, rollback);
  } catch (error) {
    await rollback.run();
    throw error;
  }
}

/** What stop() has to stop; stopEngine decides the order. */
interface EngineParts {
  readonly services: EngineServices;
  readonly db: Db;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly stops: {
    readonly telegram: (() => Promise<void>) | null;
    readonly alertsOnBus: () => Promise<void>;
    readonly busWatch: () => Promise<void>;
    readonly system: () => void;
    readonly server: () => Promise<void>;
    readonly venue: () => void;
  };
  /** Set for what the engine opened itself: the caller closes what it passed in. */
  readonly owns: { readonly db: boolean; readonly bus: boolean };
}

/** Start-up in the order it has always run; each part registers its undo as it starts. */
async function assemble(
  options: StartEngineOptions,
  logger: Logger,
  rollback: Rollback,
): Promise<RunningEngine> {
  const { env } = options;
  const calendar = nseCalendar2026;
  const owns = { db: options.db === undefined, bus: options.bus === undefined };
  const { db, trading, tradingConfig } = await openStorage(options, logger, rollback);
  const { config, sha: configSha } = trading;

  const lease = await takeEngineLease({
    env,
    db,
    logger,
    ...(options.lease === undefined ? {} : { timing: options.lease }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  rollback.add(() => lease.held?.release());
  const sessions = await openSessionStore(env, db);
  const venue = await connectVenue(env, logger, {
    mayWrite: lease.mayWrite,
    storedSession: await sessions.read(),
    onSessionCreated: sessions.save,
  });
  rollback.add(() => {
    venue.stop();
  });
  const { clock } = venue;
  const startedAt = clock.now();
  await appendAudit(db.prisma, {
    actorType: 'SYSTEM',
    actor: 'engine',
    action: 'engine.started',
    entity: 'engine',
    payload: { mode: env.TRADING_MODE, db: db.kind, venue: venue.kind, configSha },
    at: new Date(startedAt),
  });
  if (lease.held !== null) await auditLeaseTaken(db, lease, startedAt);

  const metrics = createEngineMetrics();
  const bus = options.bus ?? createBus({ redisUrl: env.REDIS_URL, logger });
  if (owns.bus) rollback.add(() => bus.close());
  const services = await composeServices({
    env,
    logger,
    config,
    configSha,
    calendar,
    db,
    bus,
    venue,
    metrics,
  });
  rollback.add(() => services.alerts.stop());
  metrics.refreshOnRender(() => {
    metrics.setKiteSessionValid(venue.session().valid);
    const last = services.reconciler.status().lastRun;
    metrics.setReconciliation(last?.outcome === 'CLEAN', last?.at ?? null);
  });
  const restored = await startTrading(services, { db, clock, logger }, rollback);

  const describe = describeEngine({
    clock,
    startedAt,
    calendar,
    configSha,
    venue,
    engine: services.engine,
    tradingState: services.tradingState,
    tradingMode: services.tradingMode,
    killSwitch: services.killSwitch,
    eod: services.eod,
    restored,
    lease:
      lease.held === null
        ? null
        : { holder: lease.holder, epoch: lease.held.epoch, waitedMs: lease.waitedMs },
    reconciliation: services.reconciler.status,
  });
  const stopAlertsOnBus = await connectAlertsToBus(bus, services.alerts);
  rollback.add(stopAlertsOnBus);
  const busWatch = await watchBus(bus, clock);
  rollback.add(busWatch.stop);
  const served = await serveApi(
    { env, logger, calendar, db, bus, venue, metrics, services, describe, busWatch, tradingConfig },
    rollback,
  );

  const parts: EngineParts = {
    services,
    db,
    bus,
    clock,
    owns,
    stops: {
      ...served.stops,
      alertsOnBus: stopAlertsOnBus,
      busWatch: busWatch.stop,
      venue: () => {
        venue.stop();
      },
    },
  };
  let stopping: Promise<void> | undefined;
  const stop = (reason: string) => (stopping ??= stopEngine(parts, reason, lease));
  lease.held?.onLost((reason) => {
    metrics.setLeaseHeld(false);
    logger.fatal({ reason }, 'engine lease lost: no more orders from this engine; stopping');
    // The stop writes to PostgreSQL, which may be what is unreachable: give it a deadline, so
    // the process still exits and its supervisor restarts it as a standby.
    const stopped = stop(`lease lost: ${reason}`).catch((error: unknown) => {
      logger.error({ err: error }, 'the stop after losing the lease did not finish cleanly');
    });
    void Promise.race([stopped, sleep(LEASE_LOST_STOP_MS)]).finally(() =>
      options.onLeaseLost?.(reason),
    );
  });
  return {
    url: served.url,
    token: served.token.token,
    tokenSource: served.token.source,
    tokenPath: served.token.path,
    bus,
    db,
    stop,
  };
}

/**
 * The trading config file first (a bad one stops start-up before anything opens), then the
 * database, then the config to run on: the file's, or a newer one stored from the dashboard.
 */
async function openStorage(options: StartEngineOptions, logger: Logger, rollback: Rollback) {
  const { env } = options;
  const file = await readTradingConfig(env.TRADING_CONFIG, logger);
  const db = options.db ?? createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  if (options.db === undefined) rollback.add(() => db.close());
  if (env.MIGRATE_ON_START) {
    const migrations = await db.migrate();
    logger.info({ db: db.kind, migrations }, 'database ready');
  } else {
    const pending = await db.pendingMigrations();
    if (pending.length > 0) {
      throw new Error(
        `the database lacks ${pending.length} migration(s) (${pending.join(', ')}): run \`pnpm db:migrate\` first, or set MIGRATE_ON_START=true`,
      );
    }
    logger.info({ db: db.kind }, 'database ready (migrations checked, none pending)');
  }
  const { built: trading, inForce: tradingConfig } = await loadStartupTradingConfig(
    db.prisma,
    file,
    env.TRADING_CONFIG,
    logger,
  );
  await saveConfigVersion(db.prisma, {
    sha: trading.sha,
    kind: 'trading',
    canonicalJson: trading.canonicalJson,
    createdBy: 'engine',
  });
  return { db, trading, tradingConfig };
}

/** The trading config, or a start-up error naming every bad field. */
async function readTradingConfig(path: string, logger: Logger) {
  const trading = await loadEngineConfig(path, logger);
  if (!trading.ok) {
    throw new Error(`trading config ${path} is invalid:\n  ${trading.errors.join('\n  ')}`);
  }
  return trading;
}

/** Takes up the open brackets, reconciles, then lets the engine, EOD and reconciler run. */
async function startTrading(
  services: EngineServices,
  deps: { readonly db: Db; readonly clock: Clock; readonly logger: Logger },
  rollback: Rollback,
): Promise<RestoreSummary> {
  const { engine, reconciler, tradingState, eod } = services;
  const restored = await restoreOpenGroups({
    prisma: deps.db.prisma,
    oco: engine.oco,
    venues: services.venues,
    clock: deps.clock,
    logger: deps.logger,
    instrumentOf: services.instruments.byToken,
    // The day so far (open brackets, today's closed trades) in the risk book before any entry.
    beforeCatchUp: () => engine.restoreDay(),
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
  rollback.add(() => engine.stop());
  eod.start(1_000);
  rollback.add(() => {
    eod.stop();
  });
  reconciler.start(30_000);
  rollback.add(() => {
    reconciler.stop();
  });
  return restored;
}

/**
 * New work stops first (timers, commands, the API), then the engine settles its orders and
 * positions, the state is written and the stop is recorded; storage and bus close last.
 */
async function stopEngine(parts: EngineParts, reason: string, lease: TakenLease): Promise<void> {
  const { services, stops } = parts;
  services.eod.stop();
  services.reconciler.stop();
  await stops.telegram?.();
  await stops.alertsOnBus();
  await stops.busWatch();
  await services.alerts.stop();
  stops.system();
  await stops.server();
  await services.engine.stop();
  stops.venue();
  await services.tradingState.flush();
  await services.records.settled();
  const stopped = {
    actorType: 'SYSTEM' as const,
    actor: 'engine',
    action: 'engine.stopped',
    entity: 'engine',
    // `signal` as the record has always named it: the process passes the signal's name.
    payload: { signal: reason },
    at: new Date(parts.clock.now()),
  };
  await services.writes.write('audit engine.stopped', () => appendAudit(parts.db.prisma, stopped));
  // What PostgreSQL has not taken by now is lost with the process: the log names each record.
  await Promise.race([services.writes.drained(), sleep(KEPT_WRITES_DRAIN_MS)]);
  services.writes.stop();
  // Last, so a standby takes over an engine that has finished with its orders.
  await lease.held?.release();
  if (parts.owns.bus) await parts.bus.close();
  if (parts.owns.db) await parts.db.close();
}

/** Who trades the account from now on, with the epoch that fences the one before. */
async function auditLeaseTaken(db: Db, lease: TakenLease, at: number): Promise<void> {
  await appendAudit(db.prisma, {
    actorType: 'SYSTEM',
    actor: 'engine',
    action: 'engine.lease.acquired',
    entity: 'engine_lease',
    entityId: lease.held?.account ?? null,
    payload: {
      holder: lease.holder,
      epoch: lease.held?.epoch ?? null,
      waitedMs: lease.waitedMs,
      previousHolder: lease.previous?.holder ?? null,
    },
    at: new Date(at),
  });
}

/**
 * Today's Kite session, sealed in the database: what a dashboard login gave one engine, the
 * next one (restarted, or the standby taking over) trades on.
 */
async function openSessionStore(env: Env, db: Db) {
  const key = await resolveSecret({
    name: 'DATA_ENCRYPTION_KEY',
    envValue: env.DATA_ENCRYPTION_KEY,
    dataDir: env.DATA_DIR,
    file: 'data-encryption-key',
    minLength: 32,
  });
  const account = env.KITE_API_KEY;
  return {
    read: async (): Promise<KiteSessionSecret | null> => {
      const expiry = new Date(lastKiteSessionExpiry(systemClock.now()));
      return readKiteSession(db.prisma, account, key.value, expiry);
    },
    save: async (session: KiteSessionSecret): Promise<void> => {
      await saveKiteSession(
        db.prisma,
        { account, ...session, createdAt: new Date(systemClock.now()) },
        key.value,
      );
    },
  };
}
