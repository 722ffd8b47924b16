import type { NamedChannel, TickMessage } from '@kavach/bus';
import type { SessionUser } from '../auth/session-user';

/** What the server sends a dashboard socket. */
export interface ServerToClientEvents {
  /** A message of a bus channel (signals, decisions, orders, risk, events). */
  bus: (message: { channel: NamedChannel; payload: unknown }) => void;
  /** The latest tick of a watched instrument (conflated). */
  tick: (tick: TickMessage) => void;
  /** Sent once a socket is authorised: who it is signed in as. */
  hello: (hello: { user: SessionUser }) => void;
}

/** What a dashboard socket may ask. */
export interface ClientToServerEvents {
  /** Replaces the watched instruments; answers how many are watched. */
  watch: (tokens: number[], ack?: (count: number) => void) => void;
}
