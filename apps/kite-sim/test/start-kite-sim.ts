import { atIst, formatIstTimestamp, paise, VirtualClock } from '@kavach/domain';
import { createExchange } from '@kavach/sim';
import type { SimExchange } from '@kavach/sim';
import { findFreePort } from '@kavach/testkit';
import { pino } from 'pino';
import { createKiteSim } from '../src/kite-sim';
import type { KiteSim, KiteSimOptions } from '../src/kite-sim';
import type { RateClass } from '../src/http/rate-limit';
import type { Quote } from '../src/market/market-contract';
import { SIM_USER } from '../src/session/sim-user';
import type { SimulatorControl } from '../src/simulator-control';
import { createExchangeTrading, forwardOrderUpdates } from '../src/trading/exchange-trading';
import { createFakeMarket, FAKE_INSTRUMENTS, makeQuote } from './fake-market';
import type { FakeMarket } from './fake-market';

export const TEST_API_KEY = 'kavach_test_key';
export const TEST_API_SECRET = 'kavach_test_secret';
export const TEST_REDIRECT_URL = 'http://127.0.0.1:9/callback';
/** Monday 23 November 2026, 10:00 IST: the market is open. */
export const TEST_START = atIst('10:00', '2026-11-23');

/** Limits high enough that only the rate-limit tests meet them. */
export const GENEROUS_LIMITS: Readonly<Record<RateClass, number>> = {
  quote: 1000,
  historical: 1000,
  orders: 1000,
  other: 1000,
};

export interface RunningSim {
  readonly sim: KiteSim;
  readonly root: string;
  readonly tickerRoot: string;
  readonly clock: VirtualClock;
  readonly market: FakeMarket;
  /** The real exchange over the fake market, when started with `exchange: true`. */
  readonly exchange: SimExchange | null;
  /** Puts a quote in the market and lets the exchange, GTTs and the ticker see it. */
  readonly moveMarket: (quote: Quote) => void;
  readonly stop: () => Promise<void>;
}

/** The control surface the tests need when no full simulator runs: exchange-backed parts only. */
function createExchangeControl(exchange: SimExchange, clock: VirtualClock): SimulatorControl {
  const unavailable = (): never => {
    throw new Error('not available without the simulator');
  };
  return {
    state: () => ({
      now: clock.now(),
      nowIst: formatIstTimestamp(clock.now()),
      speed: 0,
      paused: true,
      marketOpen: exchange.isMarketOpen(),
      marketMode: 'auto',
      sessionDate: null,
      scenario: null,
    }),
    setClock: (ms) => {
      clock.set(ms);
    },
    stepClock: (ms) => {
      clock.advance(ms);
    },
    setSpeed: unavailable,
    pause: unavailable,
    resume: unavailable,
    resolveInstrument: () => undefined,
    setPrice: unavailable,
    nudgePrice: unavailable,
    setMarketStatus: (status) => {
      exchange.setMarketStatus(status);
    },
    reset: () => {
      exchange.reset();
    },
    loadScenario: unavailable,
    injectRejection: (fault) => {
      exchange.injectRejection(fault);
    },
  };
}

/** A kite-sim on a free loopback port over the fake market; always `stop()` it. */
export async function startKiteSim(
  overrides: Partial<Omit<KiteSimOptions, 'clock' | 'market'>> & {
    readonly exchange?: boolean;
  } = {},
): Promise<RunningSim> {
  const { exchange: withExchange = false, ...simOverrides } = overrides;
  const clock = new VirtualClock(TEST_START);
  const market = createFakeMarket([
    makeQuote(FAKE_INSTRUMENTS.infy, 157_370, TEST_START),
    makeQuote(FAKE_INSTRUMENTS.nifty, 2_451_230, TEST_START),
    makeQuote(FAKE_INSTRUMENTS.niftyFut, 2_460_000, TEST_START),
    makeQuote(FAKE_INSTRUMENTS.niftyCe, 18_045, TEST_START),
  ]);
  const exchange = withExchange
    ? createExchange({ market, clock, accountFunds: paise(10_00_000_00), userId: SIM_USER.userId })
    : null;
  const sim = createKiteSim({
    settings: { apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, redirectUrl: TEST_REDIRECT_URL },
    clock,
    market,
    logger: pino({ level: 'silent' }),
    rateLimits: GENEROUS_LIMITS,
    ...(exchange === null
      ? {}
      : {
          trading: createExchangeTrading(exchange),
          simulator: createExchangeControl(exchange, clock),
        }),
    ...simOverrides,
  });
  if (exchange !== null) forwardOrderUpdates(exchange, sim.publishOrderUpdate);
  const port = await findFreePort();
  const root = await sim.listen(port);
  return {
    sim,
    root,
    tickerRoot: `ws://127.0.0.1:${port}/ws`,
    clock,
    market,
    exchange,
    moveMarket: (quote) => {
      market.setQuote(quote);
      exchange?.onMarketUpdate([quote.token]);
      sim.publishMarketUpdate([quote.token]);
    },
    stop: () => sim.close(),
  };
}

/** POST /_sim/session: a session without the login flow. */
export async function mintAccessToken(root: string, apiKey = TEST_API_KEY): Promise<string> {
  const response = await fetch(`${root}/_sim/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api_key: apiKey }),
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

/** JSON POST to the control API. */
export async function control(root: string, path: string, body: unknown = {}): Promise<unknown> {
  const response = await fetch(`${root}/_sim${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}
