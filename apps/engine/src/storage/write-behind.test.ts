import { createLogger } from '@kavach/config';
import { DuplicateKeyError } from '@kavach/db';
import { describe, expect, it } from 'vitest';
import { createWriteBehind } from './write-behind';

const DOWN = Object.assign(new Error("Can't reach database server"), { code: 'P1001' });

/** A database the test switches off and on; it records what was written, in order. */
function fakeDatabase() {
  const rows: string[] = [];
  let up = true;
  return {
    rows,
    setUp: (value: boolean) => (up = value),
    insert: (row: string) => () => {
      if (!up) return Promise.reject(DOWN);
      rows.push(row);
      return Promise.resolve();
    },
  };
}

function writeBehind() {
  return createWriteBehind({
    logger: createLogger('test', 'silent'),
    now: () => Date.now(),
    retryMs: 5,
  });
}

describe('write-behind', () => {
  it('writes at once while PostgreSQL is there', async () => {
    const db = fakeDatabase();
    const writes = writeBehind();
    await writes.write('a', db.insert('a'));
    expect(db.rows).toEqual(['a']);
    expect(writes.caughtUp()).toBe(true);
  });

  it('keeps writes in order while PostgreSQL is away and writes them when it returns', async () => {
    const db = fakeDatabase();
    const writes = writeBehind();
    db.setUp(false);
    await writes.write('stop row', db.insert('stop row'));
    db.setUp(true);
    // Later writes queue behind the kept one even though the database is back: order holds.
    await writes.write('stop filled', db.insert('stop filled'));
    expect(writes.caughtUp()).toBe(false);
    await writes.drained();
    expect(db.rows).toEqual(['stop row', 'stop filled']);
    expect(writes.caughtUp()).toBe(true);
    expect(writes.waitingSince()).toBeNull();
  });

  it('counts the records a kept write holds', async () => {
    const db = fakeDatabase();
    const writes = writeBehind();
    db.setUp(false);
    await writes.write('3 audit rows', db.insert('batch'), 3);
    await writes.write('stop row', db.insert('stop row'));
    expect(writes.pending()).toBe(4);
    db.setUp(true);
    await writes.drained();
    expect(writes.pending()).toBe(0);
  });

  it('counts a replay that meets its own row as written and goes on', async () => {
    const db = fakeDatabase();
    const writes = writeBehind();
    let attempts = 0;
    await writes.write('ambiguous', () => {
      attempts += 1;
      return Promise.reject(
        attempts === 1 ? DOWN : new DuplicateKeyError('DUPLICATE_CLIENT_ORDER_ID', 'x'),
      );
    });
    await writes.write('next', db.insert('next'));
    await writes.drained();
    expect(attempts).toBe(2);
    expect(db.rows).toEqual(['next']);
  });

  it('throws what is not an outage, keeping nothing', async () => {
    const writes = writeBehind();
    await expect(
      writes.write('bad', () => Promise.reject(new RangeError('quantity must be positive'))),
    ).rejects.toThrow(RangeError);
    expect(writes.pending()).toBe(0);
  });

  it('stops retrying when stopped', async () => {
    const db = fakeDatabase();
    const writes = writeBehind();
    db.setUp(false);
    await writes.write('lost', db.insert('lost'));
    writes.stop();
    await writes.drained();
    expect(db.rows).toEqual([]);
  });
});
