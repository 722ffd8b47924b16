/** Kite's request classes: quote, historical, order writes (place/modify/cancel), the rest. */
export type KiteRateClass = 'orders' | 'quote' | 'historical' | 'other';

export interface KiteRateLimits {
  /** At most this many requests of each class reach the server in any window. */
  readonly perWindow: Readonly<Record<KiteRateClass, number>>;
  /** Kite's second, plus a little for the server's own timer granularity. */
  readonly windowMs: number;
}

/** Kite's published limits: orders 10/s, quote 1/s, historical 3/s, everything else 10/s. */
export const KITE_RATE_LIMITS: KiteRateLimits = {
  perWindow: { orders: 10, quote: 1, historical: 3, other: 10 },
  windowMs: 1_020,
};

export interface RateLimiterTimer {
  /** Monotonic milliseconds. */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

const REAL_TIMER: RateLimiterTimer = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Call when the request's answer (or failure) is back. */
export type ReleaseSlot = () => void;

export interface KiteRateLimiter {
  /** Waits (FIFO, never failing) until a request of this class may go out. */
  readonly acquire: (rateClass: KiteRateClass) => Promise<ReleaseSlot>;
}

interface Slot {
  /** When the answer came back; Infinity while the request is in flight. */
  doneAt: number;
  readonly done: Promise<void>;
}

/**
 * Client-side limits, so a burst waits for a slot instead of earning 429s. A request holds
 * its slot while in flight and for one window after its answer: the server saw it somewhere
 * between our send and that answer, so the request sent N slots later reaches the server at
 * least a window after it, whatever the latency and however the server cuts its windows.
 * (A fixed-window limiter, as rate-limiter-flexible's, lets N at the end of one of its windows
 * and N at the start of the next land in one server window: kite-sim answered that with 429s.)
 */
export function createKiteRateLimiter(
  limits: KiteRateLimits = KITE_RATE_LIMITS,
  timer: RateLimiterTimer = REAL_TIMER,
): KiteRateLimiter {
  for (const [rateClass, points] of Object.entries(limits.perWindow)) {
    if (!Number.isSafeInteger(points) || points <= 0) {
      throw new RangeError(`rate limit for ${rateClass} must be a positive integer, got ${points}`);
    }
  }
  if (!(limits.windowMs > 0))
    throw new RangeError(`window must be positive, got ${limits.windowMs}`);

  const classes = new Map<KiteRateClass, { slots: Slot[]; queue: Promise<unknown> }>();

  const takeSlot = async (limit: number, slots: Slot[]): Promise<ReleaseSlot> => {
    for (;;) {
      const now = timer.now();
      for (let i = slots.length - 1; i >= 0; i -= 1) {
        if ((slots[i]?.doneAt ?? 0) + limits.windowMs <= now) slots.splice(i, 1);
      }
      if (slots.length < limit) {
        let markDone = (): void => undefined;
        const slot: Slot = {
          doneAt: Number.POSITIVE_INFINITY,
          done: new Promise<void>((resolve) => {
            markDone = resolve;
          }),
        };
        slots.push(slot);
        return () => {
          if (slot.doneAt !== Number.POSITIVE_INFINITY) return;
          slot.doneAt = timer.now();
          markDone();
        };
      }
      const finished = slots.filter((slot) => slot.doneAt !== Number.POSITIVE_INFINITY);
      if (finished.length > 0) {
        const soonest = Math.min(...finished.map((slot) => slot.doneAt));
        await timer.sleep(soonest + limits.windowMs - now);
      } else {
        await Promise.race(slots.map((slot) => slot.done));
      }
    }
  };

  return {
    acquire: (rateClass) => {
      let state = classes.get(rateClass);
      if (state === undefined) {
        state = { slots: [], queue: Promise.resolve() };
        classes.set(rateClass, state);
      }
      const { slots } = state;
      // One chain per class keeps callers in arrival order.
      const slot = state.queue.then(() => takeSlot(limits.perWindow[rateClass], slots));
      state.queue = slot;
      return slot;
    },
  };
}
