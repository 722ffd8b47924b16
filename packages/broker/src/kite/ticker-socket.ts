import type { Tick, TickMode } from '../broker';

/** What one ticker connection reports; the market-data manager decides what it means. */
export interface TickerSocketHandlers {
  readonly onOpen: () => void;
  /** Any binary frame: ticks or a 1-byte heartbeat. */
  readonly onFrame: () => void;
  /**
   * One ticks frame, decoded. `unreadable` counts the packets it declared that gave no tick
   * (cut off, or of a length no mode has); the ticks beside them are good.
   */
  readonly onTicks: (ticks: readonly Tick[], unreadable: number) => void;
  readonly onOrderUpdate: (payload: unknown) => void;
  readonly onError: (message: string) => void;
  /** The socket itself gave up on a silent connection and is closing it. */
  readonly onSilent: (message: string) => void;
  /** The connection is gone; exactly once per `connect`. */
  readonly onClose: () => void;
}

/** One market-data connection at a time: `connect` again only after `onClose`. */
export interface TickerSocket {
  readonly connect: (accessToken: string) => void;
  /** Starts closing (or aborts a connection attempt); `onClose` follows. */
  readonly close: () => void;
  readonly subscribe: (tokens: readonly number[], mode: TickMode) => void;
  readonly unsubscribe: (tokens: readonly number[]) => void;
  /** No more callbacks; drops any connection at once. */
  readonly dispose: () => void;
}

export type TickerSocketFactory = (handlers: TickerSocketHandlers) => TickerSocket;
