import { atIst, formatIstTimestamp, isoDateToEpochDay, nseCalendar2026 } from '@kavach/domain';
import type { Clock, MarketCalendar, Paise } from '@kavach/domain';
import {
  createExchange,
  createMarket,
  createSimClock,
  loadScenario,
  scenarioStartMs,
} from '@kavach/sim';
import type {
  ExchangeSnapshot,
  Market,
  MarketSnapshot,
  MarketView,
  RealTimeSource,
  Scenario,
  SimClock,
  SimExchange,
  UniverseSpec,
} from '@kavach/sim';
import type { Logger } from 'pino';
import type { CandleSource } from './market/candle-source';
import { createMinuteBarRecorder } from './market/minute-bar-recorder';
import type { RecordedBarsSnapshot } from './market/minute-bar-recorder';
import { splitAtMinutes } from './market/minute-chunks';
import { createSessionCandles } from './market/session-candles';
import { createSyntheticCandles } from './market/synthetic-candles';
import { resolveInstrument } from './routes/quote-routes';
import { chooseSessionDate } from './session-date';
import type { SimulatorControl, SimulatorState } from './simulator-control';

/** The format of SimulatorSnapshot; a restore refuses any other. */
export const SIMULATOR_SNAPSHOT_VERSION = 1;

/**
 * The simulated world as plain JSON-serialisable data: the virtual time, the session's market
 * (its generator continues exactly), the exchange, and the scenario when one was loaded.
 */
export interface SimulatorSnapshot {
  readonly version: typeof SIMULATOR_SNAPSHOT_VERSION;
  /** Virtual time, epoch ms: a restore never starts the clock earlier. */
  readonly now: number;
  readonly sessionDate: string;
  /** The scenario as it was loaded (its JSON), or null for the generated market. */
  readonly scenario: unknown;
  readonly market: MarketSnapshot;
  readonly exchange: ExchangeSnapshot;
}

export interface SimulatorOptions {
  readonly seed: number;
  readonly accountFunds: Paise;
  readonly userId: string;
  /** Monotonic real milliseconds (performance.now at the process edge). */
  readonly realNow: RealTimeSource;
  /** Where virtual time starts (epoch ms); the session open of the chosen day by default. */
  readonly startMs?: number;
  /** Wall-clock epoch ms, to choose the session day when startMs is not given. */
  readonly wallNow?: number;
  /** Virtual ms per real ms (1 = real time). */
  readonly speed?: number;
  readonly calendar?: MarketCalendar;
  /** Real ms between two market advances (and tick batches). */
  readonly tickIntervalMs?: number;
  /** What is listed; the NIFTY 50 stocks, two indices and their F&O by default. */
  readonly universe?: UniverseSpec;
  readonly logger: Logger;
  /**
   * Continue a saved simulator (snapshot, barsSnapshot) instead of starting a session; startMs
   * is then ignored. The clock goes on from the saved instant on the saved session, unless the
   * wall clock (wallNow) is on a later trading day: then the old day is rolled over (empty
   * order book, P&L settled into the funds) and the new day starts at its open, as a fresh
   * start would. A scenario's timeline always continues.
   */
  readonly restore?: SimulatorSnapshot;
  readonly restoreBars?: RecordedBarsSnapshot;
}

export type MarketUpdateListener = (tokens: readonly number[]) => void;

export interface Simulator extends SimulatorControl {
  /** Virtual time, stable across resets and scenarios (it follows the current timeline). */
  readonly clock: Clock;
  /** The current session's market, stable across day changes and resets. */
  readonly market: MarketView;
  readonly exchange: SimExchange;
  /**
   * Historical candles that agree with the live market: the session's recorded minute bars
   * (and the quote's OHLC for today's day candle), synthetic history before it that closes
   * at the session's previous close.
   */
  readonly candles: CandleSource;
  /** Called with the instruments whose quotes changed, after the exchange has matched them. */
  readonly onMarketUpdate: (listener: MarketUpdateListener) => void;
  /** Advance the market to the clock now (the timer does this; tests may call it). */
  readonly advance: () => readonly number[];
  /** The state to save (everything but the minute bars), for `restore`. */
  readonly snapshot: () => SimulatorSnapshot;
  /** The live session's recorded minute bars, for `restoreBars`. */
  readonly barsSnapshot: () => RecordedBarsSnapshot;
  readonly start: () => void;
  readonly stop: () => void;
}

