import { createLogger, loadEnv, stopOnSignals, systemClock } from '@kavach/config';
import { appendAudit, createDb } from '@kavach/db';
import { nseCalendar2026 } from '@kavach/domain';
import { buildServer } from './http/server';

/** Composition root: configuration, storage, services, HTTP. */
async function main(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger('engine', env.LOG_LEVEL);
  const clock = systemClock;
  const startedAt = clock.now();

  const db = createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  const migrations = await db.migrate();
  logger.info({ db: db.kind, migrations }, 'database ready');
  await appendAudit(db.prisma, {
    actorType: 'SYSTEM',
    actor: 'engine',
    action: 'engine.started',
    entity: 'engine',
    payload: { mode: env.TRADING_MODE, db: db.kind },
    at: new Date(startedAt),
  });

  const server = buildServer({
    db,
    clock,
    calendar: nseCalendar2026,
    logger,
    mode: env.TRADING_MODE,
    startedAt,
  });
  await server.listen({ host: env.ENGINE_HOST, port: env.ENGINE_PORT });

  stopOnSignals(async (signal) => {
    await server.close();
    await appendAudit(db.prisma, {
      actorType: 'SYSTEM',
      actor: 'engine',
      action: 'engine.stopped',
      entity: 'engine',
      payload: { signal },
      at: new Date(clock.now()),
    });
    await db.close();
  }, logger);
}

main().catch((error: unknown) => {
  // Start-up failures (bad env, unreachable database) must be loud and final.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
