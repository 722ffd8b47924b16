import { isDatabaseUnavailable } from '@kavach/db';
import type { WriteBehind } from './write-behind';

/**
 * Rows of one table, written many to a statement: a burst (a flatten, a reconciliation, a storm
 * of risk events) costs one round trip per batch instead of one per row. Batches go out one
 * after another in the order their rows were added, each through the write-behind, so while
 * PostgreSQL is away they are kept in order with every other write and replayed as batches.
 */
export interface RowBatcher<Row> {
  /**
   * Resolves once the row is written, or kept by the write-behind while PostgreSQL is away;
   * rejects with what PostgreSQL said if it refused the row.
   */
  add(row: Row): Promise<void>;
  /** Resolves once every row added so far is written, kept or refused. */
  settled(): Promise<void>;
}

export interface RowBatcherOptions<Row> {
  /** What the rows are, for the write-behind's log: "audit rows". */
  readonly what: string;
  readonly writes: WriteBehind;
  /** Writes the rows in one statement; rows already stored must be skipped (a replay). */
  readonly insert: (rows: readonly Row[]) => Promise<unknown>;
  /** Most rows in one statement. Default 500. */
  readonly maxRows?: number;
  /**
   * Runs the flush of a batch that is not full yet. Default: the next turn of the event loop,
   * so rows made in the same turn share a statement and no row waits on a timer.
   */
  readonly defer?: (flush: () => void) => void;
  readonly isUnavailable?: (error: unknown) => boolean;
}

interface Waiting<Row> {
  readonly row: Row;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Some rows of a batch were refused; the others are written. */
class RowsRefused extends AggregateError {
  constructor(
    readonly refused: ReadonlyMap<unknown, unknown>,
    message: string,
  ) {
    super([...refused.values()], message);
  }
}

const nextTurn = (flush: () => void): void => {
  setImmediate(flush);
};

export function createRowBatcher<Row>(options: RowBatcherOptions<Row>): RowBatcher<Row> {
  const { what, writes, insert } = options;
  const maxRows = options.maxRows ?? 500;
  const defer = options.defer ?? nextTurn;
  const isUnavailable = options.isUnavailable ?? isDatabaseUnavailable;
  const buffer: Waiting<Row>[] = [];
  let writing = false;
  let scheduled = false;
  let last: Promise<void> = Promise.resolve();

  async function flush(): Promise<void> {
    writing = true;
    while (buffer.length > 0) await writeBatch(buffer.splice(0, maxRows));
    // Cleared in the same turn as the emptiness check: a row added after it starts a new flush.
    writing = false;
  }

  /** Settles every row of the batch; never throws. */
  async function writeBatch(batch: readonly Waiting<Row>[]): Promise<void> {
    const run = async (): Promise<void> => {
      try {
        await insert(batch.map((waiting) => waiting.row));
        return;
      } catch (error) {
        if (batch.length === 1 || isUnavailable(error)) throw error;
      }
      // One row PostgreSQL refuses (text it cannot store, a missing foreign row) must not cost
      // the rest of its batch: each is written on its own, and only the refused ones fail.
      const refused = new Map<Waiting<Row>, unknown>();
      for (const waiting of batch) {
        try {
          await insert([waiting.row]);
        } catch (error) {
          if (isUnavailable(error)) throw error;
          refused.set(waiting, error);
        }
      }
      if (refused.size > 0) {
        throw new RowsRefused(refused, `${refused.size} of ${batch.length} ${what} refused`);
      }
    };
    try {
      await writes.write(`${batch.length} ${what}`, run, batch.length);
    } catch (error) {
      for (const waiting of batch) {
        const refused = error instanceof RowsRefused ? error.refused : null;
        if (refused === null) waiting.reject(error);
        else if (refused.has(waiting)) waiting.reject(refused.get(waiting));
        else waiting.resolve();
      }
      return;
    }
    for (const waiting of batch) waiting.resolve();
  }

  const start = (): void => {
    scheduled = false;
    if (!writing && buffer.length > 0) void flush();
  };

  return {
    add: (row) => {
      const written = new Promise<void>((resolve, reject) => {
        buffer.push({ row, resolve, reject });
      });
      // Batches settle in order, so the newest row settling means every earlier one has.
      last = written.catch(() => undefined);
      if (writing) return written;
      if (buffer.length >= maxRows) start();
      else if (!scheduled) {
        scheduled = true;
        defer(start);
      }
      return written;
    },
    settled: () => last,
  };
}
