import { performance } from 'node:perf_hooks';
import { createLogger, loadEnv, stopOnSignals } from '@kavach/config';
import { paise } from '@kavach/domain';
import { createKiteSimApp } from './kite-sim-app';

/** The simulated account's opening cash: ₹10 lakh. */
const ACCOUNT_FUNDS = paise(10_00_000_00);

/** Composition root: environment, logger, simulator and facade; stops cleanly on a signal. */
async function main(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger('kite-sim', env.LOG_LEVEL);
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

  stopOnSignals(() => app.stop(), logger);
}

main().catch((error: unknown) => {
  // Start-up failures (bad env, port in use) must be loud and final.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
