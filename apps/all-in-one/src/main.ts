import { join } from 'node:path';
import { createLogger, loadEnv, stopOnSignals } from '@kavach/config';
import { startEngine } from '@kavach/engine/start';
import { startKiteSim } from '@kavach/kite-sim/start';
import { readWebSettings, startWeb } from '@kavach/web/start';
import { openSharedInfrastructure } from './shared-infrastructure';
import { describeFirstRun, formatBanner } from './first-run';

/**
 * `pnpm start`: kite-sim (unless KITE_ROOT points at a real Kite), the engine and the
 * dashboard in one process, sharing one database (PGlite under DATA_DIR unless DATABASE_URL)
 * and one bus (in-process unless REDIS_URL). Ctrl-C stops them in reverse order.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger('kavach', env.LOG_LEVEL);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    const shared = await openSharedInfrastructure(env, logger);
    stops.push(shared.close);

    const sim =
      env.KITE_ROOT === undefined
        ? await startKiteSim({
            env: {
              ...env,
              // Postbacks reach the engine too, beside the ticker and polling, as Zerodha's would.
              KITE_SIM_POSTBACK_URL:
                env.KITE_SIM_POSTBACK_URL ?? `http://127.0.0.1:${env.ENGINE_PORT}/postback`,
            },
            logger: logger.child({ app: 'kite-sim' }),
            port: env.KITE_SIM_PORT,
            // The simulated broker remembers its day across a Ctrl-C, as Zerodha would.
            stateFile: env.KITE_SIM_STATE_FILE ?? join(env.DATA_DIR, 'kite-sim-state.json'),
          })
        : null;
    if (sim !== null) stops.push(sim.stop);

    const engine = await startEngine({
      env: { ...env, KITE_ROOT: sim?.root ?? env.KITE_ROOT },
      logger: logger.child({ app: 'engine' }),
      db: shared.db,
      bus: shared.bus,
    });
    stops.push(() => engine.stop('shutdown'));

    const settings = await readWebSettings(env, sim?.root ?? env.KITE_ROOT);
    const web = await startWeb({
      ...settings,
      db: shared.db,
      bus: shared.bus,
      logger: logger.child({ app: 'web' }),
      engine: { url: engine.url, token: engine.token },
    });
    stops.push(web.stop);

    const facts = await describeFirstRun({
      db: shared.db,
      publicUrl: settings.publicUrl,
      admin: settings.admin,
      simulator: sim?.root ?? null,
    });
    logger.info(facts, 'Kavach is running');
    process.stdout.write(formatBanner(facts));
  } catch (error) {
    await stopAll();
    throw error;
  }
  stopOnSignals(stopAll, logger);
}

main().catch((error: unknown) => {
  // Start-up failures (bad env or config, a port in use) must be loud and final.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
