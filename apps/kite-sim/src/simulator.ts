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
  Market,
  MarketView,
  RealTimeSource,
  Scenario,
  SimClock,
  SimExchange,
} from '@kavach/sim';
import type { Logger } from 'pino';
import type { CandleSource } from './market/candle-source';
import { createMinuteBarRecorder } from './market/minute-bar-recorder';
import { splitAtMinutes } from './market/minute-chunks';
import { createSessionCandles } from './market/session-candles';
import { createSyntheticCandles } from './market/synthetic-candles';
import { resolveInstrument } from './routes/quote-routes';
import { chooseSessionDate } from './session-date';
import type { SimulatorControl, SimulatorState } from './simulator-control';

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
  readonly logger: Logger;
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
  const initialDate = chooseSessionDate(calendar, options.startMs ?? options.wallNow ?? 0);
  const newClock = (startMs: number, speed: number): SimClock =>
    createSimClock({ startMs, realNow: options.realNow, speed });

  let simClock = newClock(options.startMs ?? sessionOpenOf(initialDate), options.speed ?? 1);
  let scenario: Scenario | null = null;
  let marketMode: SimulatorState['marketMode'] = 'auto';

  const buildMarket = (sessionDate: string, withScenario: Scenario | null): Market =>
    createMarket({
      // One seed per day, so each simulated day differs but replays exactly.
      seed: options.seed + isoDateToEpochDay(sessionDate),
      sessionDate,
      calendar,
      ...(withScenario === null ? {} : { scenario: withScenario }),
    });

  let market = buildMarket(initialDate, null);

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
  });

  const recorder = createMinuteBarRecorder({ quoteOf: (token) => market.quote(token) });
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
        replaceMarket(buildMarket(wanted, null));
        logger.info({ sessionDate: wanted }, 'new simulated session');
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
      const date = market.sessionDate;
      restart(sessionOpenOf(date), buildMarket(date, null));
    },
    loadScenario: (input) => {
      const loaded = loadScenario(input);
      const next = buildMarket(loaded.sessionDate, loaded);
      scenario = loaded;
      restart(scenarioStartMs(loaded), next);
    },
    injectRejection: (fault) => {
      exchange.injectRejection(fault);
    },
  };
}
