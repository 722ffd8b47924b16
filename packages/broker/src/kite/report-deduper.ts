import { isClosedStatus } from '@kavach/domain';
import type { Clock } from '@kavach/domain';
import type { BrokerOrderReport } from '../broker';

export interface ReportDeduperOptions {
  readonly clock: Clock;
  /** A closed order's last report is forgotten this long after it closed. */
  readonly forgetClosedAfterMs: number;
  /** Hard bound on remembered orders; the least recently reported go first. */
  readonly maxOrders: number;
}

export interface ReportDeduper {
  /** True (and remembered) when the report says something new about its order. */
  readonly admit: (report: BrokerOrderReport) => boolean;
  readonly size: () => number;
}

/**
 * Ticker, postback and poll repeat one another, and Kite itself sends some updates twice. A
 * report identical to the last one let through for that order (status, fills, quantity,
 * average price, venue status) is dropped, whichever source it came from. Forgetting only ever
 * lets a repeat through again, which the engine's state machine absorbs; it never hides news.
 */
export function createReportDeduper(options: ReportDeduperOptions): ReportDeduper {
  const lastSignature = new Map<string, string>();
  // Insertion order is closing order, and the clock never runs backwards: expiry is a prefix.
  const closedAt = new Map<string, number>();

  const forget = (orderId: string): void => {
    lastSignature.delete(orderId);
    closedAt.delete(orderId);
  };

  const prune = (): void => {
    const horizon = options.clock.now() - options.forgetClosedAfterMs;
    for (const [orderId, at] of closedAt) {
      if (at > horizon) break;
      forget(orderId);
    }
    while (lastSignature.size > options.maxOrders) {
      const oldest = lastSignature.keys().next();
      if (oldest.done === true) break;
      forget(oldest.value);
    }
  };

  return {
    admit: (report) => {
      const id = report.brokerOrderId;
      const signature = [
        report.status,
        report.filledQuantity,
        report.quantity,
        report.averagePrice ?? '-',
        report.venueStatus,
      ].join('|');
      const seen = lastSignature.get(id) === signature;
      if (!seen) {
        // Re-inserting moves the order to the young end of both maps.
        lastSignature.delete(id);
        lastSignature.set(id, signature);
        closedAt.delete(id);
        if (isClosedStatus(report.status)) closedAt.set(id, options.clock.now());
      }
      prune();
      return !seen;
    },
    size: () => lastSignature.size,
  };
}
