import type { Db } from '@kavach/db';
import type { Clock, MarketCalendar } from '@kavach/domain';
import Fastify from 'fastify';
import type { Logger } from '@kavach/config';
import { describeMarket } from './market-status';

export { type EngineServer, type EngineServerDeps, buildEngineServer } from './engine-server';
export type { ControlResult, EngineApi, PostbackResult } from './engine-api';
export { type ResolvedEngineToken, resolveEngineToken } from './engine-token';

export interface ServerDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly calendar: MarketCalendar;
  readonly logger: Logger;
  readonly mode: 'PAPER' | 'LIVE';
  readonly startedAt: number;
}

/**
 * The step-1 server (GET /health, GET /api/market), kept until main.ts moves to
 * buildEngineServer, which serves /healthz and the control API.
 */
export function buildServer(deps: ServerDeps) {
  const app = Fastify({ loggerInstance: deps.logger });

  app.get('/health', async (_request, reply) => {
    const database = await checkDatabase(deps.db);
    const market = describeMarket(deps.calendar, deps.clock.now());
    const ok = database.ok;
    return reply.code(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'degraded',
      mode: deps.mode,
      uptimeSeconds: Math.floor((deps.clock.now() - deps.startedAt) / 1000),
      database,
      market,
    });
  });

  app.get('/api/market', () => describeMarket(deps.calendar, deps.clock.now()));

  return app;
}

async function checkDatabase(
  db: Db,
): Promise<{ ok: true; kind: string } | { ok: false; kind: string; error: string }> {
  try {
    await db.prisma.$queryRaw`SELECT 1`;
    return { ok: true, kind: db.kind };
  } catch (error) {
    return { ok: false, kind: db.kind, error: error instanceof Error ? error.message : 'unknown' };
  }
}
