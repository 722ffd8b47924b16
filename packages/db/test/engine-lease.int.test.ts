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

  it('is lost at once when PostgreSQL drops the holder connection, and a standby takes over', async () => {
    const account = nextAccount();
    const first = await acquireEngineLease(leaseFor('a', account));
    const lost = lostReason(first);
    const second = acquireEngineLease(leaseFor('b', account));
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'kavach-engine-lease' AND pid IN (
          SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)`,
    );
    expect(await lost).toMatch(/closed|renewed/);
    expect(first.isValid()).toBe(false);
    const taken = await second;
    expect(taken.epoch).toBe(2);
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

  it('fences itself when renewals stall past the TTL', async () => {
    const account = nextAccount();
    const lease = await acquireEngineLease(leaseFor('a', account, { renewMs: 100, ttlMs: 600 }));
    const lost = lostReason(lease);
    // A row lock held elsewhere makes every renewal hang until its query timeout.
    await admin.query('BEGIN');
    await admin.query('SELECT 1 FROM engine_leases WHERE account = $1 FOR UPDATE', [account]);
    const started = performance.now();
    try {
      expect(await lost).toMatch(/not renewed for 600 ms/);
      expect(performance.now() - started).toBeLessThan(3_000);
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
