import type { Db } from '@kavach/db';
import type { Clock } from '@kavach/domain';
import type { SessionPort } from '../control/ports';
import type { TradingStateService } from '../control/trading-state';
import type { EngineApi } from './engine-api';

export type DatabaseStatus =
  | { readonly ok: true; readonly kind: string }
  | { readonly ok: false; readonly kind: string; readonly error: string };

/** A round trip to the database: the one dependency without which the engine must not trade. */
export function createDatabaseCheck(
  db: Pick<Db, 'prisma' | 'kind'>,
): () => Promise<DatabaseStatus> {
  return async () => {
    try {
      await db.prisma.$queryRaw`SELECT 1`;
      return { ok: true, kind: db.kind };
    } catch (error) {
      return {
        ok: false,
        kind: db.kind,
        error: error instanceof Error ? error.message : 'unknown',
      };
    }
  };
}

export interface HealthCheckOptions {
  readonly checkDatabase: () => Promise<DatabaseStatus>;
  readonly tradingState: Pick<TradingStateService, 'current'>;
  readonly session: SessionPort;
  /** The market data connection as the broker adapter reports it. */
  readonly marketData: () => { readonly state: string; readonly reason: string | null };
  readonly clock: Clock;
  readonly startedAt: number;
}

/**
 * GET /healthz. Ready means the database answers: a closed market, a missing Kite login or a
 * paused engine are states to show, not reasons for an orchestrator to restart the process.
 */
export function createHealthCheck(options: HealthCheckOptions): EngineApi['health'] {
  return async () => {
    const database = await options.checkDatabase();
    const session = options.session.kiteSession();
    const trading = options.tradingState.current();
    return {
      ok: database.ok,
      details: {
        database,
        marketData: options.marketData(),
        session: { valid: session.valid, userId: session.userId, expiresAt: session.expiresAt },
        tradingState: { state: trading.state, since: trading.since },
        uptimeSeconds: Math.floor((options.clock.now() - options.startedAt) / 1000),
      },
    };
  };
}
