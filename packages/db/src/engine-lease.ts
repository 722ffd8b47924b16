import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

/**
 * One trading engine per Kite account. The engine that holds a session-level PostgreSQL
 * advisory lock trades; another waits as a hot standby. PostgreSQL frees the lock the moment
 * the holder's connection closes (a crashed process closes it at once), so a standby polling
 * every `pollMs` takes over within about that long.
 *
 * Fencing: every take-over increments the row's epoch. The holder renews its row every
 * `renewMs` with `WHERE epoch = mine`; when a renewal finds another epoch the lease is lost at
 * once: `isValid()` turns false, the engine sends nothing more to the broker and stops.
 *
 * PostgreSQL away (ADR 7): a holder whose renewals fail keeps the lease for `outageGraceMs`
 * so it can go on protecting and exiting positions; it reconnects, takes the lock again and
 * renews `WHERE epoch = mine`, or learns it was replaced. A standby therefore never takes over
 * from a holder that may still be inside its grace: when PostgreSQL restarted after the last
 * renewal (the lock vanished with the restart, not with the holder), it waits until the row is
 * older than the grace. A holder partitioned from a running PostgreSQL keeps its lock there
 * until the server's TCP keepalive gives up (hours by default), long after its grace ended.
 */
export interface EngineLeaseOptions {
  readonly databaseUrl: string;
  /** The Kite account traded (its API key). */
  readonly account: string;
  /** This engine: host, pid, a random suffix. */
  readonly holder: string;
  /** The engine API address the dashboard reaches this engine at. */
  readonly url: string | null;
  /** Standby: how often to try the lock. Default 500 ms. */
  readonly pollMs?: number;
  /** Holder: how often to renew. Default 1 s. */
  readonly renewMs?: number;
  /** Holder: PostgreSQL counts as unreachable after no renewal for this long. Default 3 s. */
  readonly ttlMs?: number;
  /**
   * Holder: lost when no renewal succeeded for this long (PostgreSQL away). Standby: how old
   * the row of a holder cut off by a PostgreSQL restart must be before taking over. Default
   * 120 s; every engine of an account must use the same value.
   */
  readonly outageGraceMs?: number;
  /** Monotonic milliseconds (lease timing is real time, never the venue's clock). */
  readonly now?: () => number;
  /** Standby: called when the holder seen changes (null: none recorded). */
  readonly onWaiting?: (holder: LeaseHolder | null) => void;
  /** Standby: a failed attempt (the database is away); it keeps trying. */
  readonly onRetry?: (error: Error) => void;
}

export interface LeaseHolder {
  readonly holder: string;
  readonly epoch: number;
  readonly url: string | null;
  readonly acquiredAt: Date;
  readonly renewedAt: Date;
}

export interface HeldLease {
  readonly account: string;
  readonly epoch: number;
  /** True while this engine may send orders: held, renewed within the grace, never lost. */
  isValid(): boolean;
  /** True while renewals succeed (within the TTL): PostgreSQL is reachable. */
  isConnected(): boolean;
  /** Called once, with the reason, when the lease is lost (never after release()). */
  onLost(listener: (reason: string) => void): void;
  /** Frees the lock so a standby takes over at once. Idempotent. */
  release(): Promise<void>;
}

export class LeaseAbortedError extends Error {
  override readonly name = 'LeaseAbortedError';
}

/** The advisory lock key of an account: the first 8 bytes of a SHA-256, as a signed bigint. */
export function leaseLockKey(account: string): string {
  const digest = createHash('sha256').update(`kavach-engine:${account}`).digest();
  return digest.readBigInt64BE(0).toString();
}

