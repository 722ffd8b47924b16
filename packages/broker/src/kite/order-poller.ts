import type { BrokerOrderReport, BrokerResult } from '../broker';
import type { BrokerLogger } from './broker-logger';
import { createOrderBookDiff } from './order-book-diff';

export interface OrderPollerOptions {
  readonly intervalMs: number;
  readonly fetchBook: () => Promise<BrokerResult<readonly BrokerOrderReport[]>>;
  /** Skip a round (the session is dead: asking again only earns more TokenExceptions). */
  readonly paused: () => boolean;
  readonly onChanged: (report: BrokerOrderReport) => void;
  readonly logger: BrokerLogger;
}

export interface OrderPoller {
  readonly start: () => void;
  /** Stops and waits for a round in flight. */
  readonly stop: () => Promise<void>;
}

/**
 * The third source of order reports, for updates the ticker and postbacks lost: every
 * interval the order book, and each order that changed since the previous book. Rounds never
 * overlap: the next is scheduled when one ends.
 */
export function createOrderPoller(options: OrderPollerOptions): OrderPoller {
  const diff = createOrderBookDiff();
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let inFlight: Promise<void> = Promise.resolve();

  const round = async (): Promise<void> => {
    if (options.paused()) return;
    const book = await options.fetchBook();
    if (!book.ok) {
      options.logger.warn({ error: book.error }, 'order book poll failed');
      return;
    }
    for (const report of diff.changed(book.value)) options.onChanged(report);
  };

  const schedule = (delayMs: number): void => {
    timer = setTimeout(() => {
      timer = null;
      inFlight = round()
        .catch((error: unknown) => {
          options.logger.error({ err: error }, 'order book poll threw');
        })
        .finally(() => {
          if (running) schedule(options.intervalMs);
        });
    }, delayMs);
  };

  return {
    start: () => {
      if (running) return;
      running = true;
      schedule(0);
    },
    stop: async () => {
      running = false;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await inFlight;
    },
  };
}
