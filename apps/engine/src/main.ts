import { createLogger, loadEnv, stopOnSignals } from '@kavach/config';
import { startEngine } from './start-engine';

/** The engine as its own process: the environment, the engine, a clean stop on a signal. */
async function main(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger('engine', env.LOG_LEVEL);
  const engine = await startEngine({
    env,
    logger,
    // Another engine trades the account now: exit, and the supervisor restarts this one as a
    // standby (docker's restart policy, systemd's Restart=).
    onLeaseLost: () => process.exit(75),
  });
  stopOnSignals((signal) => engine.stop(signal), logger);
}

main().catch((error: unknown) => {
  // Start-up failures (bad env, bad config, unreachable database or venue) must be loud and final.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
