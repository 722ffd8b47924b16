import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKiteBroker } from '@kavach/broker';
import type { KiteBroker } from '@kavach/broker';
import { createLocalBus } from '@kavach/bus';
import type { Bus } from '@kavach/bus';
import { buildTradingConfig, createLogger } from '@kavach/config';
import { createDb, saveConfigVersion } from '@kavach/db';
import type { Db } from '@kavach/db';
import type { Instrument } from '@kavach/domain';
import { paise, roundToTick, VirtualClock } from '@kavach/domain';
import { startKiteSimProcess } from '@kavach/testkit';
import type { KiteSimProcess } from '@kavach/testkit';
import { createTradingEngine } from '../../src/engine/create-trading-engine';
import type { TradingEngine, TradingEngineOptions } from '../../src/engine/create-trading-engine';
import { createInstrumentCache } from '../../src/instruments';
import type { InstrumentCache } from '../../src/instruments';
import { createEngineMetrics } from '../../src/metrics/engine-metrics';
import type { Strategy } from '../../src/strategies';
import type { OrderVenues } from '../../src/venue/order-venues';

/** Ten liquid NSE stocks of the simulated universe. */
export const SYMBOLS = [
  'INFY',
  'TCS',
  'RELIANCE',
  'HDFCBANK',
  'ICICIBANK',
  'SBIN',
  'ITC',
  'LT',
  'AXISBANK',
  'KOTAKBANK',
] as const;

export const logger = createLogger('test', 'silent');

/**
 * The engine in process against a kite-sim process through the real kiteconnect client, with
 * a market that moves only when the caller sets a price, at 10:00 IST of the simulated
 * session. The strategy buys each armed instrument once, on its next closed bar.
 */
export interface KiteSimEngineHarness {
  readonly sim: KiteSimProcess;
  readonly db: Db;
  readonly bus: Bus;
  readonly instruments: InstrumentCache;
  /** The engine's clock; replace it (`resetClock`) to go back to the market's time. */
  clock: VirtualClock;
  /** The broker the next engine uses; a KiteBroker starts once, so each engine gets a new one. */
  broker: KiteBroker;
  readonly armed: Set<number>;
  readonly fired: Set<number>;
  readonly instrument: (symbol: string) => Instrument;
  readonly simNow: () => Promise<number>;
  readonly setPrice: (symbol: string, rupees: number) => Promise<void>;
  readonly nudge: (symbol: string, bps: number) => Promise<void>;
  /** The simulated clock a minute on, the engine's clock with it: closes a bar. */
  readonly stepMinute: () => Promise<void>;
  readonly newBroker: () => Promise<KiteBroker>;
  readonly resetClock: () => Promise<void>;
  readonly config: () => ReturnType<typeof testConfig>;
  readonly startEngine: (
    venues?: OrderVenues,
    instrumentBlocked?: (token: number) => boolean,
    extra?: Partial<TradingEngineOptions>,
  ) => Promise<TradingEngine>;
  readonly close: () => Promise<void>;
}

/** Ten positions of at most ₹2 lakh each fit the simulated account's ₹10 lakh at MIS margin. */
function testConfig() {
  const built = buildTradingConfig({
    capitalRupees: 50_00_000,
    universe: SYMBOLS.map((s) => `NSE:${s}`),
    risk: {
      maxOpenPositions: 20,
      portfolioHeatPct: 50,
      perTradeRiskPct: 0.5,
      maxNotionalPerOrderRupees: 2_00_000,
    },
    scan: { maxSignalsPerCycle: 20, minScore: 0 },
  });
  if (!built.ok) throw new Error(built.errors.join('; '));
  return built;
}

