import type { ControlNotice } from './socket-events';

/**
 * What the tRPC procedures tell the dashboards' live sockets. With the Redis adapter both act on
 * the sockets of every web process, not only this one's.
 */
export interface LiveNotifier {
  /** To every signed-in dashboard, on every web process. */
  readonly announceControl: (notice: ControlNotice) => void;
  /**
   * Ends every socket of this user on every web process (their role changed, or they were
   * removed). The browser connects again and is authorised afresh: with the new role, or not
   * at all when its session is gone.
   */
  readonly disconnectUser: (userId: string) => void;
}

/** For procedures run without a socket server (scripts, tests of the routers alone). */
export const NO_LIVE: LiveNotifier = {
  announceControl: () => undefined,
  disconnectUser: () => undefined,
};

/** The Socket.IO room of every socket a user has open. */
export const userRoom = (userId: string): string => `user:${userId}`;
