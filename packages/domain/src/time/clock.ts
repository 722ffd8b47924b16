/**
 * Where the domain gets "now": epoch milliseconds, UTC. The machine clock lives at the process
 * edge (packages/config); paper trading against the simulator follows its virtual time.
 */
export interface Clock {
  now(): number;
}

function checkEpochMs(ms: number, what: string): void {
  if (!Number.isSafeInteger(ms))
    throw new RangeError(`${what} must be integer milliseconds, got ${ms}`);
}

/**
 * A clock moved only by its owner: tests, replays and the simulator. It never runs backwards,
 * because every consumer (order timestamps, staleness checks, EOD timers) assumes time is
 * monotonic and would misbehave quietly if it were not.
 */
export class VirtualClock implements Clock {
  #now: number;

  constructor(startMs: number) {
    checkEpochMs(startMs, 'start time');
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  /** Jump to an instant at or after the current one. */
  set(ms: number): void {
    checkEpochMs(ms, 'time');
    if (ms < this.#now) {
      throw new RangeError(`a clock cannot go backwards: ${ms} is before ${this.#now}`);
    }
    this.#now = ms;
  }

  /** Move forward by a non-negative number of milliseconds; returns the new time. */
  advance(ms: number): number {
    checkEpochMs(ms, 'step');
    if (ms < 0) throw new RangeError(`a clock cannot go backwards: step ${ms}`);
    this.set(this.#now + ms);
    return this.#now;
  }
}
