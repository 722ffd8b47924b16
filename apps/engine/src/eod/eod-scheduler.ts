import { type Clock, type MarketCalendar, formatIstTimestamp, istDate } from '@kavach/domain';
import type { Logger } from '@kavach/config';
import { type Failpoint, noFailpoint } from '../failpoints/create-failpoint';
import type { Actor, EventSink, FlattenPort, FlattenReport } from '../control/ports';
import {
  DEFAULT_EOD_TIMES,
  type EodPhase,
  type EodTimes,
  checkEodTimes,
  describeEodPhase,
} from './eod-phase';

export interface EodTickResult {
  readonly phase: EodPhase | 'CALENDAR_NOT_COVERED';
  /** The square-off report when this tick ran (or joined) it. */
  readonly squareOff: FlattenReport | null;
}

export interface Timers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface EodScheduler {
  /** Call on every clock advance or timer; does what the time of day requires, once per day. */
  tick(): Promise<EodTickResult>;
  /** False from the cut-off on, on days without a session and outside the calendar. */
  entriesAllowed(now?: number): boolean;
  phase(now?: number): EodPhase | 'CALENDAR_NOT_COVERED';
  /** The IST date of the last square-off started, and its report once it finished. */
  lastSquareOff(): { readonly date: string; readonly report: FlattenReport | null } | null;
  start(intervalMs: number): void;
  stop(): void;
}

export interface EodSchedulerOptions {
  readonly clock: Clock;
  readonly calendar: MarketCalendar;
  readonly noNewEntriesAfter?: string;
  readonly squareOffAt?: string;
  readonly flatten: FlattenPort;
  /** Called once per trading day when the cut-off passes, e.g. to cancel unfilled entries. */
  readonly onEntryCutoff?: (date: string) => void | Promise<void>;
  /** After each square-off attempt (the day's summary goes out from here). */
  readonly onSquaredOff?: (date: string, report: FlattenReport) => void;
  readonly events: EventSink;
  readonly logger: Logger;
  readonly timers?: Timers;
  /** Attempts per day when flattenAll throws; default 3. */
  readonly maxAttempts?: number;
  /** Named crash points for the reliability suite (ENGINE_FAILPOINT); default: none. */
  readonly failpoint?: Failpoint;
}

const EOD_ACTOR: Actor = { type: 'SYSTEM', name: 'eod' };

/**
 * End of day: no new entries after the cut-off, and every position flattened at the square-off
 * time (15:25 IST by default, before the broker's own charged square-off), exactly once per
 * trading day, never on a holiday or weekend. A square-off that throws is tried again on the
 * next ticks, up to maxAttempts; one that reports positions left raises a critical risk event.
 */
