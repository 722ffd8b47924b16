'use client';

import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { TickMessage } from '@kavach/bus';
import type { ClientToServerEvents, ServerToClientEvents } from '../server/realtime/socket-events';

interface LiveState {
  readonly connected: boolean;
  /** Epoch ms of the last message of any kind from the server. */
  readonly lastMessageAt: number | null;
  readonly ticks: ReadonlyMap<number, TickMessage>;
  readonly watch: (tokens: readonly number[]) => void;
}

const LiveContext = createContext<LiveState | null>(null);

/** Queries are refreshed at most this often while bus messages keep arriving. */
const INVALIDATE_EVERY_MS = 400;

/**
 * One Socket.IO connection per tab: bus messages refresh the queries, watched instruments'
 * ticks update prices in place. After a reconnect everything is fetched again (messages sent
 * while disconnected are lost, by design of the bus) and the watch list is sent again.
 */
export function LiveProvider({ children }: { readonly children: ReactNode }) {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  const [lastMessageAt, setLastMessageAt] = useState<number | null>(null);
  const [ticks, setTicks] = useState<ReadonlyMap<number, TickMessage>>(new Map());
  const socketRef = useRef<Socket<ServerToClientEvents, ClientToServerEvents> | null>(null);
  const watchedRef = useRef<number[]>([]);

  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      path: '/socket.io',
      withCredentials: true,
      transports: ['websocket', 'polling'],
    });
    socketRef.current = socket;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let everConnected = false;
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
      // A reconnect: what happened meanwhile is read again from the database.
      if (everConnected) void queryClient.invalidateQueries();
      everConnected = true;
    });
    socket.on('disconnect', () => {
      setConnected(false);
    });
    socket.on('bus', () => {
      setLastMessageAt(Date.now());
      invalidateSoon();
    });
    socket.on('tick', (tick) => {
      setLastMessageAt(Date.now());
      setTicks((previous) => new Map(previous).set(tick.token, tick));
    });
    return () => {
      if (timer !== null) clearTimeout(timer);
      socket.close();
      socketRef.current = null;
    };
  }, [queryClient]);

  const value = useMemo<LiveState>(
    () => ({
      connected,
      lastMessageAt,
      ticks,
      watch: (tokens) => {
        const next = [...new Set(tokens)].sort((a, b) => a - b);
        if (next.join(',') === watchedRef.current.join(',')) return;
        watchedRef.current = next;
        socketRef.current?.emit('watch', next);
      },
    }),
    [connected, lastMessageAt, ticks],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveState {
  const live = useContext(LiveContext);
  if (live === null) throw new Error('useLive outside LiveProvider');
  return live;
}
