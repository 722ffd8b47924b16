import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysInMonth,
  epochDayToIsoDate,
  formatIsoDate,
  isIsoDate,
  isLeapYear,
  isWeekend,
  isoDateToEpochDay,
  parseIsoDate,
  weekdayOf,
} from './iso-date';

const MS_PER_DAY = 86_400_000;

/** Reference through the UTC Date API (never the local zone). */
function referenceIsoDate(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

describe('isLeapYear and daysInMonth', () => {
  it.each([
    [2024, true],
    [2026, false],
    [2000, true],
    [1900, false],
    [2100, false],
  ])('%s leap: %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });

  it('knows month lengths', () => {
    expect(daysInMonth(2026, 1)).toBe(31);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 6)).toBe(30);
    expect(daysInMonth(2026, 9)).toBe(30);
    expect(daysInMonth(2026, 11)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });
});

describe('parseIsoDate and isIsoDate', () => {
  it('parses a date', () => {
    expect(parseIsoDate('2026-11-24')).toEqual({ year: 2026, month: 11, day: 24 });
    expect(isIsoDate('2028-02-29')).toBe(true);
  });

  it.each([
    '2026-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '2026-01-00',
    '2026-1-05',
    '26-01-05',
    '2026-01-05T00:00',
    ' 2026-01-05',
    '2026/01/05',
    '',
  ])('rejects "%s"', (text) => {
    expect(isIsoDate(text)).toBe(false);
    expect(() => parseIsoDate(text)).toThrow(RangeError);
  });
});

describe('formatIsoDate', () => {
  it('pads fields', () => {
    expect(formatIsoDate({ year: 2026, month: 1, day: 5 })).toBe('2026-01-05');
    expect(formatIsoDate({ year: 999, month: 12, day: 31 })).toBe('0999-12-31');
  });

  it.each([
    { year: 2026, month: 2, day: 29 },
    { year: 10_000, month: 1, day: 1 },
    { year: -1, month: 1, day: 1 },
    { year: 2026, month: 1.5, day: 1 },
  ])('rejects %o', (date) => {
    expect(() => formatIsoDate(date)).toThrow(RangeError);
  });
});

describe('epoch days', () => {
  it('numbers known days', () => {
    expect(isoDateToEpochDay('1970-01-01')).toBe(0);
    expect(isoDateToEpochDay('1969-12-31')).toBe(-1);
    expect(isoDateToEpochDay('2026-01-01')).toBe(20_454);
    expect(epochDayToIsoDate(20_454)).toBe('2026-01-01');
    expect(isoDateToEpochDay('0000-01-01')).toBe(-719_528);
    expect(isoDateToEpochDay('9999-12-31')).toBe(2_932_896);
  });

  it('agrees with the UTC Date API', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719_528, max: 2_932_896 }), (day) => {
        const iso = epochDayToIsoDate(day);
        expect(iso).toBe(referenceIsoDate(day));
        expect(isoDateToEpochDay(iso)).toBe(day);
      }),
    );
  });

  it.each([-719_529, 2_932_897, 1.5, Number.NaN])('rejects day number %s', (day) => {
    expect(() => epochDayToIsoDate(day)).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it('crosses month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-15', 0)).toBe('2026-01-15');
  });

  it('rejects a fractional count', () => {
    expect(() => addDays('2026-01-15', 0.5)).toThrow(RangeError);
  });

  it('composes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40_000 }),
        fc.integer({ min: -5_000, max: 5_000 }),
        fc.integer({ min: -5_000, max: 5_000 }),
        (start, a, b) => {
          const date = epochDayToIsoDate(start);
          expect(addDays(addDays(date, a), b)).toBe(addDays(date, a + b));
        },
      ),
    );
  });
});

describe('weekdayOf and isWeekend', () => {
  it('names known days', () => {
    expect(weekdayOf('1970-01-01')).toBe(4);
    expect(weekdayOf('2026-01-26')).toBe(1);
    expect(weekdayOf('2026-11-08')).toBe(0);
    expect(weekdayOf('1969-12-28')).toBe(0);
    expect(isWeekend('2026-02-01')).toBe(true);
    expect(isWeekend('2026-01-31')).toBe(true);
    expect(isWeekend('2026-01-30')).toBe(false);
  });

  it('agrees with the UTC Date API', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (day) => {
        expect(weekdayOf(epochDayToIsoDate(day))).toBe(new Date(day * MS_PER_DAY).getUTCDay());
      }),
    );
  });
});
