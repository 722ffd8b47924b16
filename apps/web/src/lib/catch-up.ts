/** What a tab's live socket tells the catch-up rule. */
export interface CatchUp {
  /** The socket connected (the first time, or again). */
  readonly connected: () => void;
  /** The server said whether its bus feed is live. */
  readonly feed: (live: boolean) => void;
}

/**
 * When a tab must read everything again: the bus delivers at most once, so what it carried
 * while the tab could not hear it is lost. That is after the socket reconnects, and when the
 * server's feed comes back after an outage of its Redis; never on the first connect.
 */
export function createCatchUp(refetchAll: () => void): CatchUp {
  let everConnected = false;
  let feedDown = false;
  return {
    connected: () => {
      if (everConnected) refetchAll();
      everConnected = true;
      // Just read afresh (or for the first time): only an outage seen from now on counts.
      feedDown = false;
    },
    feed: (live) => {
      if (live && feedDown) refetchAll();
      feedDown = !live;
    },
  };
}
