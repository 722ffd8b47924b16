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
 * `renewMs` with `WHERE epoch = mine`; when the renewal fails, finds another epoch, or has not
 * succeeded for `ttlMs`, the lease is lost and `isValid()` turns false at once — the engine
 * sends nothing more to the broker and stops. A holder cut off from PostgreSQL so fences itself
 * within `ttlMs`, long before PostgreSQL notices the dead connection and lets a standby in.
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
  /** Holder: lost when no renewal succeeded for this long. Default 3 s. */
  readonly ttlMs?: number;
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
  /** True while this engine may trade: held, renewed within the TTL, never lost. */
  isValid(): boolean;
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
    query_timeout: Math.max(500, (options.ttlMs ?? 3_000) - (options.renewMs ?? 1_000)),
  });
  // Errors surface through the next query; an unhandled 'error' event would kill the process.
  client.on('error', () => undefined);
  return client;
}

/** The lock and a new epoch, or null when another engine holds it. */
async function tryTake(client: pg.Client, options: EngineLeaseOptions): Promise<number | null> {
  const key = leaseLockKey(options.account);
  const { rows } = await client.query<{ locked: boolean }>(
    'SELECT pg_try_advisory_lock($1::bigint) AS locked',
    [key],
  );
  if (rows[0]?.locked !== true) return null;
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

function holdLease(client: pg.Client, options: EngineLeaseOptions, epoch: number): HeldLease {
  const now = options.now ?? (() => performance.now());
  const ttlMs = options.ttlMs ?? 3_000;
  let renewedAt = now();
  let lostReason: string | null = null;
  let released = false;
  const listeners: ((reason: string) => void)[] = [];

  const lose = (reason: string): void => {
    if (lostReason !== null || released) return;
    lostReason = reason;
    clearInterval(timer);
    for (const listener of listeners) listener(reason);
    void client.end().catch(() => undefined);
  };
  const renew = async (): Promise<void> => {
    try {
      const { rowCount } = await client.query(
        `UPDATE engine_leases SET renewed_at = now()
          WHERE account = $1 AND holder = $2 AND epoch = $3`,
        [options.account, options.holder, epoch],
      );
      if (rowCount === 1) renewedAt = now();
      else lose(`another engine took the lease over (epoch ${epoch} is no longer current)`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (now() - renewedAt > ttlMs) lose(`lease not renewed for ${ttlMs} ms: ${message}`);
    }
  };
  let renewing = false;
  const timer = setInterval(() => {
    if (renewing) return;
    renewing = true;
    void renew().finally(() => {
      renewing = false;
      if (lostReason === null && now() - renewedAt > ttlMs) {
        lose(`lease not renewed for ${ttlMs} ms`);
      }
    });
  }, options.renewMs ?? 1_000);
  // A closed lock connection means PostgreSQL has freed (or will free) the lock: lost now.
  client.on('end', () => {
    lose('the lease connection to PostgreSQL closed');
  });

  return {
    account: options.account,
    epoch,
    isValid: () => lostReason === null && !released && now() - renewedAt <= ttlMs,
    onLost: (listener) => {
      listeners.push(listener);
    },
    release: async () => {
      if (released) return;
      released = true;
      clearInterval(timer);
      if (lostReason !== null) return;
      await client
        .query('SELECT pg_advisory_unlock($1::bigint)', [leaseLockKey(options.account)])
        .catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}
