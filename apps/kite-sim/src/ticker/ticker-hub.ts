import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { errorBody } from '../kite/envelope';
import { KITE_MESSAGES } from '../kite/kite-error';
import type { FaultRegistry } from '../faults/fault-registry';
import type { Quote } from '../market/market-contract';
import type { SessionStore } from '../session/session-store';
import { encodeFrame, encodePacket, HEARTBEAT_FRAME } from './packet-encoder';
import { parseTickerCommand } from './subscription-message';
import type { TickerCommand } from './subscription-message';
import type { TickMode } from './tick-mode';

/** Paths the ticker answers on: DESIGN's /ws, and / as on ws.kite.trade. */
const TICKER_PATHS = new Set(['/ws', '/ws/', '/']);
/** Kite's per-connection cap. */
const MAX_TOKENS_PER_CONNECTION = 3000;
/** A client this far behind is skipped for ticks rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const DEFAULT_MODE: TickMode = 'quote';

export interface TickerHubOptions {
  readonly sessions: SessionStore;
  readonly quoteOf: (token: number) => Quote | undefined;
  readonly faults: FaultRegistry;
  readonly logger: Logger;
  readonly heartbeatMs?: number;
}

export interface TickerHub {
  /** For the HTTP server's 'upgrade' event; false when the path is not the ticker's. */
  readonly handleUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => boolean;
  /** Send the current quotes of these tokens to every connection subscribed to them. */
  readonly broadcastTicks: (tokens: Iterable<number>) => void;
  /** An order update as Kite sends it: text `{"type":"order","data":…}` to every connection. */
  readonly sendOrderUpdate: (order: object) => void;
  /** Fault injection: close every connection abruptly. Returns how many were dropped. */
  readonly dropAll: () => number;
  readonly connectionCount: () => number;
  readonly close: () => Promise<void>;
}

interface Connection {
  readonly socket: WebSocket;
  readonly modes: Map<number, TickMode>;
  sentSinceHeartbeat: boolean;
}

function rejectUpgrade(socket: Duplex, status: number, reason: string, body: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function createTickerHub(options: TickerHubOptions): TickerHub {
  const { faults, logger } = options;
  const wss = new WebSocketServer({ noServer: true, clientTracking: false });
  const connections = new Set<Connection>();

  const sendBinary = (connection: Connection, frame: Buffer): void => {
    if (connection.socket.readyState !== connection.socket.OPEN) return;
    connection.socket.send(frame, { binary: true });
    connection.sentSinceHeartbeat = true;
  };

  const packetsFor = (
    connection: Connection,
    tokens: Iterable<number>,
    cache: Map<string, Buffer>,
  ): Buffer[] => {
    const packets: Buffer[] = [];
    for (const token of tokens) {
      const mode = connection.modes.get(token);
      if (mode === undefined) continue;
      const key = `${token}:${mode}`;
      let packet = cache.get(key);
      if (packet === undefined) {
        const quote = options.quoteOf(token);
        if (quote === undefined) continue;
        packet = encodePacket(quote, mode);
        cache.set(key, packet);
      }
      packets.push(packet);
    }
    return packets;
  };

  const sendTicks = (
    connection: Connection,
    tokens: Iterable<number>,
    cache: Map<string, Buffer>,
  ): void => {
    if (faults.tickerMuted()) return;
    if (connection.socket.bufferedAmount > MAX_BUFFERED_BYTES) return;
    const packets = packetsFor(connection, tokens, cache);
    if (packets.length > 0) sendBinary(connection, encodeFrame(packets));
  };

  const sendError = (connection: Connection, message: string): void => {
    connection.socket.send(JSON.stringify({ type: 'error', data: message }));
  };

  const apply = (connection: Connection, command: TickerCommand): void => {
    const { modes } = connection;
    switch (command.action) {
      case 'unsubscribe':
        for (const token of command.tokens) modes.delete(token);
        return;
      case 'subscribe':
      case 'mode': {
        const fresh = command.tokens.filter((t) => !modes.has(t)).length;
        if (modes.size + fresh > MAX_TOKENS_PER_CONNECTION) {
          sendError(
            connection,
            `Maximum of ${MAX_TOKENS_PER_CONNECTION} instruments per connection`,
          );
          return;
        }
        const mode = command.action === 'mode' ? command.mode : DEFAULT_MODE;
        for (const token of command.tokens) {
          // Re-subscribing keeps the mode a client chose; only a mode message changes it.
          if (command.action === 'mode' || !modes.has(token)) modes.set(token, mode);
        }
        // Kite sends the current tick right away, so a client never waits for the next trade.
        sendTicks(connection, command.tokens, new Map());
        return;
      }
    }
  };

  const accept = (socket: WebSocket): void => {
    const connection: Connection = { socket, modes: new Map(), sentSinceHeartbeat: false };
    connections.add(connection);
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.isBuffer(data)
          ? data
          : Buffer.from(new Uint8Array(data));
      const parsed = parseTickerCommand(text.toString('utf8'));
      if (parsed.ok) apply(connection, parsed.command);
      else sendError(connection, parsed.error);
    });
    socket.on('close', () => connections.delete(connection));
    socket.on('error', (error) => {
      logger.debug({ err: error }, 'ticker connection error');
    });
  };

  const heartbeat = setInterval(() => {
    if (faults.heartbeatsStopped() || faults.tickerMuted()) return;
    for (const connection of connections) {
      if (!connection.sentSinceHeartbeat) sendBinary(connection, HEARTBEAT_FRAME);
      connection.sentSinceHeartbeat = false;
    }
  }, options.heartbeatMs ?? 1_000);
  heartbeat.unref();

  return {
    handleUpgrade: (request, socket, head) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (!TICKER_PATHS.has(url.pathname)) return false;
      const apiKey = url.searchParams.get('api_key') ?? '';
      const accessToken = url.searchParams.get('access_token') ?? '';
      if (options.sessions.authenticate(apiKey, accessToken) === null) {
        rejectUpgrade(
          socket,
          403,
          'Forbidden',
          JSON.stringify(errorBody('TokenException', KITE_MESSAGES.badToken)),
        );
        return true;
      }
      wss.handleUpgrade(request, socket, head, accept);
      return true;
    },
    broadcastTicks: (tokens) => {
      const list = [...tokens];
      const cache = new Map<string, Buffer>();
      for (const connection of connections) sendTicks(connection, list, cache);
    },
    sendOrderUpdate: (order) => {
      const text = JSON.stringify({ type: 'order', id: '', data: order });
      for (const { socket } of connections) {
        if (socket.readyState === socket.OPEN) socket.send(text);
      }
    },
    dropAll: () => {
      const count = connections.size;
      for (const { socket } of connections) socket.terminate();
      connections.clear();
      return count;
    },
    connectionCount: () => connections.size,
    close: () => {
      clearInterval(heartbeat);
      for (const { socket } of connections) socket.terminate();
      connections.clear();
      return new Promise((resolve) => {
        wss.close(() => {
          resolve();
        });
      });
    },
  };
}
