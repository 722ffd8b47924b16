import type { Logger } from '@kavach/config';
import { DuplicateKeyError, Prisma, StaleVersionError, isDatabaseUnavailable } from '@kavach/db';

/**
 * PostgreSQL is the record, but a position must never wait for it (ADR 7). While it is
 * unreachable, the writes of protective work (order rows of stops and exits, their state,
 * group progress, risk events, audit rows of the kill switch) queue here in order and are
 * written when it returns; anything new that needs a record first — an entry's write-ahead
 * row, a webhook delivery — fails and is refused instead.
 */
export interface WriteBehind {
  /**
   * Writes now and resolves when written; when PostgreSQL is unreachable, or earlier writes
   * still wait, keeps the write for later and resolves at once. Other errors are thrown.
   * `rows`: how many records the write holds (a batch holds several); default 1.
   */
  write(what: string, run: () => Promise<unknown>, rows?: number): Promise<void>;
  /** True while nothing waits: the record is complete. */
  caughtUp(): boolean;
  /** Records waiting for PostgreSQL. */
  pending(): number;
  /** When the oldest waiting write was first refused (ms, the clock's), or null. */
  waitingSince(): number | null;
  /** Resolves once nothing waits (or `stop()`). */
  drained(): Promise<void>;
  /** Stops retrying; what still waits is logged as lost. */
  stop(): void;
}

export interface WriteBehindOptions {
  readonly logger: Logger;
  readonly now: () => number;
  /** Between attempts while PostgreSQL is away. Default 500 ms. */
  readonly retryMs?: number;
  readonly isUnavailable?: (error: unknown) => boolean;
}

interface Waiting {
  readonly what: string;
  readonly run: () => Promise<unknown>;
  readonly rows: number;
}

/**
 * A write whose first attempt failed with the connection may have committed anyway; its
 * replay then meets its own row (unique key) or a newer version. Either way it is written.
 */
function isAlreadyWritten(error: unknown): boolean {
  return (
    error instanceof DuplicateKeyError ||
    error instanceof StaleVersionError ||
    (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
  );
}

export function createWriteBehind(options: WriteBehindOptions): WriteBehind {
  const { logger, now } = options;
  const retryMs = options.retryMs ?? 500;
  const isUnavailable = options.isUnavailable ?? isDatabaseUnavailable;
  const queue: Waiting[] = [];
  let keptRows = 0;
  let since: number | null = null;
  let flushing: Promise<void> | null = null;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let wake: (() => void) | null = null;

  const keep = (entry: Waiting): void => {
    if (queue.length === 0) {
      since = now();
      logger.error(
        { what: entry.what },
        'PostgreSQL unreachable: keeping writes in memory until it returns',
      );
    }
    queue.push(entry);
    keptRows += entry.rows;
    flushing ??= flush().finally(() => {
      flushing = null;
    });
  };

  async function flush(): Promise<void> {
    let written = 0;
    while (queue.length > 0 && !stopped) {
      const head = queue[0];
      if (head === undefined) break;
      try {
        await head.run();
        written += head.rows;
      } catch (error) {
        if (isUnavailable(error)) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            timer = setTimeout(resolve, retryMs);
          });
          continue;
        }
        if (isAlreadyWritten(error)) written += head.rows;
        else logger.error({ err: error, what: head.what }, 'a kept write failed and was dropped');
      }
      queue.shift();
      keptRows -= head.rows;
    }
    if (queue.length === 0 && since !== null) {
      logger.warn({ written, waitedMs: now() - since }, 'PostgreSQL is back: kept writes written');
      since = null;
    }
  }

  return {
    write: async (what, run, rows = 1) => {
      if (queue.length > 0) {
        keep({ what, run, rows });
        return;
      }
      try {
        await run();
      } catch (error) {
        if (!isUnavailable(error) || stopped) throw error;
        keep({ what, run, rows });
      }
    },
    caughtUp: () => queue.length === 0,
    pending: () => keptRows,
    waitingSince: () => since,
    drained: async () => {
      while (flushing !== null) await flushing;
    },
    stop: () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      wake?.();
      if (queue.length > 0) {
        logger.error(
          { lost: queue.map((entry) => entry.what) },
          'stopped with writes still waiting for PostgreSQL',
        );
      }
    },
  };
}

/** Every write at once, errors thrown: no PostgreSQL outage to ride out (tests, PGlite). */
export const writeThrough: WriteBehind = {
  write: async (_what, run) => {
    await run();
  },
  caughtUp: () => true,
  pending: () => 0,
  waitingSince: () => null,
  drained: () => Promise.resolve(),
  stop: () => undefined,
};
