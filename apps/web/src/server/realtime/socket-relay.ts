import type { Server as HttpServer } from 'node:http';
import { CHANNELS, createTickConflator, isValidInstrumentToken } from '@kavach/bus';
import type { Bus, NamedChannel, TickMessage, Unsubscribe } from '@kavach/bus';
import type { Logger } from '@kavach/config';
import { Server } from 'socket.io';
import type { Auth } from '../auth/create-auth';
import { readSessionUser } from '../auth/session-user';
import type { SessionUser } from '../auth/session-user';
import { userRoom } from './live-notifier';
import type { LiveNotifier } from './live-notifier';
import { createSocketRedisAdapter } from './redis-adapter';
import type { SocketRedisAdapter } from './redis-adapter';
import { SOCKET_REFUSALS } from './socket-events';
import type { ClientToServerEvents, ServerToClientEvents } from './socket-events';

/** Everything a signed-in socket receives besides the ticks it watches. */
const LIVE_ROOM = 'live';
const MAX_WATCHED = 500;
/**
 * The default conflation interval. A conflated tick waits up to one interval before it leaves,
 * so the interval is also how old a price may be when it reaches the screen: at 250 ms, 2,000
 * ticks/s reached sockets at p99 256 ms (the bus_to_socket bench; the target is 100 ms). A
 * busy instrument still reaches a browser at most 20 times a second.
 */
export const TICK_CONFLATE_MS = 50;

export interface SocketRelayOptions {
  readonly httpServer: HttpServer;
  readonly bus: Bus;
  readonly auth: Auth;
  readonly logger: Logger;
  /** The dashboard's public origin: a handshake from a page of another origin is refused. */
  readonly origin: string;
  /**
   * Redis for the Socket.IO adapter (REDIS_URL), so that what one web process emits reaches
   * the sockets of all of them; null: this process's sockets only (in-memory adapter).
   */
  readonly redisUrl: string | null;
  /** At most one tick per instrument per interval reaches a browser. */
  readonly conflateMs?: number;
}

export interface SocketRelay extends LiveNotifier {
  readonly io: Server;
  readonly close: () => Promise<void>;
}

interface SocketData {
  user: SessionUser;
}

const tickRoom = (token: number) => `tick:${token}`;

/**
 * Socket.IO on the dashboard's own port: the bus's channels to signed-in sockets, and each
 * socket's watched instruments' ticks, conflated per instrument and sent in one batch per
 * interval. A socket without a session is refused at the handshake. Every socket is told
 * whether that feed is live: while Redis is down a socket stays connected but hears nothing,
 * and its page must say so.
 *
 * Several web processes: every one subscribes to the bus itself, so bus messages and ticks go
 * to this process's own sockets only (`io.local`; through the adapter each would arrive once
 * per process). What a process itself says or does to sockets (control notices, ending a
 * user's sockets) goes through the Redis adapter to the sockets of every process.
 */
