'use client';

import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { ReactNode } from 'react';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { TickMessage } from '@kavach/bus';
import { SOCKET_REFUSALS } from '../server/realtime/socket-events';
import type {
  ClientToServerEvents,
  ControlNotice,
  ServerToClientEvents,
} from '../server/realtime/socket-events';
import { createCatchUp } from './catch-up';

interface LiveState {
  readonly connected: boolean;
  /**
   * The server's bus feed is live: false while its Redis is down, when the socket stays up but
   * nothing live reaches it.
   */
  readonly feedLive: boolean;
  /** Epoch ms of the last message of any kind from the server. */
  readonly lastMessageAt: number | null;
  readonly ticks: ReadonlyMap<number, TickMessage>;
  readonly watch: (tokens: readonly number[]) => void;
  /** Control actions someone just took (from any browser), newest first. */
  readonly notices: readonly ControlNotice[];
  readonly dismissNotice: (id: string) => void;
}

const LiveContext = createContext<LiveState | null>(null);

/** Queries are refreshed at most this often while bus messages keep arriving. */
const INVALIDATE_EVERY_MS = 400;
/** A control notice stays this long unless dismissed; at most this many at once. */
const NOTICE_MS = 30_000;
const MAX_NOTICES = 2;

/**
 * One Socket.IO connection per tab: bus messages refresh the queries, watched instruments'
 * ticks update prices in place. After a reconnect everything is fetched again (messages sent
 * while disconnected are lost, by design of the bus) and the watch list is sent again; so it
 * is when the server's feed comes back after an outage of its Redis.
 *
 * The server ends a user's sockets when their role changes or they are removed: the socket
 * connects again and is authorised afresh (the new role), or is refused, and then the session
 * is gone and the page goes to sign-in.
 */
export function LiveProvider({ children }: { readonly children: ReactNode }) {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  // Live until the server says otherwise: it does at once on every connect.
  const [feedLive, setFeedLive] = useState(true);
  const [lastMessageAt, setLastMessageAt] = useState<number | null>(null);
  const [ticks, setTicks] = useState<ReadonlyMap<number, TickMessage>>(new Map());
  const [notices, setNotices] = useState<readonly ControlNotice[]>([]);
  const socketRef = useRef<Socket<ServerToClientEvents, ClientToServerEvents> | null>(null);
  const watchedRef = useRef<number[]>([]);

  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      path: '/socket.io',
      withCredentials: true,
      // WebSocket only, no HTTP long-polling (the server accepts nothing else): several web
      // processes behind a plain round-robin proxy then need no sticky sessions, as a
      // WebSocket is one connection to one process while polling's requests must all reach
      // the process holding the session. Where WebSockets cannot pass, the pages still refresh
      // by polling tRPC, only without the live ticks.
      transports: ['websocket'],
    });
    socketRef.current = socket;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    const noticeTimers = new Set<ReturnType<typeof setTimeout>>();
    const catchUp = createCatchUp(() => {
      void queryClient.invalidateQueries();
    });
    const connectLater = (ms: number) => {
      retry ??= setTimeout(() => {
        retry = null;
        socket.connect();
      }, ms);
    };
    const invalidateSoon = () => {
      timer ??= setTimeout(() => {
        timer = null;
        void queryClient.invalidateQueries();
      }, INVALIDATE_EVERY_MS);
    };
    socket.on('connect', () => {
      setConnected(true);
      setLastMessageAt(Date.now());
      socket.emit('watch', watchedRef.current);
      catchUp.connected();
    });
    socket.on('disconnect', (reason) => {
      setConnected(false);
      // The server ended this socket (this user's role changed, or they were removed): connect
      // again to be authorised afresh. After any other cause Socket.IO reconnects by itself.
      if (reason === 'io server disconnect') connectLater(300);
    });
    socket.on('connect_error', (error) => {
      if (socket.active) return; // a network error: Socket.IO tries again by itself
      if (error.message === SOCKET_REFUSALS.UNAUTHORIZED) {
        // No session any more (removed, signed out elsewhere, expired): sign in again.
        const next = `${window.location.pathname}${window.location.search}`;
        window.location.assign(`/login?next=${encodeURIComponent(next)}`);
      } else if (error.message === SOCKET_REFUSALS.UNAVAILABLE) {
        connectLater(5_000);
      }
    });
    socket.on('control', (notice) => {
      setLastMessageAt(Date.now());
      setNotices((previous) =>
        [notice, ...previous.filter((n) => n.id !== notice.id)].slice(0, MAX_NOTICES),
      );
      const expiry = setTimeout(() => {
        noticeTimers.delete(expiry);
        setNotices((previous) => previous.filter((n) => n.id !== notice.id));
      }, NOTICE_MS);
      noticeTimers.add(expiry);
      invalidateSoon();
    });
    socket.on('feed', ({ live }) => {
      setLastMessageAt(Date.now());
      setFeedLive(live);
      catchUp.feed(live);
    });
    socket.on('bus', () => {
      setLastMessageAt(Date.now());
      invalidateSoon();
    });
    socket.on('ticks', (batch) => {
      setLastMessageAt(Date.now());
      setTicks((previous) => {
        const next = new Map(previous);
        for (const tick of batch) next.set(tick.token, tick);
        return next;
      });
    });
    return () => {
      if (timer !== null) clearTimeout(timer);
      if (retry !== null) clearTimeout(retry);
      for (const expiry of noticeTimers) clearTimeout(expiry);
      socket.close();
      socketRef.current = null;
    };
  }, [queryClient]);

  const dismissNotice = useCallback((id: string) => {
    setNotices((previous) => previous.filter((n) => n.id !== id));
  }, []);

  const value = useMemo<LiveState>(
    () => ({
      connected,
      feedLive,
      lastMessageAt,
      ticks,
      watch: (tokens) => {
        const next = [...new Set(tokens)].sort((a, b) => a - b);
        if (next.join(',') === watchedRef.current.join(',')) return;
        watchedRef.current = next;
        socketRef.current?.emit('watch', next);
      },
      notices,
      dismissNotice,
    }),
    [connected, feedLive, lastMessageAt, ticks, notices, dismissNotice],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveState {
  const live = useContext(LiveContext);
  if (live === null) throw new Error('useLive outside LiveProvider');
  return live;
}
