import { createLogger } from '@kavach/config';
import { describe, expect, it } from 'vitest';
import { createRowBatcher } from './row-batcher';
import { createWriteBehind, writeThrough } from './write-behind';

const DOWN = Object.assign(new Error("Can't reach database server"), { code: 'P1001' });

interface Row {
  readonly id: string;
}

/**
 * A table the test switches off and on. It records each statement, skips ids it holds (as
 * ON CONFLICT DO NOTHING does) and refuses the ids in `refuse`, failing their whole statement.
 * With `hold`, each statement waits until the test releases it.
 */
function fakeTable(options: { hold?: boolean; refuse?: readonly string[] } = {}) {
  const stored: string[] = [];
  const statements: string[][] = [];
  const held: (() => void)[] = [];
  let up = true;
  const insert = async (rows: readonly Row[]): Promise<void> => {
    if (options.hold === true) await new Promise<void>((resolve) => held.push(resolve));
    if (!up) throw DOWN;
    const refused = rows.find((row) => options.refuse?.includes(row.id) === true);
    if (refused !== undefined) throw new RangeError(`refused ${refused.id}`);
    statements.push(rows.map((row) => row.id));
    for (const row of rows) if (!stored.includes(row.id)) stored.push(row.id);
  };
  return {
    stored,
    statements,
    insert,
    setUp: (value: boolean) => (up = value),
    release: () => {
      for (const resolve of held.splice(0)) resolve();
    },
  };
}

/** Deferred flushes run when the test says, not on the event loop's next turn. */
function manualTurns() {
  const waiting: (() => void)[] = [];
  return {
    defer: (flush: () => void) => {
      waiting.push(flush);
    },
    next: () => {
      for (const flush of waiting.splice(0)) flush();
    },
  };
}

const rows = (...ids: string[]): Row[] => ids.map((id) => ({ id }));

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

describe('row batcher', () => {
  it('writes the rows of one turn in one statement, in order, and only then resolves', async () => {
    const table = fakeTable();
    const turns = manualTurns();
    const batcher = createRowBatcher<Row>({
      what: 'rows',
      writes: writeThrough,
      insert: table.insert,
      defer: turns.defer,
    });
    let written = 0;
    const adds = rows('a', 'b', 'c').map((row) =>
      batcher.add(row).then(() => {
        written += 1;
      }),
    );
    await settle();
    expect(table.statements).toEqual([]);
    expect(written).toBe(0);
    turns.next();
    await Promise.all(adds);
    expect(table.statements).toEqual([['a', 'b', 'c']]);
    expect(written).toBe(3);
  });

  it('sends a full batch at once and one batch at a time, rows added meanwhile next', async () => {
    const table = fakeTable({ hold: true });
    const turns = manualTurns();
    const batcher = createRowBatcher<Row>({
      what: 'rows',
      writes: writeThrough,
      insert: table.insert,
      maxRows: 2,
      defer: turns.defer,
    });
    const first = rows('a', 'b').map((row) => batcher.add(row));
    // Full: on its way without waiting for the next turn.
    const later = rows('c', 'd', 'e').map((row) => batcher.add(row));
    turns.next();
    table.release();
    await Promise.all(first);
    expect(table.statements).toEqual([['a', 'b']]);
    for (let i = 0; i < 3; i += 1) {
      await settle();
      table.release();
    }
    await Promise.all(later);
    await batcher.settled();
    expect(table.statements).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('settles once every row added so far is written', async () => {
    const table = fakeTable();
    const batcher = createRowBatcher<Row>({
      what: 'rows',
      writes: writeThrough,
      insert: table.insert,
    });
    for (const row of rows('a', 'b', 'c')) void batcher.add(row).catch(() => undefined);
    await batcher.settled();
    expect(table.stored).toEqual(['a', 'b', 'c']);
  });

  it('fails only the row PostgreSQL refuses; the rest of its batch is written', async () => {
    const table = fakeTable({ refuse: ['b'] });
    const turns = manualTurns();
    const batcher = createRowBatcher<Row>({
      what: 'rows',
      writes: writeThrough,
      insert: table.insert,
      defer: turns.defer,
    });
    const [a, b, c] = rows('a', 'b', 'c').map((row) => batcher.add(row));
    turns.next();
    await expect(a).resolves.toBeUndefined();
    await expect(b).rejects.toThrow('refused b');
    await expect(c).resolves.toBeUndefined();
    expect(table.stored).toEqual(['a', 'c']);
  });

  it('keeps its batches in order while PostgreSQL is away and writes each row once', async () => {
    const table = fakeTable();
    const turns = manualTurns();
    const writes = createWriteBehind({
      logger: createLogger('test', 'silent'),
      now: () => 0,
      retryMs: 1,
    });
    const batcher = createRowBatcher<Row>({
      what: 'rows',
      writes,
      insert: table.insert,
      maxRows: 2,
      defer: turns.defer,
    });
    table.setUp(false);
    const kept = rows('a', 'b', 'c').map((row) => batcher.add(row));
    turns.next();
    // Kept for later, not refused: the caller goes on (ADR 7), the status counts the rows.
    await Promise.all(kept);
    expect(writes.pending()).toBe(3);
    table.setUp(true);
    await writes.drained();
    expect(table.statements).toEqual([['a', 'b'], ['c']]);
    expect(writes.pending()).toBe(0);
  });

  it('replays a batch that had in fact been written without writing it twice', async () => {
    const table = fakeTable();
    let attempts = 0;
    const writes = createWriteBehind({
      logger: createLogger('test', 'silent'),
      now: () => 0,
      retryMs: 1,
    });
    const batcher = createRowBatcher<Row>({
      what: 'rows',
      writes,
      // The first statement commits but its answer is lost with the connection.
      insert: async (batch) => {
        attempts += 1;
        await table.insert(batch);
        if (attempts === 1) throw DOWN;
      },
    });
    await Promise.all(rows('a', 'b').map((row) => batcher.add(row)));
    await writes.drained();
    expect(attempts).toBe(2);
    expect(table.stored).toEqual(['a', 'b']);
  });

  it('throws what is not an outage to the row’s writer, keeping nothing', async () => {
    const table = fakeTable({ refuse: ['a'] });
    const writes = createWriteBehind({ logger: createLogger('test', 'silent'), now: () => 0 });
    const batcher = createRowBatcher<Row>({ what: 'rows', writes, insert: table.insert });
    await expect(batcher.add({ id: 'a' })).rejects.toThrow('refused a');
    expect(writes.pending()).toBe(0);
  });
});
