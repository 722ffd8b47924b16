import { performance } from 'node:perf_hooks';
import { loadEnv } from '@kavach/config';
import { paise } from '@kavach/domain';
import { createKiteSimApp } from './kite-sim-app';
import { createLogger } from './logger';

/** The simulated account's opening cash: ₹10 lakh. */
const ACCOUNT_FUNDS = paise(10_00_000_00);

/** Composition root: environment, logger, simulator and facade; stops cleanly on a signal. */
async function main(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const app = createKiteSimApp({
    settings: {
      apiKey: env.KITE_API_KEY,
      apiSecret: env.KITE_API_SECRET,
      redirectUrl: env.KITE_REDIRECT_URL,
    },
    logger,
    // Fixed by default, so every run on a given day shows the same market.
    seed: env.KITE_SIM_SEED,
    speed: env.KITE_SIM_SPEED,
    postbackUrl: env.KITE_SIM_POSTBACK_URL ?? null,
    tokenExpiryTime: env.KITE_SIM_TOKEN_EXPIRY,
    accountFunds: ACCOUNT_FUNDS,
    realNow: () => performance.now(),
    wallNow: Date.now(),
  });
  const root = await app.start(env.KITE_SIM_PORT);
  const state = app.simulator.state();
  logger.info(
    {
      root,
      ticker: `${root.replace('http', 'ws')}/ws`,
      login: `${root}/connect/login?api_key=${env.KITE_API_KEY}&v=3`,
      sessionDate: state.sessionDate,
      simulatedTime: state.nowIst,
    },
    'kite-sim ready',
  );

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await app.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'unclean stop');
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  // Start-up failures (bad env, port in use) must be loud and final.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
