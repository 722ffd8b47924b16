import { addDays, daysInMonth, formatIsoDate, parseIsoDate, weekdayOf } from '@kavach/domain';
import type { MarketCalendar, Weekday } from '@kavach/domain';

/**
 * NSE contract expiries: weekly on a fixed weekday, monthly on the last such weekday of the
 * month, each moved to the previous trading day when the exchange is shut. A date the
 * calendar does not cover cannot be settled (its holidays are unknown), so listing stops
 * there and the caller receives fewer dates than it asked for.
 */

/** The expiry day itself when it trades, else the nearest trading day before; null if unknown. */
function settleOnTradingDay(date: string, calendar: MarketCalendar): string | null {
  let day = date;
  while (calendar.covers(day)) {
    if (calendar.isTradingDay(day)) return day;
    day = addDays(day, -1);
  }
  return null;
}

/** The last `weekday` of a month, before any holiday adjustment. */
function lastWeekdayOfMonth(year: number, month: number, weekday: Weekday): string {
  const last = formatIsoDate({ year, month, day: daysInMonth(year, month) });
  const back = (weekdayOf(last) - weekday + 7) % 7;
  return addDays(last, -back);
}

/** The monthly expiry of a calendar month, or null when the calendar does not cover it. */
export function findMonthlyExpiry(
  year: number,
  month: number,
  weekday: Weekday,
  calendar: MarketCalendar,
): string | null {
  return settleOnTradingDay(lastWeekdayOfMonth(year, month, weekday), calendar);
}

/** The next `count` monthly expiries on or after a date, fewer when the calendar runs out. */
export function listMonthlyExpiries(
  fromDate: string,
  count: number,
  weekday: Weekday,
  calendar: MarketCalendar,
): readonly string[] {
  const expiries: string[] = [];
  let { year, month } = parseIsoDate(fromDate);
  while (expiries.length < count) {
    const expiry = findMonthlyExpiry(year, month, weekday, calendar);
    if (expiry === null) break;
    if (expiry >= fromDate) expiries.push(expiry);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return expiries;
}

/** The next `count` weekly expiries on or after a date, fewer when the calendar runs out. */
export function listWeeklyExpiries(
  fromDate: string,
  count: number,
  weekday: Weekday,
  calendar: MarketCalendar,
): readonly string[] {
  const expiries: string[] = [];
  let candidate = addDays(fromDate, (weekday - weekdayOf(fromDate) + 7) % 7);
  while (expiries.length < count) {
    const expiry = settleOnTradingDay(candidate, calendar);
    if (expiry === null) break;
    if (expiry >= fromDate && expiries.at(-1) !== expiry) expiries.push(expiry);
    candidate = addDays(candidate, 7);
  }
  return expiries;
}

/** Whether an expiry date is its month's monthly expiry (then symbols use the monthly form). */
export function isMonthlyExpiry(
  expiry: string,
  weekday: Weekday,
  calendar: MarketCalendar,
): boolean {
  const { year, month } = parseIsoDate(expiry);
  return findMonthlyExpiry(year, month, weekday, calendar) === expiry;
}
