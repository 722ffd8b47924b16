import { addDays, isWeekend, parseIsoDate } from './iso-date';
import { atIst, istDate } from './ist';
import { hhMmToMinutes } from './time-of-day';

export interface MarketHoliday {
  /** IST calendar day, 'YYYY-MM-DD'. */
  readonly date: string;
  readonly name: string;
}

/** A day the exchange trades although it would not (a weekend), or trades different hours. */
export interface SpecialSession {
  readonly date: string;
  readonly name: string;
  /** 'HH:MM' IST; the calendar's normal hours when omitted. */
  readonly open?: string;
  readonly close?: string;
}

/** One day's continuous session: open inclusive, close exclusive, both epoch ms. */
export interface TradingSession {
  readonly date: string;
  readonly open: number;
  readonly close: number;
}

export interface MarketCalendarOptions {
  /** Used in error messages, e.g. 'NSE 2026'. */
  readonly name?: string;
  readonly holidays: readonly MarketHoliday[];
  readonly specialSessions?: readonly SpecialSession[];
  /**
   * The calendar years these lists are complete for. Defaults to the years the holidays and
   * special sessions fall in. Any question about a date outside them throws.
   */
  readonly years?: readonly number[];
  /** Continuous-session hours, 'HH:MM' IST: 09:15 and 15:30 unless told otherwise. */
  readonly sessionOpen?: string;
  readonly sessionClose?: string;
}

/**
 * When an exchange trades, in IST. Every question about a date outside the covered years
 * throws a RangeError: a stale calendar must stop the engine, never let it trade a holiday
 * it does not know about. Methods are plain function properties, safe to pass around.
 */
export interface MarketCalendar {
  readonly name: string;
  readonly years: readonly number[];
  readonly sessionOpen: string;
  readonly sessionClose: string;
  /** Whether the date's year is covered (the date must be well-formed). */
  readonly covers: (date: string) => boolean;
  readonly holidayOn: (date: string) => MarketHoliday | null;
  readonly isTradingDay: (date: string) => boolean;
  /** The session on an IST date, or null when the market does not trade that day. */
  readonly sessionOn: (date: string) => TradingSession | null;
  readonly sessionOpenOn: (date: string) => number | null;
  readonly sessionCloseOn: (date: string) => number | null;
  /** Open from the session open (inclusive) to the close (exclusive). */
  readonly isMarketOpen: (ms: number) => boolean;
  /**
   * The first session open strictly after `ms`: today's when `ms` is before it, otherwise
   * the next trading day's (also when the market is open right now).
   */
  readonly nextSessionOpen: (ms: number) => number;
  /** The trading day strictly before / after an IST date. */
  readonly previousTradingDay: (date: string) => string;
  readonly nextTradingDay: (date: string) => string;
  /** Milliseconds until the close while the market is open; null while it is closed. */
  readonly msToClose: (ms: number) => number | null;
  /** msToClose in minutes, with the fraction (15:29:30 → 0.5); null while closed. */
  readonly minutesToClose: (ms: number) => number | null;
}

const DEFAULT_SESSION_OPEN = '09:15';
const DEFAULT_SESSION_CLOSE = '15:30';

function yearOf(date: string): number {
  return parseIsoDate(date).year;
}

function checkHours(open: string, close: string, where: string): void {
  if (hhMmToMinutes(open) >= hhMmToMinutes(close)) {
    throw new RangeError(`${where}: session open ${open} must be before close ${close}`);
  }
}

