import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKiteBroker, KITE_RATE_LIMITS } from '@kavach/broker';
import type { KiteBroker } from '@kavach/broker';
import { createLocalBus } from '@kavach/bus';
import { buildTradingConfig, createLogger, parseEnv } from '@kavach/config';
import { createDb, saveConfigVersion } from '@kavach/db';
import type { Db } from '@kavach/db';
import type { Instrument, Paise } from '@kavach/domain';
import {
  isClosedStatus,
  measureGroupPosition,
  nseCalendar2026,
  VirtualClock,
} from '@kavach/domain';
import { startKiteSimProcess, startPostgres } from '@kavach/testkit';
import type { KiteSimProcess, PostgresServer } from '@kavach/testkit';
import { composeServices } from '../../src/engine/compose-services';
import type { EngineServices } from '../../src/engine/compose-services';
import { createEngineMetrics } from '../../src/metrics/engine-metrics';
import type { Venue } from '../../src/venue/connect-venue';
import { probeBroker } from './broker-probe';
import type { BrokerProbe } from './broker-probe';
import { createCueStrategy } from './bench-strategy';
import type { CueStrategy } from './bench-strategy';
import { chooseLoadUniverse } from './market-load';

/**
 * The engine as `pnpm start` composes it (composeServices: slippage check, risk gates, OCO
 * manager, write-behind records, kill switch) on real PostgreSQL with fsync on, trading kite-sim
 * through the official kiteconnect client and our ticker socket, kite-sim's network latency 0.
 * Only the strategy is the bench's (it signals on cue) and the clock is the bench's: kite-sim's
 * clock is paused and stepped from 09:20 IST, the engine's follows it. The periodic
 * reconciliation and the EOD timer are not started: a fresh session, nothing to restore.
 */
export interface BenchRig {
  readonly sim: KiteSimProcess;
  readonly db: Db;
  readonly services: EngineServices;
  readonly probe: BrokerProbe;
  /** The same Kite session without the probe: the bench's own reads of the book. */
  readonly kite: KiteBroker;
  readonly clock: VirtualClock;
  readonly cue: CueStrategy;
  /** Every instrument the engine subscribed (full mode), stocks first. */
  readonly universe: readonly Instrument[];
  /** The NSE stocks of the universe: what the bench trades. */
  readonly stocks: readonly Instrument[];
  /** Steps kite-sim's clock (one tick frame); the engine's clock follows unless told not to. */
  readonly step: (ms: number, engineFollows?: boolean) => Promise<number>;
  /** The engine's clock to kite-sim's. */
  readonly follow: () => Promise<void>;
  /** A trade at this price (rupees): fills what it crosses, one tick out. */
  readonly setPrice: (instrument: Instrument, rupees: number) => Promise<void>;
  /** A trade one tick over the engine's last price: one tick of this instrument, now. */
  readonly nudge: (instrument: Instrument) => Promise<void>;
  /** Every bracket the engine opened is closed, flat, nothing of it working. */
  readonly allClosed: () => boolean;
  /** Closes every open bracket (flattenGroup) and waits until all are closed and idle. */
  readonly settle: () => Promise<void>;
  /**
   * Waits until Kite's order rate limit has room for `requests` more without queueing: an
   * entry held back by the limiter is acknowledged late, and three late ones pause entries
   * (the slippage manager's latency breach), as they would in a burst.
   */
  readonly roomInRateLimit: (requests: number) => Promise<void>;
  readonly close: () => Promise<void>;
}

export interface BenchRigOptions {
  /** Instruments subscribed in full mode (stocks first, then futures, options nearest the money). */
  readonly instruments: number;
  /** Positions at once; the risk config allows this many. */
  readonly maxPositions: number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  pollMs = 5,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(pollMs);
  }
}

function benchConfig(universe: readonly string[], maxPositions: number) {
  const built = buildTradingConfig({
    capitalRupees: 1_00_00_000,
    universe: [...universe],
    risk: {
      maxOpenPositions: maxPositions,
      portfolioHeatPct: 50,
      perTradeRiskPct: 0.5,
      // One share a bracket: one target each (TP2 needs a second lot), and margin for 50.
      maxQuantityPerOrder: 1,
      maxNotionalPerOrderRupees: 1_00_000,
      entryWindow: { start: '09:15', end: '15:09' },
    },
    scan: { maxSignalsPerCycle: Math.min(100, maxPositions), minScore: 0 },
  });
  if (!built.ok) throw new Error(built.errors.join('; '));
  return built;
}

