import { addDays, nseCalendar2026, weekdayOf } from '@kavach/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findMonthlyExpiry,
  isMonthlyExpiry,
  listMonthlyExpiries,
  listWeeklyExpiries,
} from './expiries';

const TUESDAY = 2;
const cal = nseCalendar2026;

describe('monthly expiries (last Tuesday, moved back over holidays)', () => {
  it.each([
    [1, '2026-01-27'],
    [2, '2026-02-24'],
    [3, '2026-03-30'], // 31 March is Mahavir Jayanti
    [6, '2026-06-30'],
    [11, '2026-11-23'], // 24 November is Guru Nanak Jayanti
    [12, '2026-12-29'],
  ])('month %i expires on %s', (month, expiry) => {
    expect(findMonthlyExpiry(2026, month, TUESDAY, cal)).toBe(expiry);
  });

  it('is null when the calendar does not cover the month', () => {
    expect(findMonthlyExpiry(2027, 1, TUESDAY, cal)).toBeNull();
  });

  it('lists the current and next month, skipping an expiry already past', () => {
    expect(listMonthlyExpiries('2026-02-02', 2, TUESDAY, cal)).toEqual([
      '2026-02-24',
      '2026-03-30',
    ]);
    expect(listMonthlyExpiries('2026-02-25', 2, TUESDAY, cal)).toEqual([
      '2026-03-30',
      '2026-04-28',
    ]);
    expect(listMonthlyExpiries('2026-02-24', 1, TUESDAY, cal)).toEqual(['2026-02-24']);
  });

  it('stops where the calendar ends', () => {
    expect(listMonthlyExpiries('2026-12-01', 2, TUESDAY, cal)).toEqual(['2026-12-29']);
    expect(listMonthlyExpiries('2026-12-30', 2, TUESDAY, cal)).toEqual([]);
  });
});

describe('weekly expiries', () => {
  it('lists Tuesdays, moved to Monday when Tuesday is a holiday', () => {
    expect(listWeeklyExpiries('2026-02-02', 2, TUESDAY, cal)).toEqual(['2026-02-03', '2026-02-10']);
    // 3 March (Holi) and 14 April (Ambedkar Jayanti) are Tuesdays.
    expect(listWeeklyExpiries('2026-03-02', 2, TUESDAY, cal)).toEqual(['2026-03-02', '2026-03-10']);
    expect(listWeeklyExpiries('2026-04-09', 1, TUESDAY, cal)).toEqual(['2026-04-13']);
  });

  it('includes the session day itself when it is an expiry day', () => {
    expect(listWeeklyExpiries('2026-02-10', 1, TUESDAY, cal)).toEqual(['2026-02-10']);
  });

  it('tells monthly from weekly expiries', () => {
    expect(isMonthlyExpiry('2026-03-30', TUESDAY, cal)).toBe(true);
    expect(isMonthlyExpiry('2026-03-24', TUESDAY, cal)).toBe(false);
  });

  it('only ever yields trading days on or after the date, in order, at most a week apart', () => {
    const tradingDays: string[] = [];
    for (let d = 0; d < 340; d++) {
      const date = addDays('2026-01-01', d);
      if (cal.isTradingDay(date)) tradingDays.push(date);
    }
    fc.assert(
      fc.property(fc.constantFrom(...tradingDays), (date) => {
        const weekly = listWeeklyExpiries(date, 3, TUESDAY, cal);
        const monthly = listMonthlyExpiries(date, 2, TUESDAY, cal);
        for (const expiry of [...weekly, ...monthly]) {
          expect(cal.isTradingDay(expiry)).toBe(true);
          expect(expiry >= date).toBe(true);
          expect([1, 2]).toContain(weekdayOf(expiry));
        }
        expect([...weekly].sort()).toEqual(weekly);
        expect(new Set(weekly).size).toBe(weekly.length);
      }),
    );
  });
});
