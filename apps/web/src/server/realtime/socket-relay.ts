import type { Server as HttpServer } from 'node:http';
import { CHANNELS, createTickConflator, isValidInstrumentToken } from '@kavach/bus';
import type { Bus, NamedChannel, Unsubscribe } from '@kavach/bus';
import type { Logger } from '@kavach/config';
import { Server } from 'socket.io';
import type { Auth } from '../auth/create-auth';
import { readSessionUser } from '../auth/session-user';
import type { SessionUser } from '../auth/session-user';
import type { ClientToServerEvents, ServerToClientEvents } from './socket-events';

/** Everything a signed-in socket receives besides the ticks it watches. */
const LIVE_ROOM = 'live';
const MAX_WATCHED = 500;

export interface SocketRelayOptions {
  readonly httpServer: HttpServer;
  readonly bus: Bus;
  readonly auth: Auth;
  readonly logger: Logger;
  /** At most one tick per instrument per interval reaches a browser. */
  readonly conflateMs?: number;
}

export interface SocketRelay {
  readonly io: Server;
  readonly close: () => Promise<void>;
}

interface SocketData {
  user: SessionUser;
}

const tickRoom = (token: number) => `tick:${token}`;

/**
 * Socket.IO on the dashboard's own port: the bus's channels to signed-in sockets, and each
 * socket's watched instruments' ticks, conflated per instrument. A socket without a session
 * is refused at the handshake.
 */
export async function attachSocketRelay(options: SocketRelayOptions): Promise<SocketRelay> {
  const { bus, auth, logger } = options;
  const io = new Server<ClientToServerEvents, ServerToClientEvents, object, SocketData>(
    options.httpServer,
    { path: '/socket.io', serveClient: false },
  );

  io.use((socket, next) => {
    readSessionUser(auth, socket.request.headers).then(
      (user) => {
        if (user === null) {
          next(new Error('UNAUTHORIZED'));
          return;
        }
        socket.data.user = user;
        next();
      },
      (error: unknown) => {
        logger.error({ err: error }, 'socket session check failed');
        next(new Error('UNAUTHORIZED'));
      },
    );
  });

  const conflator = createTickConflator({
    intervalMs: options.conflateMs ?? 250,
    publish: (tick) => {
      io.to(tickRoom(tick.token)).emit('tick', tick);
    },
  });

  const unsubscribers: Unsubscribe[] = [];
  for (const channel of Object.values(CHANNELS) as NamedChannel[]) {
    unsubscribers.push(
      await bus.subscribe(channel, (payload) => {
        io.to(LIVE_ROOM).emit('bus', { channel, payload });
      }),
    );
  }
  unsubscribers.push(
    await bus.subscribeTicks((tick) => {
      if (io.sockets.adapter.rooms.has(tickRoom(tick.token))) conflator.offer(tick);
    }),
  );

  io.on('connection', (socket) => {
    void socket.join(LIVE_ROOM);
    socket.on('watch', (tokens: unknown, ack?: unknown) => {
      // Whatever the browser sent is checked here: the types say nothing about the wire.
      const wanted = readTokens(tokens);
      for (const room of socket.rooms) {
        if (room.startsWith('tick:')) void socket.leave(room);
      }
      for (const token of wanted) void socket.join(tickRoom(token));
      if (typeof ack === 'function') (ack as (count: number) => void)(wanted.length);
    });
    socket.emit('hello', { user: socket.data.user });
  });

  return {
    io,
    close: async () => {
      conflator.stop();
      for (const off of unsubscribers) await off();
      await io.close();
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
