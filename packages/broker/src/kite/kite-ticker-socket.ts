import { KiteTicker } from 'kiteconnect';
import type { KiteTickerParams } from 'kiteconnect';
import type { BrokerLogger } from './broker-logger';
import type { TickerSocket, TickerSocketFactory, TickerSocketHandlers } from './ticker-socket';

/** The parts of the client's ticker we drive; `root` and the reconnect hook are untyped. */
interface KiteTickerInstance {
  access_token: string;
  attemptReconnection: () => void;
  connect: () => void;
  disconnect: () => void;
  connected: () => boolean;
  on: (event: string, callback: (...args: unknown[]) => void) => void;
  subscribe: (tokens: number[]) => number[];
  unsubscribe: (tokens: number[]) => number[];
  setMode: (mode: string, tokens: number[]) => number[];
}

/*
 * KiteTicker keeps its socket, callbacks and reconnect counters in module globals: every
 * instance shares one connection and one list of callbacks, and callbacks can never be
 * removed. So the callbacks are registered once, here, and forwarded to whichever socket
 * holds the ticker; a second holder at the same time is a programming error.
 */
let holder: TickerSocketHandlers | null = null;
let forwarding = false;

function messageOf(event: unknown): string {
  if (event instanceof Error) return event.message;
  const record = event as { message?: unknown; error?: unknown } | null;
  if (typeof record?.message === 'string') return record.message;
  if (record?.error instanceof Error) return record.error.message;
  return 'ticker error';
}

function installForwarding(ticker: KiteTickerInstance): void {
  if (forwarding) return;
  forwarding = true;
  ticker.on('connect', () => holder?.onOpen());
  ticker.on('message', () => holder?.onFrame());
  ticker.on('ticks', (ticks) => {
    holder?.onTicks(Array.isArray(ticks) ? (ticks as unknown[]) : []);
  });
  ticker.on('order_update', (payload) => holder?.onOrderUpdate(payload));
  ticker.on('error', (event) => holder?.onError(messageOf(event)));
  // 'disconnect' without an event is the client's read timeout (no frame for 5 s): it is
  // closing the socket itself. With an event it only repeats 'close', which is used instead.
  ticker.on('disconnect', (event) => {
    if (event === undefined) holder?.onSilent('the client saw no data for 5 s');
  });
  ticker.on('close', () => holder?.onClose());
}

export interface KiteTickerSocketOptions {
  readonly apiKey: string;
  /** Default Kite's wss://ws.kite.trade/. */
  readonly root?: string;
  readonly logger: BrokerLogger;
}

/**
 * The official KiteTicker as a TickerSocket. Its own reconnect is off and cannot be turned on
 * for this instance: on running out of retries (or after `disconnect()` with reconnect on) it
 * calls `process.exit(1)`. Reconnecting is the market-data manager's job.
 */
export function createKiteTickerSocketFactory(
  options: KiteTickerSocketOptions,
): TickerSocketFactory {
  return (handlers) => {
    const params = {
      api_key: options.apiKey,
      access_token: '',
      reconnect: false,
      ...(options.root === undefined ? {} : { root: options.root }),
    } as KiteTickerParams;
    const ticker = new KiteTicker(params) as unknown as KiteTickerInstance;
    // The instance method shadows the prototype's, whatever another KiteTicker in the process
    // did to the shared auto-reconnect flag: the process.exit path is unreachable from here.
    ticker.attemptReconnection = () => {
      options.logger.debug({}, 'KiteTicker asked to reconnect itself; ignored');
    };
    installForwarding(ticker);

    const socket: TickerSocket = {
      connect: (accessToken) => {
        if (holder !== null && holder !== handlers) {
          throw new Error('KiteTicker is process-wide: another KiteBroker holds its market data');
        }
        holder = handlers;
        ticker.access_token = accessToken;
        ticker.connect();
      },
      close: () => {
        ticker.disconnect();
      },
      subscribe: (tokens, mode) => {
        if (tokens.length === 0 || holder !== handlers) return;
        ticker.subscribe([...tokens]);
        ticker.setMode(mode, [...tokens]);
      },
      unsubscribe: (tokens) => {
        if (tokens.length === 0 || holder !== handlers) return;
        ticker.unsubscribe([...tokens]);
      },
      dispose: () => {
        if (holder === handlers) holder = null;
      },
    };
    return socket;
  };
}
