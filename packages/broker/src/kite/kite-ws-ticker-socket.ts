import type { Clock } from '@kavach/domain';
import { WebSocket } from 'ws';
import type { RawData } from 'ws';
import type { BrokerLogger } from './broker-logger';
import {
  handleBinaryFrame,
  handleTextMessage,
  subscribeCommands,
  unsubscribeCommands,
} from './ticker-messages';
import type { TickerCommand } from './ticker-messages';
import type { TickerSocket, TickerSocketFactory } from './ticker-socket';

export const KITE_TICKER_ROOT = 'wss://ws.kite.trade/';

/** KiteTicker's read timeout: a connection with no message this long is taken for dead. */
export const KITE_READ_TIMEOUT_MS = 5_000;

const DEFAULT_CLOSE_GRACE_MS = 1_000;
const NORMAL_CLOSURE = 1000;

export interface KiteWsTickerSocketOptions {
  readonly apiKey: string;
  /** Default Kite's wss://ws.kite.trade/; the query string is appended to it as given. */
  readonly root?: string;
  /** Stamps ticks that carry no exchange time (ltp and quote modes). */
  readonly clock: Clock;
  readonly logger: BrokerLogger;
  /** No message at all for this long: `onSilent`, and the connection is dropped. Default 5 s. */
  readonly readTimeoutMs?: number;
  /** How long a close waits for the venue's close frame before cutting the connection. */
  readonly closeGraceMs?: number;
}

const utf8 = new TextDecoder();

/** ws hands a message over as one Buffer (binaryType nodebuffer); the rest is for the types. */
function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

/**
 * Kite's ticker on the `ws` client: the protocol KiteTicker speaks, with frames decoded
 * straight to port Ticks by decodeTicks (ADR 8). Everything lives in the instance; it never
 * reconnects by itself, which is the market-data manager's job.
 */
export function createKiteWsTickerSocketFactory(
  options: KiteWsTickerSocketOptions,
): TickerSocketFactory {
  const root = options.root ?? KITE_TICKER_ROOT;
  const readTimeoutMs = options.readTimeoutMs ?? KITE_READ_TIMEOUT_MS;
  const closeGraceMs = options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
  const { clock, logger } = options;
  const apiKey = encodeURIComponent(options.apiKey);

  return (handlers) => {
    let ws: WebSocket | null = null;
    /** Set once we asked the current connection to go: its errors are then our own doing. */
    let closing = false;
    let disposed = false;
    let readTimer: NodeJS.Timeout | null = null;
    let graceTimer: NodeJS.Timeout | null = null;

    const clearTimers = (): void => {
      if (readTimer !== null) clearTimeout(readTimer);
      if (graceTimer !== null) clearTimeout(graceTimer);
      readTimer = null;
      graceTimer = null;
    };

    const send = (commands: readonly TickerCommand[]): void => {
      // Kite forgets subscriptions with the connection; the manager sends them again on open.
      if (ws?.readyState !== WebSocket.OPEN) return;
      for (const command of commands) ws.send(JSON.stringify(command));
    };

    const onReadTimeout = (): void => {
      readTimer = null;
      if (ws === null || closing) return;
      closing = true;
      // A silent peer will not answer a close handshake either: cut the connection now.
      ws.terminate();
      handlers.onSilent(`no data from the ticker for ${readTimeoutMs} ms`);
    };

    const connect = (accessToken: string): void => {
      if (disposed) throw new Error('ticker socket disposed');
      if (ws !== null) throw new Error('ticker socket already connected: close it first');
      const url = `${root}?api_key=${apiKey}&access_token=${encodeURIComponent(accessToken)}`;
      const socket = new WebSocket(url, { headers: { 'X-Kite-Version': '3' } });
      ws = socket;
      closing = false;

      socket.on('open', () => {
        if (disposed) return;
        readTimer = setTimeout(onReadTimeout, readTimeoutMs);
        handlers.onOpen();
      });
      socket.on('message', (data, isBinary) => {
        if (disposed || closing) return;
        readTimer?.refresh();
        if (isBinary) handleBinaryFrame(toBytes(data), clock, handlers);
        else handleTextMessage(utf8.decode(toBytes(data)), handlers);
      });
      // A refused handshake arrives here as "Unexpected server response: 403", then 'close'.
      socket.on('error', (error) => {
        if (disposed || closing) return;
        handlers.onError(error.message);
      });
      socket.on('close', (code) => {
        if (ws === socket) ws = null;
        clearTimers();
        logger.debug({ code }, 'ticker socket closed');
        if (!disposed) handlers.onClose();
      });
    };

    const socket: TickerSocket = {
      connect,
      close: () => {
        if (ws === null || closing) return;
        closing = true;
        const current = ws;
        // During the handshake this aborts it; 'close' follows either way.
        current.close(NORMAL_CLOSURE);
        if (current.readyState === WebSocket.CLOSED) return;
        graceTimer = setTimeout(() => {
          graceTimer = null;
          current.terminate();
        }, closeGraceMs);
      },
      subscribe: (tokens, mode) => {
        send(subscribeCommands(tokens, mode));
      },
      unsubscribe: (tokens) => {
        send(unsubscribeCommands(tokens));
      },
      dispose: () => {
        disposed = true;
        clearTimers();
        ws?.terminate();
      },
    };
    return socket;
  };
}
