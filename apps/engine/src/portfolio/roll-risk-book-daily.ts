import type { RiskBook } from './risk-book';

/**
 * The risk book of a trading day: the first look at it on a new IST date (the gates read it
 * before every entry) starts the day's realised P&L from zero and forgets closed brackets, so
 * an engine left running overnight does not carry yesterday's loss into today's daily-loss stop.
 */
export function rollRiskBookDaily(book: RiskBook, today: () => string): RiskBook {
  let day = today();
  return {
    ...book,
    snapshot: () => {
      const now = today();
      if (now !== day) {
        day = now;
        book.resetDay();
      }
      return book.snapshot();
    },
  };
}
