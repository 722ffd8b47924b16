import { describe, expect, it } from 'vitest';
import { isIsoDate, isWeekend, weekdayOf } from './iso-date';
import { NSE_HOLIDAYS_2026, NSE_SPECIAL_SESSIONS_2026, nseCalendar2026 } from './nse-holidays-2026';

describe('NSE_HOLIDAYS_2026', () => {
  it('lists the sixteen 2026 trading holidays', () => {
    expect(NSE_HOLIDAYS_2026.map((h) => h.date)).toEqual([
      '2026-01-15',
      '2026-01-26',
      '2026-03-03',
      '2026-03-26',
      '2026-03-31',
      '2026-04-03',
      '2026-04-14',
      '2026-05-01',
      '2026-05-28',
      '2026-06-26',
      '2026-09-14',
      '2026-10-02',
      '2026-10-20',
      '2026-11-10',
      '2026-11-24',
      '2026-12-25',
    ]);
  });

  it('has valid, named, sorted, distinct weekday dates in 2026', () => {
    const dates = NSE_HOLIDAYS_2026.map((h) => h.date);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
    for (const holiday of NSE_HOLIDAYS_2026) {
      expect(isIsoDate(holiday.date)).toBe(true);
      expect(holiday.date.startsWith('2026-')).toBe(true);
      // A holiday on a weekend closes nothing: the listed ones all fall Monday to Friday.
      expect(isWeekend(holiday.date)).toBe(false);
      expect(holiday.name.trim()).not.toBe('');
    }
  });

  it('names the holidays', () => {
    const byDate = new Map(NSE_HOLIDAYS_2026.map((h) => [h.date, h.name]));
    expect(byDate.get('2026-01-26')).toBe('Republic Day');
    expect(byDate.get('2026-11-10')).toBe('Diwali Balipratipada');
    expect(byDate.get('2026-12-25')).toBe('Christmas');
  });
});

describe('NSE_SPECIAL_SESSIONS_2026', () => {
  it('opens Sunday 1 February for the Union Budget at normal hours', () => {
    expect(NSE_SPECIAL_SESSIONS_2026).toHaveLength(1);
    const [budget] = NSE_SPECIAL_SESSIONS_2026;
    expect(budget?.date).toBe('2026-02-01');
    expect(weekdayOf('2026-02-01')).toBe(0);
    expect(budget?.open).toBeUndefined();
    expect(budget?.close).toBeUndefined();
  });
});

describe('nseCalendar2026', () => {
  it('covers 2026 only, 09:15 to 15:30', () => {
    expect(nseCalendar2026.name).toBe('NSE 2026');
    expect(nseCalendar2026.years).toEqual([2026]);
    expect(nseCalendar2026.sessionOpen).toBe('09:15');
    expect(nseCalendar2026.sessionClose).toBe('15:30');
  });

  it('closes on every listed holiday and opens on the budget Sunday', () => {
    for (const holiday of NSE_HOLIDAYS_2026) {
      expect(nseCalendar2026.isTradingDay(holiday.date)).toBe(false);
      expect(nseCalendar2026.holidayOn(holiday.date)).toEqual(holiday);
    }
    expect(nseCalendar2026.isTradingDay('2026-02-01')).toBe(true);
  });
});
