import type { Paise } from '@kavach/domain';
import type { RealTimeSource, UniverseSpec } from '@kavach/sim';
import type { Logger } from 'pino';
import type { RateClass } from './http/rate-limit';
import { createKiteSim } from './kite-sim';
import type { KiteSim } from './kite-sim';
import type { KiteSimSettings } from './services';
import { SIM_USER } from './session/sim-user';
import { createSimulator } from './simulator';
import type { Simulator } from './simulator';
import type { KiteSimState } from './state/kite-sim-state';
import type { StateSource } from './state/state-saver';
import { createExchangeTrading, forwardOrderUpdates } from './trading/exchange-trading';

export interface KiteSimAppOptions {
  readonly settings: KiteSimSettings;
  readonly logger: Logger;
  readonly seed: number;
  readonly accountFunds: Paise;
  readonly realNow: RealTimeSource;
  /** Wall-clock epoch ms: picks the simulated session day when startMs is not given. */
  readonly wallNow: number;
  readonly startMs?: number;
  readonly speed?: number;
  readonly tickIntervalMs?: number;
  /** What is listed; the NIFTY 50 stocks, two indices and their F&O by default. */
  readonly universe?: UniverseSpec;
  readonly postbackUrl?: string | null;
  readonly tokenExpiryTime?: string;
  readonly heartbeatMs?: number;
  /** Ms every REST answer and order update is held, as a network would; 0 by default. */
  readonly latencyMs?: number;
  readonly rateLimits?: Readonly<Record<RateClass, number>>;
  /**
   * Continue a saved run (a state file's contents): clock, market, exchange, bars, GTTs and
   * sessions. startMs is then ignored (see SimulatorOptions.restore for a new trading day).
   */
  readonly restore?: KiteSimState;
}

export interface KiteSimApp {
  readonly simulator: Simulator;
  readonly kiteSim: KiteSim;
  /** The parts of the state to save, for a later `restore`. */
  readonly stateSource: StateSource;
  /** Listens on 127.0.0.1 and starts the market timer; returns the REST root. */
  /** Serves on `port` (on `host`, loopback by default) and sets the market going. */
  readonly start: (port: number, host?: string) => Promise<string>;
  readonly stop: () => Promise<void>;
}

/** The whole simulator process minus the environment: simulator, facade, their wiring. */
export function createKiteSimApp(options: KiteSimAppOptions): KiteSimApp {
  const simulator = createSimulator({
    seed: options.seed,
    accountFunds: options.accountFunds,
    userId: SIM_USER.userId,
    realNow: options.realNow,
    wallNow: options.wallNow,
    logger: options.logger,
    ...(options.startMs === undefined ? {} : { startMs: options.startMs }),
    ...(options.speed === undefined ? {} : { speed: options.speed }),
    ...(options.tickIntervalMs === undefined ? {} : { tickIntervalMs: options.tickIntervalMs }),
    ...(options.universe === undefined ? {} : { universe: options.universe }),
    ...(options.restore === undefined
      ? {}
      : { restore: options.restore.simulator, restoreBars: options.restore.bars }),
  });
  const kiteSim = createKiteSim({
    settings: options.settings,
    clock: simulator.clock,
    market: simulator.market,
    logger: options.logger,
    trading: createExchangeTrading(simulator.exchange),
    candles: simulator.candles,
    simulator,
    postbackUrl: options.postbackUrl ?? null,
    ...(options.tokenExpiryTime === undefined ? {} : { tokenExpiryTime: options.tokenExpiryTime }),
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    ...(options.rateLimits === undefined ? {} : { rateLimits: options.rateLimits }),
    ...(options.restore === undefined ? {} : { restore: options.restore.facade }),
  });
  simulator.onMarketUpdate((tokens) => {
    kiteSim.publishMarketUpdate(tokens);
  });
  const unsubscribe = forwardOrderUpdates(simulator.exchange, kiteSim.publishOrderUpdate);

  return {
    simulator,
    kiteSim,
    stateSource: {
      simulator: () => simulator.snapshot(),
      bars: () => simulator.barsSnapshot(),
      facade: () => kiteSim.snapshot(),
    },
    start: async (port, host) => {
      const root = await kiteSim.listen(port, host);
      simulator.advance();
      simulator.start();
      return root;
    },
    stop: async () => {
      simulator.stop();
      unsubscribe();
      await kiteSim.close();
    },
  };
}