export function createEodScheduler(options: EodSchedulerOptions): EodScheduler {
  const { clock, calendar, flatten, events, logger } = options;
  const times: EodTimes = {
    noNewEntriesAfter: options.noNewEntriesAfter ?? DEFAULT_EOD_TIMES.noNewEntriesAfter,
    squareOffAt: options.squareOffAt ?? DEFAULT_EOD_TIMES.squareOffAt,
  };
  checkEodTimes(calendar, times);
  const timers: Timers = options.timers ?? {
    setInterval: (callback, ms) => setInterval(callback, ms),
    clearInterval: (handle) => {
      clearInterval(handle as NodeJS.Timeout);
    },
  };
  const maxAttempts = options.maxAttempts ?? 3;
  const failpoint = options.failpoint ?? noFailpoint;

  let cutoffDate: string | null = null;
  let squareOff: { date: string; report: FlattenReport | null } | null = null;
  let attempts = { date: '', count: 0 };
  let running: Promise<FlattenReport | null> | null = null;
  let missedDate: string | null = null;
  let uncoveredDate: string | null = null;
  let runningBeforeSquareOff: string | null = null;
  let interval: unknown = null;

  function phaseAt(now: number): EodPhase | 'CALENDAR_NOT_COVERED' {
    try {
      return describeEodPhase(calendar, now, times);
    } catch (error) {
      if (error instanceof RangeError) return 'CALENDAR_NOT_COVERED';
      throw error;
    }
  }

  function publish(send: () => void): void {
    try {
      send();
    } catch (error) {
      logger.error({ err: error }, 'event sink failed');
    }
  }

  async function passCutoff(date: string): Promise<void> {
    cutoffDate = date;
    logger.info({ date, at: times.noNewEntriesAfter }, 'EOD: no new entries');
    publish(() => {
      events.event('eod.entry_cutoff', `No new entries after ${times.noNewEntriesAfter} IST`, {
        date,
      });
    });
    try {
      await options.onEntryCutoff?.(date);
    } catch (error) {
      logger.error({ err: error, date }, 'EOD: entry cut-off handler failed');
    }
  }

  async function squareOffNow(date: string, now: number): Promise<FlattenReport | null> {
    if (attempts.date !== date) attempts = { date, count: 0 };
    attempts.count += 1;
    squareOff = { date, report: null };
    const reason = `EOD square-off at ${formatIstTimestamp(now)} IST`;
    logger.warn({ date, attempt: attempts.count }, reason);
    publish(() => {
      events.event('eod.square_off', reason, { date, attempt: attempts.count });
    });
    try {
      const report = await flatten.flattenAll(reason, EOD_ACTOR, {
        midway: () => {
          failpoint('eod.midway');
        },
      });
      squareOff = { date, report };
      publish(() => {
        options.onSquaredOff?.(date, report);
        events.event('eod.squared_off', report.flat ? 'EOD: flat' : 'EOD: NOT flat', {
          date,
          report,
        });
        if (!report.flat) {
          events.risk(
            'EOD_NOT_FLAT',
            'CRITICAL',
            `EOD square-off left ${report.remainingPositions} positions open`,
            { date, report },
          );
        }
      });
      return report;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const retry = attempts.count < maxAttempts;
      logger.error({ err: error, date, attempt: attempts.count, retry }, 'EOD square-off failed');
      publish(() => {
        events.risk('EOD_SQUARE_OFF_FAILED', 'CRITICAL', `EOD square-off failed: ${message}`, {
          date,
          attempt: attempts.count,
          willRetry: retry,
        });
      });
      // Forget the attempt so the next tick tries again, until the attempts run out.
      if (retry) squareOff = null;
      return null;
    }
  }

  async function tick(): Promise<EodTickResult> {
    const now = clock.now();
    const phase = phaseAt(now);
    const date = istDate(now);
    if (phase === 'CALENDAR_NOT_COVERED') {
      if (uncoveredDate !== date) {
        uncoveredDate = date;
        publish(() => {
          events.risk('CALENDAR_NOT_COVERED', 'CRITICAL', `No market calendar for ${date}`, {
            date,
            calendar: calendar.name,
          });
        });
      }
      return { phase, squareOff: null };
    }
    if (phase === 'BEFORE_CUTOFF' || phase === 'NO_NEW_ENTRIES') runningBeforeSquareOff = date;
    const pastCutoff =
      phase === 'NO_NEW_ENTRIES' || phase === 'SQUARE_OFF_DUE' || phase === 'AFTER_CLOSE';
    if (pastCutoff && cutoffDate !== date) await passCutoff(date);

    if (phase === 'SQUARE_OFF_DUE') {
      if (running !== null) return { phase, squareOff: await running };
      if (squareOff?.date !== date) {
        const run = squareOffNow(date, now).finally(() => {
          running = null;
        });
        running = run;
        return { phase, squareOff: await run };
      }
    }
    const missed =
      phase === 'AFTER_CLOSE' && runningBeforeSquareOff === date && squareOff?.date !== date;
    if (missed && missedDate !== date) {
      // The engine was up before the square-off but no tick fell between it and the close.
      missedDate = date;
      publish(() => {
        events.risk('EOD_SQUARE_OFF_MISSED', 'WARNING', `No EOD square-off ran on ${date}`, {
          date,
        });
      });
    }
    return { phase, squareOff: null };
  }

  return {
    tick,
    entriesAllowed: (now = clock.now()) => phaseAt(now) === 'BEFORE_CUTOFF',
    phase: (now = clock.now()) => phaseAt(now),
    lastSquareOff: () => squareOff,
    start: (intervalMs) => {
      if (interval !== null) return;
      interval = timers.setInterval(() => {
        tick().catch((error: unknown) => {
          logger.error({ err: error }, 'EOD tick failed');
        });
      }, intervalMs);
    },
    stop: () => {
      if (interval === null) return;
      timers.clearInterval(interval);
      interval = null;
    },
  };
}
