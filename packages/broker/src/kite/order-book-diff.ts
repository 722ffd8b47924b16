import type { BrokerOrderReport } from '../broker';

export interface OrderBookDiff {
  /** The orders of this book that changed since the previous one (all of them the first time). */
  readonly changed: (book: readonly BrokerOrderReport[]) => readonly BrokerOrderReport[];
}

/**
 * Polling's memory: the previous book's (status, filled, quantity, updatedAt) per order. Only
 * the latest book is kept, so memory is bounded by one session's order book.
 */
export function createOrderBookDiff(): OrderBookDiff {
  let previous = new Map<string, string>();
  return {
    changed: (book) => {
      const current = new Map<string, string>();
      const changed: BrokerOrderReport[] = [];
      for (const report of book) {
        const key = [report.status, report.filledQuantity, report.quantity, report.updatedAt].join(
          '|',
        );
        current.set(report.brokerOrderId, key);
        if (previous.get(report.brokerOrderId) !== key) changed.push(report);
      }
      previous = current;
      return changed;
    },
  };
}
