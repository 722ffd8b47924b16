import type { TickMode } from '../broker';

export interface TickerSubscriptions {
  /** Records the tokens in this mode; returns them (de-duplicated) for sending. */
  readonly add: (tokens: readonly number[], mode: TickMode) => readonly number[];
  /** Forgets the tokens; returns those that were subscribed. */
  readonly remove: (tokens: readonly number[]) => readonly number[];
  /** Every subscribed token grouped by mode, for a (re)subscription after a connect. */
  readonly byMode: () => ReadonlyMap<TickMode, readonly number[]>;
  readonly size: () => number;
}

export function createTickerSubscriptions(): TickerSubscriptions {
  const modes = new Map<number, TickMode>();
  return {
    add: (tokens, mode) => {
      const unique = [...new Set(tokens)];
      for (const token of unique) {
        if (!Number.isSafeInteger(token) || token <= 0) {
          throw new RangeError(`instrument token must be a positive integer, got ${token}`);
        }
        modes.set(token, mode);
      }
      return unique;
    },
    remove: (tokens) => {
      const removed = [...new Set(tokens)].filter((token) => modes.has(token));
      for (const token of removed) modes.delete(token);
      return removed;
    },
    byMode: () => {
      const grouped = new Map<TickMode, number[]>();
      for (const [token, mode] of modes) {
        const tokens = grouped.get(mode) ?? [];
        tokens.push(token);
        grouped.set(mode, tokens);
      }
      return grouped;
    },
    size: () => modes.size,
  };
}
