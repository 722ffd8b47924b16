import { join } from 'node:path';
import { createLocalBus, createRedisBus } from '@kavach/bus';
import {
  createLogger,
  loadEnv,
  readStoredSecret,
  resolveSecret,
  stopOnSignals,
} from '@kavach/config';
import { createDb } from '@kavach/db';
import { resolveKiteLoginUrl } from './kite/kite-login-url';
import { startWeb } from './start-web';

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
    env.ENGINE_API_TOKEN ?? (await readStoredSecret(join(env.DATA_DIR, 'engine-api-token')));
  if (engineToken === null) {
    throw new Error('ENGINE_API_TOKEN is not set and the engine has written no token in DATA_DIR');
  }
  if (env.REDIS_URL === undefined) {
    logger.warn('REDIS_URL is not set: the dashboard gets no live updates, only what it reads');
  }
  const db = createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  const bus =
    env.REDIS_URL === undefined
      ? createLocalBus({ logger })
      : createRedisBus({ url: env.REDIS_URL, logger });
  const authSecret = await resolveSecret({
    name: 'AUTH_SECRET',
    envValue: env.AUTH_SECRET,
    dataDir: env.DATA_DIR,
    file: 'auth-secret',
    minLength: 32,
  });
  const web = await startWeb({
    db,
    bus,
    logger,
    engine: { url: env.ENGINE_URL, token: engineToken },
    host: env.WEB_HOST,
    port: env.WEB_PORT,
    publicUrl: env.WEB_PUBLIC_URL ?? `http://127.0.0.1:${env.WEB_PORT}`,
    authSecret: authSecret.value,
    admin:
      env.ADMIN_EMAIL !== undefined && env.ADMIN_PASSWORD !== undefined
        ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }
        : null,
    kite: {
      loginUrl: resolveKiteLoginUrl(env.KITE_LOGIN_URL, env.KITE_ROOT),
      apiKey: env.KITE_API_KEY,
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
