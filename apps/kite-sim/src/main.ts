import { createLogger, loadEnv, stopOnSignals } from '@kavach/config';
import { startKiteSim } from './start-kite-sim';

/** kite-sim as its own process: the environment, the simulator, a clean stop on a signal. */
async function main(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger('kite-sim', env.LOG_LEVEL);
  const sim = await startKiteSim({ env, logger });
  stopOnSignals(() => sim.stop(), logger);
}

main().catch((error: unknown) => {
  // Start-up failures (bad env, port in use) must be loud and final.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