export async function attachSocketRelay(options: SocketRelayOptions): Promise<SocketRelay> {
  const { bus, auth, logger } = options;
  const redis: SocketRedisAdapter | null =
    options.redisUrl === null ? null : createSocketRedisAdapter(options.redisUrl, logger);
  const io = new Server<ClientToServerEvents, ServerToClientEvents, object, SocketData>(
    options.httpServer,
    {
      path: '/socket.io',
      serveClient: false,
      // WebSocket only, as the browser asks (lib/live.tsx): a WebSocket is one connection to
      // one process, so replicas behind a plain round-robin proxy need no sticky sessions,
      // which HTTP long-polling (many requests, each of which must reach the same process)
      // would. Without WebSockets the pages still refresh by polling tRPC.
      transports: ['websocket'],
      ...(redis === null ? {} : { adapter: redis.adapter }),
    },
  );
  if (redis !== null) {
    try {
      await redis.ready();
    } catch (error) {
      await io.close();
      await redis.close();
      throw error;
    }
  }

  io.use((socket, next) => {
    // A WebSocket is not bound by CORS: a page of another site could open one with the
    // browser's cookie. Browsers always send Origin on the handshake; tools send none.
    const origin = socket.request.headers.origin;
    if (origin !== undefined && origin !== options.origin) {
      next(new Error(SOCKET_REFUSALS.FORBIDDEN_ORIGIN));
      return;
    }
    readSessionUser(auth, socket.request.headers).then(
      (user) => {
        if (user === null) {
          next(new Error(SOCKET_REFUSALS.UNAUTHORIZED));
          return;
        }
        socket.data.user = user;
        next();
      },
      (error: unknown) => {
        logger.error({ err: error }, 'socket session check failed');
        next(new Error(SOCKET_REFUSALS.UNAVAILABLE));
      },
    );
  });

  // One message per socket per flush, holding every watched instrument that moved: a message
  // per tick would multiply the frames (and a browser's renders) by the instruments watched.
  const batches = new Map<string, TickMessage[]>();
  const sendBatches = () => {
    for (const [id, ticks] of batches) io.sockets.sockets.get(id)?.emit('ticks', ticks);
    batches.clear();
  };
  const conflator = createTickConflator({
    intervalMs: options.conflateMs ?? TICK_CONFLATE_MS,
    publish: (tick) => {
      // This process's sockets only, as io.local: see above.
      for (const id of io.sockets.adapter.rooms.get(tickRoom(tick.token)) ?? []) {
        const batch = batches.get(id);
        if (batch === undefined) batches.set(id, [tick]);
        else batch.push(tick);
      }
    },
    schedule: (flush, intervalMs) => {
      const timer = setInterval(() => {
        flush();
        sendBatches();
      }, intervalMs);
      timer.unref();
      return () => {
        clearInterval(timer);
      };
    },
  });

  const unsubscribers: Unsubscribe[] = [];
  for (const channel of Object.values(CHANNELS) as NamedChannel[]) {
    unsubscribers.push(
      await bus.subscribe(channel, (payload) => {
        io.local.to(LIVE_ROOM).emit('bus', { channel, payload });
      }),
    );
  }
  unsubscribers.push(
    await bus.subscribeTicks((tick) => {
      if (io.sockets.adapter.rooms.has(tickRoom(tick.token))) conflator.offer(tick);
    }),
  );
  // Each process tells its own sockets about its own bus: the adapter runs over the same
  // Redis, so it could not carry the news that Redis is down. (The bus logs the outage.)
  const stopFeedWatch = bus.onReceivingChange((live) => {
    io.local.to(LIVE_ROOM).emit('feed', { live });
  });

  io.on('connection', (socket) => {
    const { user } = socket.data;
    void socket.join([LIVE_ROOM, userRoom(user.id)]);
    socket.on('watch', (tokens: unknown, ack?: unknown) => {
      // Whatever the browser sent is checked here: the types say nothing about the wire.
      const wanted = readTokens(tokens);
      for (const room of socket.rooms) {
        if (room.startsWith('tick:')) void socket.leave(room);
      }
      for (const token of wanted) void socket.join(tickRoom(token));
      if (typeof ack === 'function') (ack as (count: number) => void)(wanted.length);
    });
    socket.emit('hello', { user });
    socket.emit('feed', { live: bus.receiving() });
  });

  return {
    io,
    announceControl: (notice) => {
      io.emit('control', notice);
    },
    disconnectUser: (userId) => {
      // This process's sockets at once, whatever Redis does; the adapter then asks every
      // process (this one included: nothing left to do here by then).
      io.local.in(userRoom(userId)).disconnectSockets(true);
      if (redis !== null) io.in(userRoom(userId)).disconnectSockets(true);
    },
    close: async () => {
      stopFeedWatch();
      conflator.stop();
      sendBatches();
      for (const off of unsubscribers) await off();
      await io.close();
      await redis?.close();
    },
  };
}

function readTokens(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  const tokens = value.filter(
    (v): v is number => typeof v === 'number' && isValidInstrumentToken(v),
  );
  return [...new Set(tokens)].slice(0, MAX_WATCHED);
}
