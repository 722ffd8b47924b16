import type { MarketDataState, Tick, TickMode } from '../broker';
import type { BrokerLogger } from './broker-logger';
import type { TickerSubscriptions } from './ticker-subscriptions';
import { createTickerSubscriptions } from './ticker-subscriptions';
import type { TickerSocket, TickerSocketFactory } from './ticker-socket';

export interface ReconnectPolicy {
  /** First delay after a lost connection; doubles per failed attempt. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** A connection attempt that has not opened by then is aborted and retried. */
  readonly connectTimeoutMs: number;
  /** How long `stop()` waits for the socket to finish closing. */
  readonly closeWaitMs: number;
}

export const DEFAULT_RECONNECT_POLICY: ReconnectPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  connectTimeoutMs: 10_000,
  closeWaitMs: 5_000,
};

export interface MarketDataOptions {
  readonly createSocket: TickerSocketFactory;
  /** No binary frame (tick or heartbeat) for this long on an open connection: STALE. */
  readonly heartbeatTimeoutMs: number;
  readonly reconnect: ReconnectPolicy;
  readonly logger: BrokerLogger;
  readonly onState: (state: MarketDataState, reason: string | null) => void;
  readonly onTicks: (ticks: readonly Tick[]) => void;
  readonly onOrderUpdate: (payload: unknown) => void;
  /** The ticker refused our access token (HTTP 403 on connect). */
  readonly onSessionExpired: (message: string) => void;
}

export interface MarketData {
  /** Connects; resolves on the first open connection, rejects on an expired session or stop. */
  readonly start: (accessToken: string) => Promise<void>;
  readonly stop: () => Promise<void>;
  /** A new session: used from the next connection on, and reconnects if the last one was refused. */
  readonly setAccessToken: (accessToken: string) => void;
  readonly subscribe: (tokens: readonly number[], mode: TickMode) => void;
  readonly unsubscribe: (tokens: readonly number[]) => void;
}

type Phase = 'idle' | 'connecting' | 'open' | 'closing' | 'waiting' | 'expired' | 'stopped';

const REFUSED_SESSION = /\b403\b/;

/**
 * One ticker connection kept alive: a reconnect loop with exponential backoff, a heartbeat
 * watchdog, and every subscription sent again after each connect (Kite forgets them with the
 * connection). At most one socket exists at a time: a new one is opened only after the
 * previous one reported its close.
 */
