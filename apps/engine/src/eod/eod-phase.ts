import { type MarketCalendar, atIst, hhMmToMinutes, istDate } from '@kavach/domain';

export type EodPhase =
  'CLOSED_DAY' | 'BEFORE_CUTOFF' | 'NO_NEW_ENTRIES' | 'SQUARE_OFF_DUE' | 'AFTER_CLOSE';

/** 'HH:MM' IST on a normal session: no new entries after the first, flatten at the second. */
export interface EodTimes {
  readonly noNewEntriesAfter: string;
  readonly squareOffAt: string;
}

export const DEFAULT_EOD_TIMES: EodTimes = { noNewEntriesAfter: '15:10', squareOffAt: '15:25' };

export interface EodSchedule {
  readonly date: string;
  readonly cutoff: number;
  readonly squareOff: number;
  readonly close: number;
}

/** Refuses times that could never work: the cut-off must come before the square-off, and both before the close. */
export function checkEodTimes(calendar: MarketCalendar, times: EodTimes): void {
  const cutoff = hhMmToMinutes(times.noNewEntriesAfter);
  const squareOff = hhMmToMinutes(times.squareOffAt);
  const open = hhMmToMinutes(calendar.sessionOpen);
  const close = hhMmToMinutes(calendar.sessionClose);
  if (!(open < cutoff && cutoff <= squareOff && squareOff < close)) {
    throw new RangeError(
      `EOD times must satisfy open ${calendar.sessionOpen} < cut-off ${times.noNewEntriesAfter} ≤ square-off ${times.squareOffAt} < close ${calendar.sessionClose}`,
    );
  }
}

/**
 * The day's cut-off and square-off instants, or null on a day without a session. The times are
 * kept as a distance before the close (15:25 on a 15:30 close is 5 minutes before it), so a
 * special session with other hours is squared off before its own end.
 */
export function eodScheduleOn(
  calendar: MarketCalendar,
  date: string,
  times: EodTimes,
): EodSchedule | null {
  const session = calendar.sessionOn(date);
  if (session === null) return null;
  const normalClose = atIst(calendar.sessionClose, date);
  const clamp = (time: string) =>
    Math.max(session.open, session.close - (normalClose - atIst(time, date)));
  return {
    date,
    cutoff: clamp(times.noNewEntriesAfter),
    squareOff: clamp(times.squareOffAt),
    close: session.close,
  };
}

/**
 * Where the trading day stands at `now` (epoch ms). Throws a RangeError when the calendar does
 * not cover the date: an unknown day is never treated as a trading day.
 */
export function describeEodPhase(calendar: MarketCalendar, now: number, times: EodTimes): EodPhase {
  const schedule = eodScheduleOn(calendar, istDate(now), times);
  if (schedule === null) return 'CLOSED_DAY';
  if (now < schedule.cutoff) return 'BEFORE_CUTOFF';
  if (now < schedule.squareOff) return 'NO_NEW_ENTRIES';
  if (now < schedule.close) return 'SQUARE_OFF_DUE';
  return 'AFTER_CLOSE';
}
