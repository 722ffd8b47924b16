import { addDays, istDate } from '@kavach/domain';
import type { MarketCalendar } from '@kavach/domain';

/**
 * The trading day the simulated market should be on at an instant: that IST day when it is
 * a trading day (before, during or after its session), otherwise the next trading day. When
 * the calendar does not cover the date (a new year before the calendar is updated) the last
 * covered trading day is used, so the simulator still runs.
 */
export function chooseSessionDate(calendar: MarketCalendar, at: number): string {
  const today = istDate(at);
  const lastYear = Math.max(...calendar.years);
  const lastCovered = `${lastYear}-12-31`;
  let date = today > lastCovered ? lastCovered : today;
  if (!calendar.covers(date)) date = `${Math.min(...calendar.years)}-01-01`;
  for (let i = 0; i < 370 && calendar.covers(date); i++) {
    if (calendar.isTradingDay(date)) return date;
    date = addDays(date, 1);
  }
  // Past the last trading day of the calendar: walk back to it.
  date = lastCovered;
  while (!calendar.isTradingDay(date)) date = addDays(date, -1);
  return date;
}
