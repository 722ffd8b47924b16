import type { Clock } from '@kavach/domain';

/** A monotonic real-time source in milliseconds, e.g. `performance.now` at the app's edge. */
export type RealTimeSource = () => number;

export interface SimClockOptions {
  /** Virtual epoch ms the clock shows at creation. */
  readonly startMs: number;
  /** Real time, injected so that packages/sim never reads the machine clock itself. */
  readonly realNow: RealTimeSource;
  /** Virtual ms per real ms: 1 is real time, 60 a minute per second. Default 1. */
  readonly speed?: number;
  /** Start paused (time moves only by set/step). Default false. */
  readonly paused?: boolean;
}

/**
 * The simulator's virtual time: it runs at `speed` × real time from the instant it was last
 * anchored, and every control (set, step, speed, pause) re-anchors it, so changing the speed
 * never makes time jump. It holds no timer: the app polls `now()` and drives the market.
 * Like the domain's VirtualClock it never runs backwards, also when the real source does.
 */
export interface SimClock extends Clock {
  readonly now: () => number;
  /** Jump to an instant at or after the current one; keeps running from there. */
  readonly set: (ms: number) => void;
  /** Move forward by a non-negative number of virtual ms; returns the new time. */
  readonly step: (ms: number) => number;
  readonly setSpeed: (speed: number) => void;
  readonly speed: () => number;
  readonly pause: () => void;
  readonly resume: () => void;
  readonly isPaused: () => boolean;
}

function checkEpochMs(ms: number, what: string): void {
  if (!Number.isSafeInteger(ms)) {
    throw new RangeError(`${what} must be integer milliseconds, got ${ms}`);
  }
}

function checkSpeed(speed: number): void {
  if (!Number.isFinite(speed) || speed <= 0) {
    throw new RangeError(`clock speed must be a positive finite number, got ${speed}`);
  }
}

export function createSimClock(options: SimClockOptions): SimClock {
  const { realNow } = options;
  checkEpochMs(options.startMs, 'start time');
  let speed = options.speed ?? 1;
  checkSpeed(speed);
  let paused = options.paused ?? false;
  let anchorVirtual = options.startMs;
  let anchorReal = readReal();
  let lastShown = options.startMs;

  function readReal(): number {
    const real = realNow();
    if (!Number.isFinite(real)) throw new RangeError(`real time source returned ${real}`);
    return real;
  }

  function now(): number {
    const running = paused ? 0 : Math.floor((readReal() - anchorReal) * speed);
    // A real source that steps back (a wall clock being corrected) must not rewind virtual time.
    lastShown = Math.max(lastShown, anchorVirtual + Math.max(0, running));
    return lastShown;
  }

  function anchorAt(virtualMs: number): void {
    anchorVirtual = virtualMs;
    anchorReal = readReal();
    lastShown = virtualMs;
  }

  function set(ms: number): void {
    checkEpochMs(ms, 'time');
    const current = now();
    if (ms < current) {
      throw new RangeError(`the clock cannot go backwards: ${ms} is before ${current}`);
    }
    anchorAt(ms);
  }

  function step(ms: number): number {
    checkEpochMs(ms, 'step');
    if (ms < 0) throw new RangeError(`the clock cannot go backwards: step ${ms}`);
    anchorAt(now() + ms);
    return lastShown;
  }

  return Object.freeze({
    now,
    set,
    step,
    setSpeed: (next: number) => {
      checkSpeed(next);
      anchorAt(now());
      speed = next;
    },
    speed: () => speed,
    pause: () => {
      if (paused) return;
      anchorAt(now());
      paused = true;
    },
    resume: () => {
      if (!paused) return;
      anchorAt(now());
      paused = false;
    },
    isPaused: () => paused,
  });
}
