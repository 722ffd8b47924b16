import { performance } from 'node:perf_hooks';
import { createLogger } from '@kavach/config';
import type { Env, Logger } from '@kavach/config';
import { paise } from '@kavach/domain';
import { NSE_UNIVERSE, withStrikesEachSide } from '@kavach/sim';
import { createKiteSimApp } from './kite-sim-app';
import type { KiteSimApp } from './kite-sim-app';
import { readStateFile, StateFileError } from './state/state-file';
import { createStateSaver } from './state/state-saver';

/** The simulated account's opening cash: ₹10 lakh. */
const ACCOUNT_FUNDS = paise(10_00_000_00);

export interface StartKiteSimOptions {
  /** The parsed environment (loadEnv, or parseEnv for an explicit source). */
  readonly env: Env;
  /** Default: kite-sim's own JSON logger at LOG_LEVEL. */
  readonly logger?: Logger;
  /** Default KITE_SIM_PORT. A real port: 0 is not resolved to the one the system picks. */
  readonly port?: number;
  /**
   * Default KITE_SIM_STATE_FILE. Where the simulated world is kept across restarts: read at
   * start (a missing file starts a fresh session; one that cannot be used stops start-up),
   * written atomically every few seconds when something changed and on stop.
   */
  readonly stateFile?: string;
  /** Real ms between two checks for changes to save; 5 s by default. */
  readonly stateSaveIntervalMs?: number;
}

export interface RunningKiteSim {
  /** The REST root, e.g. http://127.0.0.1:8100 (KITE_ROOT for the engine). */
  readonly root: string;
  /** The WebSocket ticker, e.g. ws://127.0.0.1:8100/ws. */
  readonly tickerUrl: string;
  /** Kite's login page for the configured API key. */
  readonly loginUrl: string;
  readonly app: KiteSimApp;
  /** The state file in use, or null when nothing is kept. */
  readonly stateFile: string | null;
  /** Stops serving, then writes the final state (when a state file is in use). */
  readonly stop: () => Promise<void>;
}

/** kite-sim listening (KITE_SIM_HOST, loopback by default) with its market running. */
export async function startKiteSim(options: StartKiteSimOptions): Promise<RunningKiteSim> {
  const { env } = options;
  const logger = options.logger ?? createLogger('kite-sim', env.LOG_LEVEL);
  const stateFile = options.stateFile ?? env.KITE_SIM_STATE_FILE ?? null;
  const restore = stateFile === null ? null : await readStateFile(stateFile);
  const wallNow = Date.now();
  const build = () =>
    createKiteSimApp({
      settings: {
        apiKey: env.KITE_API_KEY,
        apiSecret: env.KITE_API_SECRET,
        redirectUrl: env.KITE_REDIRECT_URL,
        controlToken: env.KITE_SIM_CONTROL_TOKEN ?? null,
      },
      logger,
      // Fixed by default, so every run on a given day shows the same market.
      seed: env.KITE_SIM_SEED,
      speed: env.KITE_SIM_SPEED,
      ...(env.KITE_SIM_STRIKES_EACH_SIDE === undefined
        ? {}
        : { universe: withStrikesEachSide(NSE_UNIVERSE, env.KITE_SIM_STRIKES_EACH_SIDE) }),
      postbackUrl: env.KITE_SIM_POSTBACK_URL ?? null,
      tokenExpiryTime: env.KITE_SIM_TOKEN_EXPIRY,
      latencyMs: env.KITE_SIM_LATENCY_MS,
      accountFunds: ACCOUNT_FUNDS,
      realNow: () => performance.now(),
      wallNow,
      ...(restore === null ? {} : { restore }),
    });
  let app: KiteSimApp;
  try {
    app = build();
  } catch (error) {
    if (stateFile === null || restore === null) throw error;
    throw new StateFileError(stateFile, error instanceof Error ? error.message : String(error));
  }
  const saver =
    stateFile === null
      ? null
      : createStateSaver({
          file: stateFile,
          source: app.stateSource,
          logger,
          ...(options.stateSaveIntervalMs === undefined
            ? {}
            : { intervalMs: options.stateSaveIntervalMs }),
        });
  const root = await app.start(options.port ?? env.KITE_SIM_PORT, env.KITE_SIM_HOST);
  saver?.start();
  const tickerUrl = `${root.replace('http', 'ws')}/ws`;
  const loginUrl = `${root}/connect/login?api_key=${env.KITE_API_KEY}&v=3`;
  const state = app.simulator.state();
  logger.info(
    {
      root,
      ticker: tickerUrl,
      login: loginUrl,
      sessionDate: state.sessionDate,
      simulatedTime: state.nowIst,
      stateFile,
      restored:
        restore === null
          ? null
          : { savedAt: restore.savedAt, orders: app.simulator.exchange.orders().length },
    },
    'kite-sim ready',
  );
  return {
    root,
    tickerUrl,
    loginUrl,
    app,
    stateFile,
    stop: async () => {
      try {
        await app.stop();
      } finally {
        await saver?.stop();
      }
    },
  };
}