export function createMarketData(options: MarketDataOptions): MarketData {
  const subscriptions: TickerSubscriptions = createTickerSubscriptions();
  const { reconnect, logger } = options;
  let phase: Phase = 'idle';
  let accessToken = '';
  /** The token the current connection attempt carries. */
  let attemptToken = '';
  let failedAttempts = 0;
  let socketAlive = false;
  let lastState: MarketDataState | null = null;
  let watchdog: NodeJS.Timeout | null = null;
  let connectTimer: NodeJS.Timeout | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let pendingStart: { resolve: () => void; reject: (error: Error) => void } | null = null;
  /** Packets the venue declared that decoded to no tick: a protocol change would show here. */
  let unreadablePackets = 0;
  let closeWaiters: (() => void)[] = [];

  const report = (state: MarketDataState, reason: string | null): void => {
    if (state === lastState) return;
    lastState = state;
    options.onState(state, reason);
  };

  const clearTimer = (timer: NodeJS.Timeout | null): null => {
    if (timer !== null) clearTimeout(timer);
    return null;
  };

  const clearTimers = (): void => {
    watchdog = clearTimer(watchdog);
    connectTimer = clearTimer(connectTimer);
    retryTimer = clearTimer(retryTimer);
  };

  const settleStart = (error: Error | null): void => {
    const pending = pendingStart;
    pendingStart = null;
    if (pending === null) return;
    if (error === null) pending.resolve();
    else pending.reject(error);
  };

  const resubscribe = (): void => {
    for (const [mode, tokens] of subscriptions.byMode()) socket.subscribe(tokens, mode);
  };

  const closeSocket = (): void => {
    if (!socketAlive) return;
    phase = phase === 'stopped' || phase === 'expired' ? phase : 'closing';
    socket.close();
  };

  const attempt = (): void => {
    retryTimer = null;
    if (phase !== 'waiting' && phase !== 'idle') return;
    phase = 'connecting';
    socketAlive = true;
    connectTimer = setTimeout(() => {
      connectTimer = null;
      logger.warn({ timeoutMs: reconnect.connectTimeoutMs }, 'ticker connect timed out');
      closeSocket();
    }, reconnect.connectTimeoutMs);
    attemptToken = accessToken;
    try {
      socket.connect(attemptToken);
    } catch (error) {
      // A socket that cannot even start (a malformed ticker root): a wiring bug, loud and final.
      socketAlive = false;
      clearTimers();
      phase = 'stopped';
      settleStart(error instanceof Error ? error : new Error(String(error)));
      logger.error({ err: error }, 'ticker unavailable');
    }
  };

  const scheduleAttempt = (): void => {
    const delay = Math.min(
      reconnect.initialDelayMs * 2 ** Math.min(failedAttempts, 30),
      reconnect.maxDelayMs,
    );
    failedAttempts += 1;
    phase = 'waiting';
    // Never connect from inside a close callback: the socket may still be finishing its own
    // close handling after ours returns.
    retryTimer = setTimeout(attempt, delay);
  };

  const goStale = (reason: string): void => {
    if (phase !== 'open') return;
    watchdog = clearTimer(watchdog);
    report('STALE', reason);
    logger.warn({ reason }, 'market data stale; reconnecting');
    closeSocket();
  };

  const socket: TickerSocket = options.createSocket({
    onOpen: () => {
      if (phase !== 'connecting') return;
      connectTimer = clearTimer(connectTimer);
      phase = 'open';
      failedAttempts = 0;
      report('CONNECTED', null);
      resubscribe();
      watchdog = setTimeout(() => {
        goStale(`no ticker data for ${options.heartbeatTimeoutMs} ms`);
      }, options.heartbeatTimeoutMs);
      settleStart(null);
    },
    onFrame: () => {
      watchdog?.refresh();
    },
    onTicks: (ticks, unreadable) => {
      if (phase !== 'open') return;
      if (unreadable > 0) {
        unreadablePackets += unreadable;
        logger.debug({ unreadable, total: unreadablePackets }, 'unreadable tick packets skipped');
      }
      if (ticks.length > 0) options.onTicks(ticks);
    },
    onOrderUpdate: (payload) => {
      if (phase === 'open') options.onOrderUpdate(payload);
    },
    onError: (message) => {
      // A refusal of a token already replaced is an ordinary failed attempt: retry with the new.
      if (phase === 'connecting' && REFUSED_SESSION.test(message) && attemptToken === accessToken) {
        phase = 'expired';
        logger.error({ message }, 'ticker refused the access token');
        options.onSessionExpired(`ticker refused the session: ${message}`);
        return;
      }
      // On an open connection it is the venue refusing a command (too many instruments, say):
      // worth seeing. While connecting, every failed attempt says so.
      if (phase === 'open') logger.warn({ message }, 'ticker error');
      else logger.debug({ message }, 'ticker error');
    },
    onSilent: (message) => {
      goStale(message);
    },
    onClose: () => {
      socketAlive = false;
      clearTimers();
      const waiters = closeWaiters;
      closeWaiters = [];
      for (const wake of waiters) wake();
      if (phase === 'stopped') return;
      if (phase === 'expired') {
        report('CLOSED', 'session expired');
        settleStart(new Error('Kite session expired: the ticker refused the access token'));
        return;
      }
      report('RECONNECTING', 'ticker connection closed');
      scheduleAttempt();
    },
  });

  const waitForClose = (): Promise<void> =>
    new Promise((resolve) => {
      if (!socketAlive) {
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        logger.warn({ waitMs: reconnect.closeWaitMs }, 'ticker did not close in time');
        resolve();
      }, reconnect.closeWaitMs);
      closeWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });

  return {
    start: (token) => {
      if (phase !== 'idle') throw new Error('market data already started');
      accessToken = token;
      report('CONNECTING', null);
      const started = new Promise<void>((resolve, reject) => {
        pendingStart = { resolve, reject };
      });
      attempt();
      return started;
    },
    stop: async () => {
      if (phase === 'stopped') return;
      const wasRunning = phase !== 'idle';
      phase = 'stopped';
      clearTimers();
      settleStart(new Error('market data stopped'));
      if (socketAlive) socket.close();
      await waitForClose();
      socket.dispose();
      if (wasRunning) report('CLOSED', 'stopped');
    },
    setAccessToken: (token) => {
      accessToken = token;
      if (phase !== 'expired') return;
      failedAttempts = 0;
      if (socketAlive) {
        // The refused socket is still closing: its close schedules the reconnect.
        phase = 'closing';
        return;
      }
      phase = 'waiting';
      report('CONNECTING', 'new session');
      attempt();
    },
    subscribe: (tokens, mode) => {
      const added = subscriptions.add(tokens, mode);
      if (phase === 'open') socket.subscribe(added, mode);
    },
    unsubscribe: (tokens) => {
      const removed = subscriptions.remove(tokens);
      if (phase === 'open') socket.unsubscribe(removed);
    },
  };
}