export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function startKiteSimEngineHarness(): Promise<KiteSimEngineHarness> {
  const sim = await startKiteSimProcess();
  await sim.control('/market', { status: 'open' });
  await sim.control('/clock', { paused: true });
  const state = (await sim.inspect('/state')) as { sessionDate: string };
  await sim.control('/clock', { set: `${state.sessionDate}T10:00:00+05:30` });
  const simNow = async () => ((await sim.inspect('/state')) as { now: number }).now;
  const dataDir = await mkdtemp(join(tmpdir(), 'kavach-e2e-'));
  const db = createDb({ dataDir });
  await db.migrate();
  const built = testConfig();
  await saveConfigVersion(db.prisma, {
    sha: built.sha,
    kind: 'trading',
    canonicalJson: built.canonicalJson,
    createdBy: 'test',
  });
  const bus = createLocalBus();
  const armed = new Set<number>();
  const fired = new Set<number>();

  const buyOnce: Strategy = {
    id: 'test',
    evaluate: ({ instrument, bars }) => {
      const last = bars.at(-1);
      if (last === undefined || !armed.has(instrument.token) || fired.has(instrument.token))
        return null;
      fired.add(instrument.token);
      const step = (bps: number) =>
        roundToTick(
          paise(Math.round(last.close * (1 + bps / 10_000))),
          instrument.tickSize,
          'nearest',
        );
      return {
        strategy: 'test',
        token: instrument.token,
        side: 'BUY',
        entry: last.close,
        stop: step(-100),
        tp1: step(50),
        tp2: step(100),
        features: { close: last.close },
        featureScores: { close: 1 },
        score: 1,
        reason: 'the test asked for it',
      };
    },
  };

  const brokerOn = async (clock: VirtualClock) =>
    createKiteBroker({
      apiKey: sim.apiKey,
      apiSecret: sim.apiSecret,
      accessToken: await sim.mintAccessToken(),
      root: sim.root,
      tickerRoot: sim.tickerRoot,
      clock,
      logger,
      pollIntervalMs: 500,
    });
  const newBroker = () => brokerOn(harness.clock);

  const clock = new VirtualClock(await simNow());
  const firstBroker = await brokerOn(clock);
  const instruments = createInstrumentCache({ db, broker: firstBroker, clock, logger });
  const refreshed = await instruments.refreshIfStale();
  if (!refreshed.ok) throw new Error(JSON.stringify(refreshed.error));

  const harness: KiteSimEngineHarness = {
    sim,
    db,
    bus,
    instruments,
    clock,
    broker: firstBroker,
    armed,
    fired,
    instrument: (symbol) => {
      const found = instruments.bySymbol(`NSE:${symbol}`);
      if (found === undefined) throw new Error(`no ${symbol} in the simulator`);
      return found;
    },
    simNow,
    setPrice: async (symbol, rupees) => {
      await sim.control('/price', { instrument: `NSE:${symbol}`, price: rupees });
    },
    nudge: async (symbol, bps) => {
      await sim.control('/price', { instrument: `NSE:${symbol}`, nudge_bps: bps });
    },
    stepMinute: async () => {
      await sim.control('/clock', { step_ms: 60_000 });
      harness.clock.set(await simNow());
    },
    newBroker,
    resetClock: async () => {
      harness.clock = new VirtualClock(await simNow());
    },
    config: testConfig,
    startEngine: async (venues, instrumentBlocked, extra = {}) => {
      const config = testConfig();
      const engine = createTradingEngine({
        prisma: db.prisma,
        broker: harness.broker,
        ...(venues === undefined ? {} : { venues }),
        ...(instrumentBlocked === undefined ? {} : { instrumentBlocked }),
        bus,
        clock: harness.clock,
        logger,
        metrics: createEngineMetrics({ collectDefault: false }),
        config: config.config,
        configSha: config.sha,
        instruments,
        tradingState: () => 'ACTIVE',
        entriesAllowed: () => true,
        strategies: [buyOnce],
        ...extra,
      });
      await engine.start();
      return engine;
    },
    close: async () => {
      await bus.close();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
      await sim.stop();
    },
  };
  return harness;
}

/**
 * Ten open positions, each with its stop and both targets working at the broker: arms every
 * symbol, closes a bar so the strategy buys, then moves prices through the entries.
 */
export async function openTenPositions(h: KiteSimEngineHarness, engine: TradingEngine) {
  h.fired.clear();
  h.armed.clear();
  for (const symbol of SYMBOLS) h.armed.add(h.instrument(symbol).token);
  for (const symbol of SYMBOLS) await h.nudge(symbol, 1);
  await h.stepMinute();
  for (const symbol of SYMBOLS) await h.nudge(symbol, 1);
  await until('ten brackets', () => engine.oco.openGroups().length === 10, 30_000);
  for (const symbol of SYMBOLS) await h.nudge(symbol, -20);
  const protectedAtBroker = (groupId: string) =>
    engine.oco
      .ordersOf(groupId)
      .filter((o) => o.role !== 'ENTRY')
      .every((o) => o.state.status === 'OPEN' || o.state.status === 'TRIGGER_PENDING');
  await until(
    'ten positions, each with its stop and targets working at the broker',
    () =>
      engine.oco.openGroups().every((g) => g.group.status === 'OPEN' && protectedAtBroker(g.id)),
    30_000,
  );
  await engine.idle();
}
