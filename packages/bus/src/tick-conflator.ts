import type { TickMessage } from './schemas/tick-message';

/** Calls `callback` every `intervalMs` until the returned cancel function is called. */
export type ScheduleRepeating = (callback: () => void, intervalMs: number) => () => void;

export interface TickConflatorOptions<T extends { readonly token: number }> {
  readonly intervalMs: number;
  /** Publishes one instrument's latest tick; a rejection or throw is reported, not fatal. */
  readonly publish: (tick: T) => void | Promise<void>;
  /** Timer to flush on; default setInterval (unref'd: it never keeps the process alive). */
  readonly schedule?: ScheduleRepeating;
  /** Called when `publish` throws or rejects; default: ignored (the bus already logs). */
  readonly onError?: (error: unknown, tick: T) => void;
}

export interface TickConflator<T extends { readonly token: number }> {
  /** Keeps `tick` as its instrument's latest, replacing any not yet published. */
  readonly offer: (tick: T) => void;
  /** Publishes every instrument's latest tick now; returns how many were published. */
  readonly flush: () => number;
  /** Instruments with a tick waiting for the next flush. */
  readonly pending: () => number;
  /** Publishes what is waiting, then stops the timer; later offers are ignored. */
  readonly stop: () => void;
}

const scheduleWithSetInterval: ScheduleRepeating = (callback, intervalMs) => {
  const timer = setInterval(callback, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
};

/**
 * Tick conflation for live views: a busy instrument ticks many times a second, a screen needs
 * at most a few updates. Keeps only the latest tick per instrument and publishes each
 * instrument's latest once per interval. An instrument with no new tick, or whose new tick
 * equals the one last published, is not published again.
 */
export function createTickConflator<T extends { readonly token: number } = TickMessage>(
  options: TickConflatorOptions<T>,
): TickConflator<T> {
  if (!Number.isFinite(options.intervalMs) || options.intervalMs <= 0) {
    throw new RangeError(`intervalMs must be positive, got ${options.intervalMs}`);
  }
  const latest = new Map<number, T>();
  const published = new Map<number, T>();
  let stopped = false;

  function report(error: unknown, tick: T): void {
    options.onError?.(error, tick);
  }

  function publishOne(tick: T): void {
    try {
      const result = options.publish(tick);
      if (result instanceof Promise) {
        result.catch((error: unknown) => {
          report(error, tick);
        });
      }
    } catch (error) {
      report(error, tick);
    }
  }

  function flush(): number {
    if (latest.size === 0) return 0;
    const batch = [...latest.values()];
    latest.clear();
    for (const tick of batch) {
      published.set(tick.token, tick);
      publishOne(tick);
    }
    return batch.length;
  }

  const cancel = (options.schedule ?? scheduleWithSetInterval)(() => {
    flush();
  }, options.intervalMs);

  return {
    offer(tick) {
      if (stopped) return;
      const last = published.get(tick.token);
      if (last !== undefined && shallowEqual(last, tick)) latest.delete(tick.token);
      else latest.set(tick.token, tick);
    },
    flush,
    pending: () => latest.size,
    stop() {
      if (stopped) return;
      flush();
      stopped = true;
      cancel();
    },
  };
}

function shallowEqual(a: object, b: object): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  return keys.every((key) => Object.is(left[key], right[key]));
}
