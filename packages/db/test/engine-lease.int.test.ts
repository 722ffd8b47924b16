import { type PostgresServer, startPostgres } from '@kavach/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../src/client';
import {
  type EngineLeaseOptions,
  type HeldLease,
  LeaseAbortedError,
  acquireEngineLease,
  readEngineLease,
} from '../src/engine-lease';

let server: PostgresServer;
let url: string;
let admin: pg.Client;

beforeAll(async () => {
  server = await startPostgres();
  url = await server.createDatabase('lease');
  const db = createDb({ databaseUrl: url, dataDir: '/nonexistent' });
  await db.migrate();
  await db.close();
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
}, 60_000);

afterAll(async () => {
  await admin.end();
  await server.stop();
});

let accounts = 0;
/** Each test its own account, so one test's holder never blocks the next. */
function leaseFor(holder: string, account: string, extra: Partial<EngineLeaseOptions> = {}) {
  return { databaseUrl: url, account, holder, url: `http://${holder}:8000`, pollMs: 50, ...extra };
}
const nextAccount = () => `api_key_${++accounts}`;

async function until(condition: () => boolean): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function lostReason(lease: HeldLease): Promise<string> {
  return new Promise((resolve) => {
    lease.onLost(resolve);
  });
}

describe('the engine lease (PostgreSQL advisory lock + fencing epoch)', () => {
  it('lets one engine hold an account while a second waits, then hands over on release', async () => {
    const account = nextAccount();
    const first = await acquireEngineLease(leaseFor('a', account));
    expect(first.epoch).toBe(1);
    expect(first.isValid()).toBe(true);

    const waitingFor: (string | null)[] = [];
    let secondHeld = false;
    const second = acquireEngineLease(
      leaseFor('b', account, { onWaiting: (h) => waitingFor.push(h?.holder ?? null) }),
    ).then((lease) => {
      secondHeld = true;
      return lease;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondHeld).toBe(false);
    expect(waitingFor).toEqual(['a']);
    expect(await readEngineLease(admin, account)).toMatchObject({
      holder: 'a',
      epoch: 1,
      url: 'http://a:8000',
    });

    await first.release();
    expect(first.isValid()).toBe(false);
    const taken = await second;
    expect(taken.epoch).toBe(2);
    expect((await readEngineLease(admin, account))?.holder).toBe('b');
    await taken.release();
  });

  it('keeps accounts apart: two accounts, two holders at once', async () => {
    const one = await acquireEngineLease(leaseFor('a', nextAccount()));
    const two = await acquireEngineLease(leaseFor('b', nextAccount()));
    expect(one.isValid() && two.isValid()).toBe(true);
    await Promise.all([one.release(), two.release()]);
  });

  it('hands over when a running PostgreSQL drops the holder connection; the holder then fences', async () => {
    const account = nextAccount();
    const first = await acquireEngineLease(leaseFor('a', account, { renewMs: 50 }));
    const lost = lostReason(first);
    const second = acquireEngineLease(leaseFor('b', account));
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'kavach-engine-lease' AND pid IN (
          SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)`,
    );
    // The server kept running, so the lock was freed by the holder's connection: no grace.
    const taken = await second;
    expect(taken.epoch).toBe(2);
    expect(await lost).toMatch(/epoch 1 is no longer current/);
    expect(first.isValid()).toBe(false);
    await taken.release();
  });

  it('is lost when the epoch moves on (a take-over it did not see)', async () => {
    const account = nextAccount();
    const lease = await acquireEngineLease(leaseFor('a', account, { renewMs: 50 }));
    const lost = lostReason(lease);
    await admin.query('UPDATE engine_leases SET epoch = epoch + 1 WHERE account = $1', [account]);
    expect(await lost).toMatch(/epoch 1 is no longer current/);
    expect(lease.isValid()).toBe(false);
  });

  it('counts PostgreSQL unreachable past the TTL and fences itself past the grace', async () => {
    const account = nextAccount();
    const lease = await acquireEngineLease(
      leaseFor('a', account, { renewMs: 100, ttlMs: 600, outageGraceMs: 1_500 }),
    );
    const lost = lostReason(lease);
    // A row lock held elsewhere makes every renewal hang until its query timeout.
    await admin.query('BEGIN');
    await admin.query('SELECT 1 FROM engine_leases WHERE account = $1 FOR UPDATE', [account]);
    const started = performance.now();
    try {
      await until(() => !lease.isConnected());
      expect(lease.isValid()).toBe(true);
      expect(await lost).toMatch(/not renewed for 1500 ms/);
      expect(performance.now() - started).toBeGreaterThan(1_400);
      expect(performance.now() - started).toBeLessThan(4_000);
      expect(lease.isValid()).toBe(false);
    } finally {
      await admin.query('ROLLBACK');
    }
    await lease.release();
  });

  it('stops waiting when told to', async () => {
    const account = nextAccount();
    const holder = await acquireEngineLease(leaseFor('a', account));
    const controller = new AbortController();
    const waiting = acquireEngineLease(leaseFor('b', account), controller.signal);
    setTimeout(() => {
      controller.abort();
    }, 150);
    await expect(waiting).rejects.toBeInstanceOf(LeaseAbortedError);
    expect(holder.isValid()).toBe(true);
    await holder.release();
  });

  it('keeps trying while the database refuses connections', async () => {
    const retries: string[] = [];
    const controller = new AbortController();
    const waiting = acquireEngineLease(
      {
        ...leaseFor('a', nextAccount()),
        databaseUrl: `postgresql://postgres@127.0.0.1:1/none`,
        onRetry: (error) => retries.push(error.message),
      },
      controller.signal,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(LeaseAbortedError);
    expect(retries.length).toBeGreaterThan(1);
  });
});

