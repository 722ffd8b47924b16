import { createMarketCalendar } from './market-calendar';
import type { MarketCalendar, MarketHoliday, SpecialSession } from './market-calendar';

/**
 * NSE trading holidays for 2026 (equity and equity-derivatives segments, so NSE and NFO).
 *
 * Source: NSE's annual holiday circular (15 days), as reported by several outlets, plus the
 * 12 January 2026 circular that made 15 January a trading holiday for the Maharashtra
 * municipal elections. Checked against press reports, not the circular PDF itself; re-check
 * nseindia.com/resources/exchange-communication-holidays when updating. The exchange can
 * add or move holidays at short notice: this list is data, injected into the calendar, so a
 * change is a data edit.
 */
export const NSE_HOLIDAYS_2026: readonly MarketHoliday[] = [
  { date: '2026-01-15', name: 'Municipal Corporation Elections in Maharashtra' },
  { date: '2026-01-26', name: 'Republic Day' },
  { date: '2026-03-03', name: 'Holi' },
  { date: '2026-03-26', name: 'Shri Ram Navami' },
  { date: '2026-03-31', name: 'Shri Mahavir Jayanti' },
  { date: '2026-04-03', name: 'Good Friday' },
  { date: '2026-04-14', name: 'Dr. Baba Saheb Ambedkar Jayanti' },
  { date: '2026-05-01', name: 'Maharashtra Day' },
  { date: '2026-05-28', name: 'Bakri Id' },
  { date: '2026-06-26', name: 'Muharram' },
  { date: '2026-09-14', name: 'Ganesh Chaturthi' },
  { date: '2026-10-02', name: 'Mahatma Gandhi Jayanti' },
  { date: '2026-10-20', name: 'Dussehra' },
  { date: '2026-11-10', name: 'Diwali Balipratipada' },
  { date: '2026-11-24', name: 'Prabhu Shri Guru Nanak Dev' },
  { date: '2026-12-25', name: 'Christmas' },
];

/**
 * Weekend days NSE opened for in 2026. The Union Budget was presented on Sunday 1 February
 * and NSE held a full live session (circular of 16 January 2026). Muhurat trading (Sunday
 * 8 November, Diwali Laxmi Pujan) is left out: its one-hour evening timing is announced
 * shortly before, and an intraday engine has no business trading it unattended.
 */
export const NSE_SPECIAL_SESSIONS_2026: readonly SpecialSession[] = [
  { date: '2026-02-01', name: 'Union Budget (Sunday live session)' },
];

/** NSE (cash and F&O) for 2026: 09:15–15:30 IST; any date outside 2026 throws. */
export const nseCalendar2026: MarketCalendar = createMarketCalendar({
  name: 'NSE 2026',
  years: [2026],
  holidays: NSE_HOLIDAYS_2026,
  specialSessions: NSE_SPECIAL_SESSIONS_2026,
});
