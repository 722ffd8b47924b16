import type { NamedChannel, TickMessage } from '@kavach/bus';
import type { Role } from '../auth/roles';
import type { SessionUser } from '../auth/session-user';

/** A control action a person took on the dashboard. */
export type ControlAction = 'PAUSE' | 'RESUME' | 'FLATTEN' | 'RESET' | 'MODE';

/** What the engine made of a control action. */
export type ControlOutcome =
  | {
      readonly ok: true;
      /** The trading state after it (ACTIVE, PAUSED, HALTED), when the engine said. */
      readonly tradingState: string | null;
      /** The trading mode after it (PAPER, LIVE), when the engine said. */
      readonly mode: string | null;
      /** FLATTEN: whether every position was closed, and how many were left. */
      readonly flat: boolean | null;
      readonly remainingPositions: number | null;
    }
  | {
      readonly ok: false;
      /** The engine's refusal (e.g. SESSION_INVALID, LIVE_GATE) or ENGINE_UNREACHABLE. */
      readonly code: string;
      readonly message: string;
    };

/**
 * Who did what, when, and how it ended: sent to every dashboard on every web process, so a
 * trader watching on a phone sees "Paused by …" done from another browser.
 */
export interface ControlNotice {
  /** Unique per notice. */
  readonly id: string;
  readonly action: ControlAction;
  readonly by: {
    readonly id: string;
    readonly name: string;
    readonly email: string;
    readonly role: Role;
  };
  /** When the engine answered, epoch ms. */
  readonly at: number;
  /** The reason given, if any. */
  readonly reason: string | null;
  /** MODE: the mode asked for. */
  readonly requestedMode: 'PAPER' | 'LIVE' | null;
  readonly outcome: ControlOutcome;
}

/**
 * Whether the bus's messages reach this web process now. While they do not (its Redis is
 * down), a connected socket hears nothing although much may be happening: the page is stale,
 * and reloads what it missed once the feed is live again.
 */
export interface LiveFeed {
  readonly live: boolean;
}

/** What the server sends a dashboard socket. */
export interface ServerToClientEvents {
  /** A message of a bus channel (signals, decisions, orders, risk, events). */
  bus: (message: { channel: NamedChannel; payload: unknown }) => void;
  /**
   * The latest tick of each watched instrument that moved since the last batch (conflated: at
   * most one per instrument), one batch per conflation interval.
   */
  ticks: (ticks: TickMessage[]) => void;
  /** Sent once a socket is authorised: who it is signed in as. */
  hello: (hello: { user: SessionUser }) => void;
  /** A control action someone took, from whichever web process they used. */
  control: (notice: ControlNotice) => void;
  /** The live feed's state: sent once a socket is authorised (after hello), then on change. */
  feed: (feed: LiveFeed) => void;
}

/** What a dashboard socket may ask. */
export interface ClientToServerEvents {
  /** Replaces the watched instruments; answers how many are watched. */
  watch: (tokens: number[], ack?: (count: number) => void) => void;
}

/**
 * Every event a dashboard socket may send, at run time: the relay listens to these only, and
 * the security tests try each of them with every role.
 */
export const CLIENT_TO_SERVER_EVENTS = [
  'watch',
] as const satisfies readonly (keyof ClientToServerEvents)[];
// A new client event must be listed above (the check fails to compile otherwise).
type Unlisted = Exclude<keyof ClientToServerEvents, (typeof CLIENT_TO_SERVER_EVENTS)[number]>;
export const CLIENT_EVENTS_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

/** Why the server refused a socket's handshake (the client's connect_error message). */
export const SOCKET_REFUSALS = {
  /** No valid session: sign in again. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** The session could not be checked (database trouble): try again later. */
  UNAVAILABLE: 'UNAVAILABLE',
  /** The handshake came from a page of another site. */
  FORBIDDEN_ORIGIN: 'FORBIDDEN_ORIGIN',
} as const;