/**
 * The simulated world behind kite-sim: a virtual clock, the market of the current session
 * day (a new one each trading day, seeded by seed and date), the exchange, and a timer that
 * advances the market to the clock, lets the exchange match, and hands the changed tokens on.
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  const calendar = options.calendar ?? nseCalendar2026;
  const { logger } = options;
  const listeners: MarketUpdateListener[] = [];

  const sessionOpenOf = (date: string): number => atIst(calendar.sessionOpen, date);
  const newClock = (startMs: number, speed: number): SimClock =>
    createSimClock({ startMs, realNow: options.realNow, speed });

  const saved = options.restore;
  if (saved !== undefined) checkSimulatorSnapshot(saved);
  /** The scenario as loaded (its JSON), kept for snapshots. */
  let scenarioInput: unknown = saved?.scenario ?? null;
  let scenario: Scenario | null = scenarioInput === null ? null : loadScenario(scenarioInput);
  const initialDate =
    saved?.sessionDate ?? chooseSessionDate(calendar, options.startMs ?? options.wallNow ?? 0);

  /** Where a restored clock resumes: the saved instant, or a later day's open (never earlier). */
  const resumeAt = (snapshot: SimulatorSnapshot): number => {
    if (scenario !== null) return snapshot.now;
    const today = chooseSessionDate(calendar, options.wallNow ?? snapshot.now);
    return today > snapshot.sessionDate
      ? Math.max(snapshot.now, sessionOpenOf(today))
      : snapshot.now;
  };

  let simClock = newClock(
    saved === undefined ? (options.startMs ?? sessionOpenOf(initialDate)) : resumeAt(saved),
    options.speed ?? 1,
  );
  let marketMode: SimulatorState['marketMode'] = saved?.exchange.marketOverride ?? 'auto';

  const buildMarket = (
    sessionDate: string,
    withScenario: Scenario | null,
    restore?: MarketSnapshot,
  ): Market =>
    createMarket({
      // One seed per day, so each simulated day differs but replays exactly; a restored day
      // keeps the seed it was generated with.
      seed: restore?.seed ?? options.seed + isoDateToEpochDay(sessionDate),
      sessionDate,
      calendar,
      ...(options.universe === undefined ? {} : { universe: options.universe }),
      ...(withScenario === null ? {} : { scenario: withScenario }),
      ...(restore === undefined ? {} : { restore }),
    });

  let market = buildMarket(initialDate, scenario, saved?.market);

  const clock: Clock = { now: () => simClock.now() };
  const marketView: MarketView = {
    instruments: () => market.instruments(),
    instrument: (token) => market.instrument(token),
    instrumentBySymbol: (exchange, symbol) => market.instrumentBySymbol(exchange, symbol),
    quote: (token) => market.quote(token),
  };
  const exchange = createExchange({
    market: marketView,
    clock,
    calendar,
    accountFunds: options.accountFunds,
    userId: options.userId,
    ...(saved === undefined ? {} : { restore: saved.exchange }),
  });

  const recorder = createMinuteBarRecorder({
    quoteOf: (token) => market.quote(token),
    ...(saved === undefined || options.restoreBars === undefined
      ? {}
      : { restore: options.restoreBars }),
  });
  const candles = createSessionCandles({
    session: () => market.session,
    recorded: recorder,
    quoteOf: (token) => market.quote(token),
    earlier: createSyntheticCandles({
      anchorPrice: (instrument) => market.quote(instrument.token)?.close,
      calendar,
      liveSessionDate: () => market.sessionDate,
    }),
  });

  /** Bars cover the continuous session only, as Kite's do. */
  const record = (tokens: readonly number[]): void => {
    if (tokens.length > 0 && market.isOpen()) recorder.record(market.now(), tokens);
  };

  /** Advances minute by minute, sampling bars at each stop; the changed tokens in universe order. */
  const advanceMarket = (now: number): readonly number[] => {
    if (now < market.now()) return [];
    const stops = splitAtMinutes(market.now(), now, market.session);
    const changed = new Set<number>();
    for (const stop of stops) {
      const tokens = market.advanceTo(stop);
      record(tokens);
      if (stops.length === 1) return tokens;
      for (const token of tokens) changed.add(token);
    }
    if (changed.size === 0) return [];
    return market
      .instruments()
      .filter((instrument) => changed.has(instrument.token))
      .map((instrument) => instrument.token);
  };

  const replaceMarket = (next: Market): void => {
    market = next;
    recorder.clear();
  };

  const publish = (tokens: readonly number[]): void => {
    if (tokens.length > 0) exchange.onMarketUpdate(tokens);
    exchange.onClock();
    if (tokens.length === 0) return;
    for (const listener of listeners) listener(tokens);
  };

  const advance = (): readonly number[] => {
    const now = simClock.now();
    if (scenario === null) {
      const wanted = chooseSessionDate(calendar, now);
      if (wanted > market.sessionDate) {
        // Overnight, as Kite's next morning shows it: the old day's book is gone and its P&L
        // (at the old market's last prices) is in the funds.
        const rolled = exchange.rollOverDay();
        replaceMarket(buildMarket(wanted, null));
        logger.info(
          {
            sessionDate: wanted,
            settledPnl: rolled.settledPnl / 100,
            droppedOrders: rolled.droppedOrders,
            carriedOrders: rolled.carriedOrderIds.length,
          },
          'new simulated session',
        );
      }
    }
    const changed = advanceMarket(now);
    publish(changed);
    return changed;
  };

  /** Start a new timeline (reset or scenario): time may go back, so the clock is replaced. */
  const restart = (startMs: number, nextMarket: Market): void => {
    const speed = simClock.speed();
    const paused = simClock.isPaused();
    simClock = newClock(startMs, speed);
    if (paused) simClock.pause();
    replaceMarket(nextMarket);
    exchange.reset();
    advance();
  };

  // A restored world catches up with its clock at once (a later day rolls over here), so it
  // never shows the old day while it starts.
  if (saved !== undefined) advance();

  let timer: NodeJS.Timeout | null = null;

  return {
    clock,
    market: marketView,
    exchange,
    candles,
    onMarketUpdate: (listener) => {
      listeners.push(listener);
    },
    advance,
    snapshot: () => ({
      version: SIMULATOR_SNAPSHOT_VERSION,
      now: simClock.now(),
      sessionDate: market.sessionDate,
      scenario: scenarioInput,
      market: market.snapshot(),
      exchange: exchange.snapshot(),
    }),
    barsSnapshot: () => recorder.snapshot(),
    start: () => {
      if (timer !== null) return;
      timer = setInterval(() => {
        try {
          advance();
        } catch (error) {
          logger.error({ err: error }, 'market advance failed');
        }
      }, options.tickIntervalMs ?? 250);
    },
    stop: () => {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
    state: () => {
      const now = simClock.now();
      return {
        now,
        nowIst: formatIstTimestamp(now),
        speed: simClock.speed(),
        paused: simClock.isPaused(),
        marketOpen: exchange.isMarketOpen(),
        marketMode,
        sessionDate: market.sessionDate,
        scenario: scenario?.name ?? null,
      };
    },
    setClock: (ms) => {
      simClock.set(ms);
      advance();
    },
    stepClock: (ms) => {
      simClock.step(ms);
      advance();
    },
    setSpeed: (speed) => {
      simClock.setSpeed(speed);
    },
    pause: () => {
      simClock.pause();
      // The market catches up to the paused instant now, not at the next timer step: a price
      // set right after the pause is the price until the clock moves again.
      advance();
    },
    resume: () => {
      simClock.resume();
    },
    resolveInstrument: (key) => resolveInstrument(marketView, key)?.token,
    setPrice: (token, price) => {
      const changed = market.setPrice(token, price);
      record(changed);
      publish(changed);
    },
    nudgePrice: (token, bps) => {
      const changed = market.nudge(token, bps);
      record(changed);
      publish(changed);
    },
    setMarketStatus: (status) => {
      marketMode = status ?? 'auto';
      exchange.setMarketStatus(status);
    },
    reset: () => {
      scenario = null;
      scenarioInput = null;
      const date = market.sessionDate;
      restart(sessionOpenOf(date), buildMarket(date, null));
    },
    loadScenario: (input) => {
      const loaded = loadScenario(input);
      const next = buildMarket(loaded.sessionDate, loaded);
      scenario = loaded;
      scenarioInput = input;
      restart(scenarioStartMs(loaded), next);
    },
    injectRejection: (fault) => {
      exchange.injectRejection(fault);
    },
  };
}

/** Refuses a snapshot of an unknown format rather than guessing at it. */
function checkSimulatorSnapshot(saved: SimulatorSnapshot): void {
  const version = (saved as { readonly version?: unknown }).version;
  if (version !== SIMULATOR_SNAPSHOT_VERSION) {
    throw new RangeError(
      `unknown simulator snapshot version ${String(version)} (this build reads ${SIMULATOR_SNAPSHOT_VERSION})`,
    );
  }
  if (!Number.isSafeInteger(saved.now) || typeof saved.sessionDate !== 'string') {
    throw new RangeError('simulator snapshot has no clock or session date');
  }
  if (typeof saved.market !== 'object' || typeof saved.exchange !== 'object') {
    throw new RangeError('simulator snapshot has no market or exchange');
  }
}