/** Waits until this engine holds the account's lease (or `signal` aborts). */
export async function acquireEngineLease(
  options: EngineLeaseOptions,
  signal?: AbortSignal,
): Promise<HeldLease> {
  const pollMs = options.pollMs ?? 500;
  let seen: string | undefined;
  // A function, not a property read, so each check sees an abort that came while awaiting.
  const aborted = (): boolean => signal?.aborted === true;
  for (;;) {
    if (aborted()) throw new LeaseAbortedError('stopped while waiting for the lease');
    const client = connect(options);
    try {
      await client.connect();
      for (;;) {
        if (aborted()) break;
        const epoch = await tryTake(client, options);
        if (epoch !== null) return holdLease(client, options, epoch);
        const current = await readEngineLease(client, options.account);
        const fingerprint = current === null ? '' : `${current.holder}#${current.epoch}`;
        if (fingerprint !== seen) {
          seen = fingerprint;
          options.onWaiting?.(current);
        }
        await sleep(pollMs, undefined, { signal }).catch(() => undefined);
      }
    } catch (error) {
      options.onRetry?.(error instanceof Error ? error : new Error(String(error)));
      await sleep(pollMs, undefined, { signal }).catch(() => undefined);
    }
    await client.end().catch(() => undefined);
  }
}

/** Who holds an account's lease, as last recorded (any connection or pool will do). */
export async function readEngineLease(
  queryable: Pick<pg.ClientBase, 'query'>,
  account: string,
): Promise<LeaseHolder | null> {
  const { rows } = await queryable.query<{
    holder: string;
    epoch: number;
    url: string | null;
    acquired_at: Date;
    renewed_at: Date;
  }>('SELECT holder, epoch, url, acquired_at, renewed_at FROM engine_leases WHERE account = $1', [
    account,
  ]);
  const row = rows[0];
  if (row === undefined) return null;
  return {
    holder: row.holder,
    epoch: row.epoch,
    url: row.url,
    acquiredAt: row.acquired_at,
    renewedAt: row.renewed_at,
  };
}

function connect(options: EngineLeaseOptions): pg.Client {
  const client = new pg.Client({
    connectionString: options.databaseUrl,
    application_name: 'kavach-engine-lease',
    keepAlive: true,
    keepAliveInitialDelayMillis: 1_000,
    // A renewal that hangs must not outlive the TTL unnoticed.
    query_timeout: Math.max(500, (options.ttlMs ?? DEFAULT_TTL_MS) - (options.renewMs ?? 1_000)),
    connectionTimeoutMillis: options.ttlMs ?? DEFAULT_TTL_MS,
  });
  // Errors surface through the next query; an unhandled 'error' event would kill the process.
  client.on('error', () => undefined);
  return client;
}

const DEFAULT_TTL_MS = 3_000;
const DEFAULT_GRACE_MS = 120_000;

/**
 * A cleanly released lease is marked as renewed at the Unix epoch: nobody is inside a grace,
 * so a standby takes over even across a PostgreSQL restart.
 */
const RELEASED_AT = 'to_timestamp(0)';

/** The lock and a new epoch, or null when another engine holds it or may still hold it. */
async function tryTake(client: pg.Client, options: EngineLeaseOptions): Promise<number | null> {
  const key = leaseLockKey(options.account);
  const { rows } = await client.query<{ locked: boolean }>(
    'SELECT pg_try_advisory_lock($1::bigint) AS locked',
    [key],
  );
  if (rows[0]?.locked !== true) return null;
  if (await holderMayBeInGrace(client, options)) {
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
    return null;
  }
  const taken = await client.query<{ epoch: number }>(
    `INSERT INTO engine_leases (account, holder, epoch, url, acquired_at, renewed_at)
     VALUES ($1, $2, 1, $3, now(), now())
     ON CONFLICT (account) DO UPDATE
       SET holder = EXCLUDED.holder, epoch = engine_leases.epoch + 1, url = EXCLUDED.url,
           acquired_at = now(), renewed_at = now()
     RETURNING epoch`,
    [options.account, options.holder, options.url],
  );
  const epoch = taken.rows[0]?.epoch;
  if (epoch === undefined) throw new Error('engine_leases returned no epoch');
  return epoch;
}

/**
 * The lock is free, but was it freed by the holder? A holder whose connection closed on a
 * running server is gone (or learns it was replaced at its next renewal). One cut off by a
 * PostgreSQL restart since its last renewal may be alive and reconnecting within its grace.
 */
