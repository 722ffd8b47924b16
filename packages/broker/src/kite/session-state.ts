export interface SessionState {
  readonly isExpired: () => boolean;
  /** Identifies the current session; a request remembers the one it was sent under. */
  readonly generation: () => number;
  /**
   * Marks the session dead; `onExpired` runs only the first time per session. A refusal of a
   * request sent under an earlier session says nothing about the current one: ignored.
   */
  readonly expire: (message: string, sentUnder?: number) => void;
  /** A new access token: a new session. */
  readonly renew: () => void;
}

export function createSessionState(onExpired: (message: string) => void): SessionState {
  let expired = false;
  let generation = 0;
  return {
    isExpired: () => expired,
    generation: () => generation,
    expire: (message, sentUnder = generation) => {
      if (expired || sentUnder !== generation) return;
      expired = true;
      onExpired(message);
    },
    renew: () => {
      expired = false;
      generation += 1;
    },
  };
}