export function createMarketCalendar(options: MarketCalendarOptions): MarketCalendar {
  const name = options.name ?? 'market';
  const sessionOpen = options.sessionOpen ?? DEFAULT_SESSION_OPEN;
  const sessionClose = options.sessionClose ?? DEFAULT_SESSION_CLOSE;
  checkHours(sessionOpen, sessionClose, name);

  const specials = options.specialSessions ?? [];
  const listedYears = [...options.holidays, ...specials].map((entry) => yearOf(entry.date));
  const years = [...new Set(options.years ?? listedYears)].sort((a, b) => a - b);
  if (years.length === 0) throw new RangeError(`${name}: a calendar must cover at least one year`);
  for (const year of years) {
    if (!Number.isInteger(year) || year < 0 || year > 9999) {
      throw new RangeError(`${name}: ${year} is not a calendar year`);
    }
  }
  const covered = new Set(years);

  const holidays = new Map<string, MarketHoliday>();
  for (const holiday of options.holidays) {
    if (!covered.has(yearOf(holiday.date))) {
      throw new RangeError(`${name}: holiday ${holiday.date} is outside the covered years`);
    }
    if (holidays.has(holiday.date)) {
      throw new RangeError(`${name}: holiday ${holiday.date} is listed twice`);
    }
    holidays.set(holiday.date, { date: holiday.date, name: holiday.name });
  }

  const specialSessions = new Map<string, Required<SpecialSession>>();
  for (const special of specials) {
    const where = `${name}: special session ${special.date}`;
    if (!covered.has(yearOf(special.date)))
      throw new RangeError(`${where} is outside the covered years`);
    if (holidays.has(special.date)) throw new RangeError(`${where} is also a holiday`);
    if (specialSessions.has(special.date)) throw new RangeError(`${where} is listed twice`);
    const open = special.open ?? sessionOpen;
    const close = special.close ?? sessionClose;
    checkHours(open, close, where);
    specialSessions.set(special.date, { date: special.date, name: special.name, open, close });
  }

  function requireCovered(date: string): void {
    if (!covered.has(yearOf(date))) {
      throw new RangeError(
        `${name} calendar covers ${years.join(', ')} only; ${date} is outside it. ` +
          `Load that year's holiday list before trading it.`,
      );
    }
  }

  function holidayOn(date: string): MarketHoliday | null {
    requireCovered(date);
    return holidays.get(date) ?? null;
  }

  function sessionOn(date: string): TradingSession | null {
    requireCovered(date);
    const special = specialSessions.get(date);
    if (special !== undefined) {
      return { date, open: atIst(special.open, date), close: atIst(special.close, date) };
    }
    if (isWeekend(date) || holidays.has(date)) return null;
    return { date, open: atIst(sessionOpen, date), close: atIst(sessionClose, date) };
  }

  function isTradingDay(date: string): boolean {
    return sessionOn(date) !== null;
  }

  /** The nearest session strictly after (step 1) or before (step -1) a date. */
  function stepToSession(date: string, step: 1 | -1): TradingSession {
    let candidate = addDays(date, step);
    let session = sessionOn(candidate);
    while (session === null) {
      candidate = addDays(candidate, step);
      session = sessionOn(candidate);
    }
    return session;
  }

  function msToClose(ms: number): number | null {
    const session = sessionOn(istDate(ms));
    if (session === null || ms < session.open || ms >= session.close) return null;
    return session.close - ms;
  }

  function nextSessionOpen(ms: number): number {
    const today = istDate(ms);
    const session = sessionOn(today);
    if (session !== null && ms < session.open) return session.open;
    return stepToSession(today, 1).open;
  }

  return Object.freeze({
    name,
    years: Object.freeze(years),
    sessionOpen,
    sessionClose,
    covers: (date: string) => covered.has(yearOf(date)),
    holidayOn,
    isTradingDay,
    sessionOn,
    sessionOpenOn: (date: string) => sessionOn(date)?.open ?? null,
    sessionCloseOn: (date: string) => sessionOn(date)?.close ?? null,
    isMarketOpen: (ms: number) => msToClose(ms) !== null,
    nextSessionOpen,
    previousTradingDay: (date: string) => {
      requireCovered(date);
      return stepToSession(date, -1).date;
    },
    nextTradingDay: (date: string) => {
      requireCovered(date);
      return stepToSession(date, 1).date;
    },
    msToClose,
    minutesToClose: (ms: number) => {
      const remaining = msToClose(ms);
      return remaining === null ? null : remaining / 60_000;
    },
  });
}
