import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Env, Logger } from '@kavach/config';
import type { Db, HeldLease, LeaseHolder } from '@kavach/db';
import { acquireEngineLease } from '@kavach/db';
import { serveStandby } from './standby-server';

export interface LeaseTiming {
  /** Standby: how often to try for the lease. Default 500 ms. */
  readonly pollMs?: number;
  /** Holder: how often to renew. Default 1 s. */
  readonly renewMs?: number;
  /** Holder: PostgreSQL counts as unreachable after no renewal for this long. Default 3 s. */
  readonly ttlMs?: number;
  /** Holder: fenced after PostgreSQL was unreachable this long. Default DB_OUTAGE_GRACE_SECONDS. */
  readonly outageGraceMs?: number;
}

export interface TakenLease {
  /** Null on the embedded database, which one process holds exclusively anyway. */
  readonly held: HeldLease | null;
  readonly holder: string;
  /** How long this engine waited as a standby (0 when the lease was free). */
  readonly waitedMs: number;
  /** The engine that held it before, when one is recorded. */
  readonly previous: LeaseHolder | null;
  /** True while this engine may send orders. */
  readonly mayWrite: () => boolean;
}

/**
 * One engine per Kite account: on PostgreSQL, waits as a hot standby (answering on the
 * engine's port) until this engine holds the account's lease. Resolves with the lease held.
 */
export async function takeEngineLease(deps: {
  readonly env: Env;
  readonly db: Db;
  readonly logger: Logger;
  readonly timing?: LeaseTiming;
  readonly signal?: AbortSignal;
}): Promise<TakenLease> {
  const { env, logger } = deps;
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  if (deps.db.kind === 'pglite' || env.DATABASE_URL === undefined) {
    return { held: null, holder, waitedMs: 0, previous: null, mayWrite: () => true };
  }
  const account = env.KITE_API_KEY;
  let seen: LeaseHolder | null = null;
  const standby = await serveStandby({
    host: env.ENGINE_HOST,
    port: env.ENGINE_PORT,
    account,
    holder: () => seen,
    logger,
  });
  const started = performance.now();
  try {
    const held = await acquireEngineLease(
      {
        databaseUrl: env.DATABASE_URL,
        account,
        holder,
        url: env.ENGINE_URL,
        outageGraceMs: env.DB_OUTAGE_GRACE_SECONDS * 1_000,
        ...deps.timing,
        onWaiting: (current) => {
          seen = current;
          logger.warn(
            { account, activeEngine: current?.holder ?? null, url: current?.url ?? null },
            'another engine trades this Kite account: waiting as a hot standby',
          );
        },
        onRetry: (error) => {
          logger.warn({ err: error }, 'cannot reach PostgreSQL for the engine lease; retrying');
        },
      },
      deps.signal,
    );
    const waitedMs = Math.round(performance.now() - started);
    logger.info({ account, epoch: held.epoch, waitedMs }, 'engine lease taken: this engine trades');
    return { held, holder, waitedMs, previous: seen, mayWrite: () => held.isValid() };
  } finally {
    await standby.close();
  }
}
