export interface SessionState {
  readonly isExpired: () => boolean;
  /** Marks the session dead; `onExpired` runs only the first time per session. */
  readonly expire: (message: string) => void;
  /** A new access token: a new session. */
  readonly renew: () => void;
}

export function createSessionState(onExpired: (message: string) => void): SessionState {
  let expired = false;
  return {
    isExpired: () => expired,
    expire: (message) => {
      if (expired) return;
      expired = true;
      onExpired(message);
    },
    renew: () => {
      expired = false;
    },
  };
}