export async function startBenchRig(options: BenchRigOptions): Promise<BenchRig> {
  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    // fsync and synchronous commit on, as a production server runs: the commit's flush counts.
    const pg: PostgresServer = await startPostgres({ durable: true });
    cleanups.push(() => pg.stop());
    const dataDir = await mkdtemp(join(tmpdir(), 'kavach-bench-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const db = createDb({ databaseUrl: await pg.createDatabase('kavach_bench'), dataDir });
    cleanups.push(() => db.close());
    await db.migrate();

    // Latency 0 said out loud: the figures are the engine's, not a network's.
    const sim = await startKiteSimProcess({ env: { KITE_SIM_LATENCY_MS: '0' } });
    cleanups.push(() => sim.stop());
    await sim.control('/market', { status: 'open' });
    await sim.control('/clock', { paused: true });
    const { sessionDate } = (await sim.inspect('/state')) as { sessionDate: string };
    // Early, with the entry window open to the cut-off: a bench spends a simulated minute a
    // sample, and the latency file takes over five hours of them.
    const opened = (await sim.control('/clock', {
      set: `${sessionDate}T09:20:00+05:30`,
    })) as { now: number };

    const chosen = await chooseLoadUniverse(sim, options.instruments);
    const config = benchConfig(chosen.keys, options.maxPositions);
    await saveConfigVersion(db.prisma, {
      sha: config.sha,
      kind: 'trading',
      canonicalJson: config.canonicalJson,
      createdBy: 'bench',
    });

    const logger = createLogger('bench', 'error');
    const clock = new VirtualClock(opened.now);
    const kite = createKiteBroker({
      apiKey: sim.apiKey,
      apiSecret: sim.apiSecret,
      accessToken: await sim.mintAccessToken(),
      root: sim.root,
      tickerRoot: sim.tickerRoot,
      clock,
      logger,
    });
    const probe = probeBroker(kite);
    const venue: Venue = {
      kind: 'SIMULATOR',
      root: sim.root,
      clock,
      broker: probe.broker,
      session: () => ({ valid: true, userId: null, expiresAt: null, message: null }),
      renewSession: () => Promise.reject(new Error('no login in the bench')),
      stop: () => undefined,
    };
    const bus = createLocalBus();
    cleanups.push(() => bus.close());
    let lastPrice: (token: number) => Paise | null = () => null;
    const cue = createCueStrategy((token) => lastPrice(token));
    const services = await composeServices({
      env: parseEnv({
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
        KITE_API_KEY: sim.apiKey,
        KITE_API_SECRET: sim.apiSecret,
      }),
      logger,
      config: config.config,
      configSha: config.sha,
      calendar: nseCalendar2026,
      db,
      bus,
      venue,
      metrics: createEngineMetrics({ collectDefault: false }),
      strategies: [cue.strategy],
    });
    cleanups.push(async () => {
      await services.alerts.stop();
      await services.records.settled();
      services.writes.stop();
    });
    const { engine } = services;
    lastPrice = (token) => engine.priceBook.latest(token)?.price ?? null;
    await engine.start();
    cleanups.push(() => engine.stop());

    const universe = chosen.keys.map((key) => {
      const instrument = services.instruments.bySymbol(key);
      if (instrument === undefined) throw new Error(`${key} is not in the engine's master`);
      return instrument;
    });
    const stocks = universe.filter((i) => i.type === 'EQ');
    // Every instrument's first tick (Kite sends the current one on subscribe) is in.
    await until(
      `first ticks of ${universe.length} instruments`,
      () => universe.every((i) => engine.priceBook.latest(i.token) !== undefined),
      30_000,
      50,
    ).catch((error: unknown) => {
      const missing = universe.filter((i) => engine.priceBook.latest(i.token) === undefined);
      throw new Error(
        `${String(error)}: ${missing.length} without a tick (${missing
          .slice(0, 5)
          .map((i) => i.tradingSymbol)
          .join(', ')}…), market data ${engine.marketData().state}`,
      );
    });

    // The REST connection and its code path warm, as in an engine that has run a while: a
    // cold first order acknowledged late would count as a slippage breach.
    await kite.getOrders();
    await kite.getPositions();
    const follow = async () => {
      clock.set(((await sim.inspect('/state')) as { now: number }).now);
    };
    const groupDone = (groupId: string) =>
      engine.oco.ordersOf(groupId).every((o) => isClosedStatus(o.state.status));
    const setPrice = async (instrument: Instrument, rupees: number) => {
      await sim.control('/price', {
        instrument: `${instrument.exchange}:${instrument.tradingSymbol}`,
        price: rupees,
      });
    };
    const allClosed = () =>
      engine.oco
        .groups()
        .every(
          (g) =>
            g.group.status === 'CLOSED' &&
            measureGroupPosition(g.group).net === 0 &&
            groupDone(g.id),
        );
    return {
      sim,
      db,
      services,
      probe,
      kite,
      clock,
      cue,
      universe,
      stocks,
      step: async (ms, engineFollows = true) => {
        const state = (await sim.control('/clock', { step_ms: ms })) as { now: number };
        if (engineFollows) clock.set(state.now);
        return state.now;
      },
      follow,
      setPrice,
      nudge: async (instrument) => {
        const last = engine.priceBook.latest(instrument.token)?.price;
        if (last === undefined) throw new Error(`no price for ${instrument.tradingSymbol}`);
        await setPrice(instrument, (last + instrument.tickSize) / 100);
      },
      allClosed,
      roomInRateLimit: async (requests) => {
        const { windowMs, perWindow } = KITE_RATE_LIMITS;
        await until(
          `room for ${requests} order requests`,
          () => probe.busySlots(performance.now(), windowMs) <= perWindow.orders - requests,
          10_000,
          10,
        );
      },
      settle: async () => {
        await Promise.all(
          engine.oco.openGroups().map((g) => engine.oco.flattenGroup(g.id, 'bench')),
        );
        await until('every bracket closed', allClosed, 20_000);
        await engine.idle();
      },
      close: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
