import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { SessionUser } from '../src/server/auth/session-user';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
} from '../src/server/realtime/socket-events';
import { sequenceOf } from './load-stream';

/** A browser tab's live socket that notes when each message arrived (performance.now()). */
export interface RecordingDashboard {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly user: SessionUser;
  /** Bus messages, by the sequence number load-stream tagged them with (-1: untagged). */
  readonly events: { readonly seq: number; readonly at: number }[];
  readonly ticks: { readonly token: number; readonly price: number; readonly at: number }[];
  readonly disconnects: string[];
}

export interface DashboardAddress {
  readonly url: string;
  readonly cookie: string;
  /** The Origin a page of the dashboard sends. */
  readonly origin: string;
}

/** Connects as the browser does (WebSocket only); resolves on the hello, rejects on a refusal. */
export function connectDashboard(
  address: DashboardAddress,
  timeoutMs = 15_000,
): Promise<RecordingDashboard> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(address.url, {
    path: '/socket.io',
    transports: ['websocket'],
    extraHeaders: { cookie: address.cookie, origin: address.origin },
    reconnection: false,
  });
  const events: RecordingDashboard['events'] = [];
  const ticks: RecordingDashboard['ticks'] = [];
  const disconnects: string[] = [];
  socket.on('bus', (message) => {
    events.push({ seq: sequenceOf(message.payload), at: performance.now() });
  });
  socket.on('ticks', (batch) => {
    const at = performance.now();
    for (const tick of batch) ticks.push({ token: tick.token, price: tick.lastPrice, at });
  });
  socket.on('disconnect', (reason) => disconnects.push(reason));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no hello within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('hello', ({ user }) => {
      clearTimeout(timer);
      resolve({ socket, user, events, ticks, disconnects });
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
  });
}
