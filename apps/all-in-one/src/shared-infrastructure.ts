import { createBus } from '@kavach/bus';
import type { Bus } from '@kavach/bus';
import type { Env, Logger } from '@kavach/config';
import { createDb } from '@kavach/db';
import type { Db } from '@kavach/db';

export interface SharedInfrastructure {
  readonly db: Db;
  readonly bus: Bus;
  readonly close: () => Promise<void>;
}

/**
 * The one database and the one bus every part of the process uses. PGlite is a single
 * in-process instance: a second one on the same directory would corrupt it.
 */
export async function openSharedInfrastructure(
  env: Env,
  logger: Logger,
): Promise<SharedInfrastructure> {
  const db = createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  const migrations = await db.migrate();
  logger.info({ db: db.kind, migrations }, 'database ready');
  const bus = createBus({ redisUrl: env.REDIS_URL, logger });
  return {
    db,
    bus,
    close: async () => {
      await bus.close();
      await db.close();
    },
  };
}