/** A PostgreSQL restart takes every lock with it: the holder must keep its lease through it. */
describe('the engine lease across a PostgreSQL restart', () => {
  let restarting: PostgresServer;
  let restartingUrl: string;

  beforeAll(async () => {
    restarting = await startPostgres();
    restartingUrl = await restarting.createDatabase('lease_restart');
    const db = createDb({ databaseUrl: restartingUrl, dataDir: '/nonexistent' });
    await db.migrate();
    await db.close();
  }, 60_000);

  afterAll(async () => {
    await restarting.stop();
  });

  const on = (holder: string, account: string, extra: Partial<EngineLeaseOptions> = {}) => ({
    ...leaseFor(holder, account, { renewMs: 100, ttlMs: 500, outageGraceMs: 4_000, ...extra }),
    databaseUrl: restartingUrl,
  });

  it('keeps the lease while PostgreSQL is down, takes its lock again, and a standby waits', async () => {
    const account = nextAccount();
    const holder = await acquireEngineLease(on('a', account));
    let lostWith: string | null = null;
    holder.onLost((reason) => (lostWith = reason));
    await restarting.takeDown();
    await until(() => !holder.isConnected());
    expect(holder.isValid()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await restarting.bringUp();
    // The standby finds the lock free (it vanished with the restart) and must not take it.
    const controller = new AbortController();
    const standby = acquireEngineLease(on('b', account), controller.signal);
    await until(() => holder.isConnected());
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    controller.abort();
    await expect(standby).rejects.toBeInstanceOf(LeaseAbortedError);
    expect(lostWith).toBeNull();
    const client = new pg.Client({ connectionString: restartingUrl });
    await client.connect();
    try {
      expect(await readEngineLease(client, account)).toMatchObject({ holder: 'a', epoch: 1 });
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted`,
      );
      expect(rows[0]?.n).toBe(1);
    } finally {
      await client.end();
    }
    // Released cleanly: the next engine takes over at once, restart or not.
    await holder.release();
    const next = await acquireEngineLease(on('b', account));
    expect(next.epoch).toBe(2);
    await next.release();
  }, 30_000);

  it('lets a standby in after the grace when the holder is gone too', async () => {
    const account = nextAccount();
    // The holder "dies" with the restart: its timer stops, nothing renews the row again.
    const holder = await acquireEngineLease(on('a', account, { renewMs: 60_000 }));
    await restarting.takeDown();
    await restarting.bringUp();
    const started = performance.now();
    const standby = await acquireEngineLease(on('b', account));
    const waited = performance.now() - started;
    expect(standby.epoch).toBe(2);
    expect(waited).toBeGreaterThan(2_500);
    expect(waited).toBeLessThan(8_000);
    await standby.release();
    await holder.release();
  }, 30_000);
});
