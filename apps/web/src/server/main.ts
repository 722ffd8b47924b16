import { join } from 'node:path';
import { createBus } from '@kavach/bus';
import {
  createLogger,
  ENGINE_TOKEN_FILE,
  loadEnv,
  readStoredSecret,
  stopOnSignals,
} from '@kavach/config';
import { createDb } from '@kavach/db';
import { startWeb } from './start-web';
import { readWebSettings } from './web-settings';

/**
 * The dashboard as its own process (distributed set-up): PostgreSQL at DATABASE_URL, the
 * engine at ENGINE_URL with ENGINE_API_TOKEN (or the token file the engine wrote in
 * DATA_DIR), live updates from Redis at REDIS_URL.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger('web', env.LOG_LEVEL);
  if (env.DATABASE_URL === undefined) {
    // The embedded database belongs to one process: `pnpm start` runs the dashboard with it.
    throw new Error(
      'DATABASE_URL is not set: run the dashboard alone on PostgreSQL, or use `pnpm start`',
    );
  }
  const engineToken =
    env.ENGINE_API_TOKEN ?? (await readStoredSecret(join(env.DATA_DIR, ENGINE_TOKEN_FILE)));
  if (engineToken === null) {
    throw new Error('ENGINE_API_TOKEN is not set and the engine has written no token in DATA_DIR');
  }
  if (env.REDIS_URL === undefined) {
    logger.warn('REDIS_URL is not set: the dashboard gets no live updates, only what it reads');
  }
  const db = createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  const bus = createBus({ redisUrl: env.REDIS_URL, logger });
  const web = await startWeb({
    ...(await readWebSettings(env, env.KITE_ROOT)),
    db,
    bus,
    logger,
    engine: {
      url: env.ENGINE_URL,
      token: engineToken,
      // With a standby engine beside it, the one trading is the lease holder: follow it.
      locate: async () =>
        (await db.prisma.engineLease.findUnique({ where: { account: env.KITE_API_KEY } }))?.url ??
        null,
    },
  });
  stopOnSignals(async () => {
    await web.stop();
    await bus.close();
    await db.close();
  }, logger);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
