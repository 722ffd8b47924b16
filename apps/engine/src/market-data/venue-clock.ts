import type { Clock } from '@kavach/domain';

/** What the simulator says about its virtual time (GET /_sim/state). */
export interface VenueTime {
  readonly now: number;
  readonly speed: number;
  readonly paused: boolean;
}

export interface VenueClock extends Clock {
  /** Takes a fresh reading; the clock runs on from it at the venue's speed. */
  readonly sync: (reading: VenueTime) => void;
  readonly synced: () => boolean;
}

/**
 * A Clock that follows a simulated venue: between readings it extrapolates from the last one
 * at the venue's speed (monotonic local time, never the wall clock), and it never goes
 * backwards, so a late reading cannot undo a decision already taken at a later time.
 */
export function createVenueClock(localNow: () => number = () => performance.now()): VenueClock {
  let base: { venue: number; local: number; speed: number } | null = null;
  let last = 0;
  const now = (): number => {
    if (base === null) throw new Error('venue clock read before its first sync');
    const value = Math.floor(base.venue + (localNow() - base.local) * base.speed);
    last = Math.max(last, value);
    return last;
  };
  return {
    now,
    sync: (reading) => {
      base = { venue: reading.now, local: localNow(), speed: reading.paused ? 0 : reading.speed };
    },
    synced: () => base !== null,
  };
}

/**
 * Reads the simulator's time over its control API; null when the root is not a simulator.
 * `controlToken` (KITE_SIM_CONTROL_TOKEN) for a simulator on another machine.
 */
export async function readVenueTime(
  root: string,
  options: { readonly controlToken?: string | undefined; readonly signal?: AbortSignal } = {},
): Promise<VenueTime | null> {
  try {
    const response = await fetch(`${root}/_sim/state`, {
      headers: simControlHeaders(options.controlToken),
      signal: options.signal ?? AbortSignal.timeout(2_000),
    });
    if (!response.ok) return null;
    const body = (await response.json()) as Partial<VenueTime>;
    if (typeof body.now !== 'number' || typeof body.speed !== 'number') return null;
    return { now: body.now, speed: body.speed, paused: body.paused === true };
  } catch {
    return null;
  }
}

/** The simulator's control API trusts loopback callers, and others with its token. */
export function simControlHeaders(controlToken: string | undefined): Record<string, string> {
  return controlToken === undefined ? {} : { authorization: `Bearer ${controlToken}` };
}
