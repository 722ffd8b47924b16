import type { EngineStatus } from '../server/trpc/engine-status';

/** Past this, with the market open, prices on screen are called stale. */
export const STALE_AFTER_MS = 15_000;

/** Whether what the screen shows may be out of date, and why, in a trader's words. */
export interface Staleness {
  readonly stale: boolean;
  readonly why: string | null;
}

/** What the page knows about its sources. */
export interface StalenessSignals {
  /** The engine's status could not be read. */
  readonly engineFailing: boolean;
  /** The live socket to the dashboard's server is up. */
  readonly connected: boolean;
  /** The server says the bus's messages reach it (its Redis is up). */
  readonly feedLive: boolean;
  /** The engine's latest status, once one was read. */
  readonly status: Pick<EngineStatus, 'now' | 'market' | 'marketData'> | undefined;
}

const FRESH: Staleness = { stale: false, why: null };

/** The first reason found, the one nearest the trader: a dead source hides the ones behind it. */
export function judgeStaleness(signals: StalenessSignals): Staleness {
  if (signals.engineFailing) return { stale: true, why: 'engine not answering' };
  if (!signals.connected) return { stale: true, why: 'live connection lost' };
  // The socket is up but carries nothing: orders and positions may have moved unseen.
  if (!signals.feedLive) return { stale: true, why: 'live feed interrupted' };
  const { status } = signals;
  if (status === undefined) return FRESH;
  const lastTick = status.marketData.lastTickAt;
  if (
    status.market.open === true &&
    (lastTick === null || status.now - lastTick > STALE_AFTER_MS)
  ) {
    return { stale: true, why: 'no ticks from the market' };
  }
  return FRESH;
}