async function holderMayBeInGrace(
  client: pg.Client,
  options: EngineLeaseOptions,
): Promise<boolean> {
  const { rows } = await client.query<{ restarted_since: boolean; age_ms: number }>(
    `SELECT pg_postmaster_start_time() > renewed_at AS restarted_since,
            (extract(epoch FROM now() - renewed_at) * 1000)::float8 AS age_ms
       FROM engine_leases WHERE account = $1`,
    [options.account],
  );
  const row = rows[0];
  if (row?.restarted_since !== true) return false;
  return row.age_ms <= (options.outageGraceMs ?? DEFAULT_GRACE_MS);
}

function holdLease(first: pg.Client, options: EngineLeaseOptions, epoch: number): HeldLease {
  const now = options.now ?? (() => performance.now());
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const graceMs = options.outageGraceMs ?? DEFAULT_GRACE_MS;
  const key = leaseLockKey(options.account);
  let renewedAt = now();
  let lostReason: string | null = null;
  let released = false;
  const listeners: ((reason: string) => void)[] = [];
  /** The lock's connection; null once it closed, until a renewal reconnects. */
  let client: pg.Client | null = null;
  /** Whether `client`'s session holds the advisory lock. */
  let locked = false;

  const attach = (next: pg.Client, holdsLock: boolean): void => {
    client = next;
    locked = holdsLock;
    // A closed connection frees the lock; the next renewal reconnects and takes it again.
    next.on('end', () => {
      if (client !== next) return;
      client = null;
      locked = false;
    });
  };
  attach(first, true);

  const lose = (reason: string): void => {
    if (lostReason !== null || released) return;
    lostReason = reason;
    clearInterval(timer);
    for (const listener of listeners) listener(reason);
    void client?.end().catch(() => undefined);
  };
  const reconnect = async (): Promise<pg.Client> => {
    const next = connect(options);
    try {
      await next.connect();
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    attach(next, false);
    return next;
  };
  const renew = async (): Promise<void> => {
    try {
      const current = client ?? (await reconnect());
      if (!locked) {
        const { rows } = await current.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock($1::bigint) AS locked',
          [key],
        );
        // Held elsewhere: a standby checking whether this engine is alive lets go once the
        // renewal below shows it is; one that took over moved the epoch, which the renewal sees.
        locked = rows[0]?.locked === true;
      }
      const { rowCount } = await current.query(
        `UPDATE engine_leases SET renewed_at = now()
          WHERE account = $1 AND holder = $2 AND epoch = $3`,
        [options.account, options.holder, epoch],
      );
      if (rowCount === 1) renewedAt = now();
      else lose(`another engine took the lease over (epoch ${epoch} is no longer current)`);
    } catch {
      // PostgreSQL away or slow: the grace decides, checked after every attempt.
    }
  };
  let renewing = false;
  const timer = setInterval(() => {
    if (renewing) return;
    renewing = true;
    void renew().finally(() => {
      renewing = false;
      if (lostReason === null && now() - renewedAt > graceMs) {
        lose(`PostgreSQL unreachable: the lease was not renewed for ${graceMs} ms`);
      }
    });
  }, options.renewMs ?? 1_000);

  return {
    account: options.account,
    epoch,
    isValid: () => lostReason === null && !released && now() - renewedAt <= graceMs,
    isConnected: () => lostReason === null && !released && now() - renewedAt <= ttlMs,
    onLost: (listener) => {
      listeners.push(listener);
    },
    release: async () => {
      if (released) return;
      released = true;
      clearInterval(timer);
      if (lostReason !== null || client === null) return;
      const current = client;
      await current
        .query(
          `UPDATE engine_leases SET renewed_at = ${RELEASED_AT}
            WHERE account = $1 AND holder = $2 AND epoch = $3`,
          [options.account, options.holder, epoch],
        )
        .catch(() => undefined);
      await current.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => undefined);
      await current.end().catch(() => undefined);
    },
  };
}
