import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './iso-date';
import { atIst, istDate, istMinutesOfDay, istParts } from './ist';
import { createMarketCalendar } from './market-calendar';
import type { MarketCalendarOptions } from './market-calendar';
import { NSE_HOLIDAYS_2026, nseCalendar2026 as nse } from './nse-holidays-2026';

const at = (date: string, time: string, extraMs = 0): number => atIst(time, date) + extraMs;

const SECOND = 1_000;
const MINUTE = 60_000;

describe('isTradingDay and holidayOn', () => {
  it('trades on ordinary weekdays', () => {
    expect(nse.isTradingDay('2026-01-30')).toBe(true);
    expect(nse.isTradingDay('2026-01-01')).toBe(true);
    expect(nse.isTradingDay('2026-12-31')).toBe(true);
    expect(nse.holidayOn('2026-01-30')).toBeNull();
  });

  it('closes on weekends and holidays', () => {
    expect(nse.isTradingDay('2026-01-31')).toBe(false);
    expect(nse.isTradingDay('2026-02-08')).toBe(false);
    expect(nse.isTradingDay('2026-01-26')).toBe(false);
    expect(nse.holidayOn('2026-03-03')).toEqual({ date: '2026-03-03', name: 'Holi' });
    expect(nse.holidayOn('2026-01-31')).toBeNull();
  });

  it('trades the special Sunday session', () => {
    expect(nse.isTradingDay('2026-02-01')).toBe(true);
    expect(nse.holidayOn('2026-02-01')).toBeNull();
  });

  it('has 246 trading days in 2026 (261 weekdays − 16 holidays + 1 special Sunday)', () => {
    let count = 0;
    for (let date = '2026-01-01'; date <= '2026-12-31'; date = addDays(date, 1)) {
      if (nse.isTradingDay(date)) count += 1;
    }
    expect(count).toBe(246);
  });

  it.each(['2026-1-30', '2026-02-30', '', '2026-01-30T09:15'])(
    'rejects the malformed date "%s"',
    (date) => {
      expect(() => nse.isTradingDay(date)).toThrow(RangeError);
    },
  );
});

describe('coverage', () => {
  it('knows which years it covers', () => {
    expect(nse.covers('2026-06-01')).toBe(true);
    expect(nse.covers('2025-12-31')).toBe(false);
    expect(nse.covers('2027-01-02')).toBe(false);
    expect(() => nse.covers('2027-13-01')).toThrow(RangeError);
  });

  it('throws a clear RangeError for any question outside the covered years', () => {
    expect(() => nse.isTradingDay('2027-01-04')).toThrow(RangeError);
    expect(() => nse.isTradingDay('2027-01-02')).toThrow(
      /NSE 2026 calendar covers 2026 only; 2027-01-02/,
    );
    expect(() => nse.holidayOn('2025-12-25')).toThrow(RangeError);
    expect(() => nse.sessionOn('2025-12-31')).toThrow(RangeError);
    expect(() => nse.sessionCloseOn('2027-01-01')).toThrow(RangeError);
    expect(() => nse.isMarketOpen(at('2025-12-31', '10:00'))).toThrow(RangeError);
    expect(() => nse.minutesToClose(at('2027-01-01', '10:00'))).toThrow(RangeError);
    expect(() => nse.nextSessionOpen(at('2025-12-31', '16:00'))).toThrow(RangeError);
    expect(() => nse.previousTradingDay('2027-01-05')).toThrow(RangeError);
    expect(() => nse.nextTradingDay('2025-12-30')).toThrow(RangeError);
  });

  it('throws rather than walk past the year end', () => {
    expect(() => nse.nextTradingDay('2026-12-31')).toThrow(/2027-01-01/);
    expect(() => nse.previousTradingDay('2026-01-01')).toThrow(/2025-12-31/);
    expect(() => nse.nextSessionOpen(at('2026-12-31', '15:30'))).toThrow(RangeError);
    expect(() => nse.nextSessionOpen(at('2026-12-31', '09:15'))).toThrow(RangeError);
  });
});

describe('isMarketOpen', () => {
  const day = '2026-01-30';

  it('opens at 09:15:00.000 inclusive', () => {
    expect(nse.isMarketOpen(at(day, '09:15', -1))).toBe(false);
    expect(nse.isMarketOpen(at(day, '09:15'))).toBe(true);
    // The same instants written as UTC: 09:15 IST is 03:45Z.
    expect(nse.isMarketOpen(Date.UTC(2026, 0, 30, 3, 44, 59, 999))).toBe(false);
    expect(nse.isMarketOpen(Date.UTC(2026, 0, 30, 3, 45))).toBe(true);
  });

  it('closes at 15:30:00.000 exclusive', () => {
    expect(nse.isMarketOpen(at(day, '15:30', -1))).toBe(true);
    expect(nse.isMarketOpen(at(day, '15:30'))).toBe(false);
    expect(nse.isMarketOpen(Date.UTC(2026, 0, 30, 9, 59, 59, 999))).toBe(true);
    expect(nse.isMarketOpen(Date.UTC(2026, 0, 30, 10, 0))).toBe(false);
  });

  it('is closed at night, on weekends and on holidays', () => {
    expect(nse.isMarketOpen(at(day, '02:00'))).toBe(false);
    expect(nse.isMarketOpen(at(day, '23:00'))).toBe(false);
    expect(nse.isMarketOpen(at('2026-01-31', '11:00'))).toBe(false);
    expect(nse.isMarketOpen(at('2026-01-26', '11:00'))).toBe(false);
    expect(nse.isMarketOpen(at('2026-11-10', '11:00'))).toBe(false);
  });

  it('is open during the special Sunday session', () => {
    expect(nse.isMarketOpen(at('2026-02-01', '11:00'))).toBe(true);
    expect(nse.isMarketOpen(at('2026-02-01', '15:30'))).toBe(false);
  });

  it('matches the trading day and the 09:15–15:30 window for any instant of 2026', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: at('2026-01-01', '00:00'), max: at('2026-12-31', '23:59', 59_999) }),
        (ms) => {
          const minutes = istMinutesOfDay(ms);
          const expected = nse.isTradingDay(istDate(ms)) && minutes >= 555 && minutes < 930;
          expect(nse.isMarketOpen(ms)).toBe(expected);
        },
      ),
    );
  });
});

describe('sessionOn, sessionOpenOn and sessionCloseOn', () => {
  it('gives the session instants of a trading day', () => {
    expect(nse.sessionOn('2026-01-30')).toEqual({
      date: '2026-01-30',
      open: Date.UTC(2026, 0, 30, 3, 45),
      close: Date.UTC(2026, 0, 30, 10, 0),
    });
    expect(nse.sessionOpenOn('2026-01-30')).toBe(Date.UTC(2026, 0, 30, 3, 45));
    expect(nse.sessionCloseOn('2026-01-30')).toBe(Date.UTC(2026, 0, 30, 10, 0));
    expect(nse.sessionCloseOn('2026-02-01')).toBe(at('2026-02-01', '15:30'));
  });

  it('is null when the market does not trade', () => {
    expect(nse.sessionOn('2026-01-26')).toBeNull();
    expect(nse.sessionOpenOn('2026-01-31')).toBeNull();
    expect(nse.sessionCloseOn('2026-12-25')).toBeNull();
  });
});

describe('nextSessionOpen', () => {
  it("is today's open before 09:15 on a trading day", () => {
    expect(nse.nextSessionOpen(at('2026-01-30', '08:00'))).toBe(at('2026-01-30', '09:15'));
    expect(nse.nextSessionOpen(at('2026-01-30', '09:15', -1))).toBe(at('2026-01-30', '09:15'));
    expect(nse.nextSessionOpen(at('2026-01-30', '00:00'))).toBe(at('2026-01-30', '09:15'));
  });

  it('is the next trading day once the session has opened', () => {
    expect(nse.nextSessionOpen(at('2026-02-04', '09:15'))).toBe(at('2026-02-05', '09:15'));
    expect(nse.nextSessionOpen(at('2026-02-04', '12:00'))).toBe(at('2026-02-05', '09:15'));
    expect(nse.nextSessionOpen(at('2026-02-04', '15:30'))).toBe(at('2026-02-05', '09:15'));
    expect(nse.nextSessionOpen(at('2026-02-04', '23:59'))).toBe(at('2026-02-05', '09:15'));
  });

  it('goes from Friday to Monday', () => {
    expect(nse.nextSessionOpen(at('2026-02-06', '15:30'))).toBe(at('2026-02-09', '09:15'));
    expect(nse.nextSessionOpen(at('2026-02-07', '10:00'))).toBe(at('2026-02-09', '09:15'));
    expect(nse.nextSessionOpen(at('2026-02-08', '23:00'))).toBe(at('2026-02-09', '09:15'));
  });

  it('skips holidays', () => {
    // Wednesday 14 Jan → Friday 16 Jan (Thursday 15 Jan: Maharashtra municipal elections).
    expect(nse.nextSessionOpen(at('2026-01-14', '15:30'))).toBe(at('2026-01-16', '09:15'));
    // Holi on Tuesday 3 March, asked before, during and after the holiday's would-be session.
    expect(nse.nextSessionOpen(at('2026-03-02', '16:00'))).toBe(at('2026-03-04', '09:15'));
    expect(nse.nextSessionOpen(at('2026-03-03', '08:00'))).toBe(at('2026-03-04', '09:15'));
    expect(nse.nextSessionOpen(at('2026-03-03', '11:00'))).toBe(at('2026-03-04', '09:15'));
    // Good Friday 3 April and the weekend: Thursday → Monday.
    expect(nse.nextSessionOpen(at('2026-04-02', '15:30'))).toBe(at('2026-04-06', '09:15'));
    // Christmas on Friday 25 December: Thursday → Monday 28.
    expect(nse.nextSessionOpen(at('2026-12-24', '15:30'))).toBe(at('2026-12-28', '09:15'));
  });

  it('finds the special Sunday session', () => {
    expect(nse.nextSessionOpen(at('2026-01-30', '15:30'))).toBe(at('2026-02-01', '09:15'));
    expect(nse.nextSessionOpen(at('2026-02-01', '09:15'))).toBe(at('2026-02-02', '09:15'));
  });

  it('reads the IST day, not the UTC day', () => {
    // 20:00Z on Thursday 29 January is 01:30 IST on Friday 30 January.
    expect(nse.nextSessionOpen(Date.UTC(2026, 0, 29, 20, 0))).toBe(at('2026-01-30', '09:15'));
  });

  it('crosses the year end when the next year is loaded', () => {
    const twoYears = createMarketCalendar({
      years: [2026, 2027],
      holidays: [...NSE_HOLIDAYS_2026, { date: '2027-01-26', name: 'Republic Day' }],
    });
    expect(twoYears.nextSessionOpen(at('2026-12-31', '15:30'))).toBe(at('2027-01-01', '09:15'));
    expect(twoYears.nextTradingDay('2026-12-31')).toBe('2027-01-01');
    expect(twoYears.previousTradingDay('2027-01-01')).toBe('2026-12-31');
    expect(twoYears.nextTradingDay('2027-01-25')).toBe('2027-01-27');
  });

  it('is a trading day at 09:15 IST, strictly after the input, open right then, and none is skipped', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: at('2026-01-01', '00:00'), max: at('2026-12-31', '09:15', -1) }),
        (ms) => {
          const open = nse.nextSessionOpen(ms);
          expect(open).toBeGreaterThan(ms);
          const parts = istParts(open);
          expect(parts).toMatchObject({ hour: 9, minute: 15, second: 0, millisecond: 0 });
          expect(nse.isTradingDay(parts.date)).toBe(true);
          expect(nse.isMarketOpen(open)).toBe(true);
          expect(nse.isMarketOpen(open - 1)).toBe(false);
          if (parts.date !== '2026-01-01') {
            const previousOpen = nse.sessionOpenOn(nse.previousTradingDay(parts.date));
            expect(previousOpen).not.toBeNull();
            expect(previousOpen!).toBeLessThanOrEqual(ms);
          }
        },
      ),
    );
  });
});

describe('previousTradingDay and nextTradingDay', () => {
  it('step over weekends, holidays and onto the special Sunday', () => {
    expect(nse.previousTradingDay('2026-02-09')).toBe('2026-02-06');
    expect(nse.nextTradingDay('2026-02-06')).toBe('2026-02-09');
    expect(nse.previousTradingDay('2026-01-16')).toBe('2026-01-14');
    expect(nse.nextTradingDay('2026-01-14')).toBe('2026-01-16');
    expect(nse.previousTradingDay('2026-01-27')).toBe('2026-01-23');
    expect(nse.previousTradingDay('2026-02-02')).toBe('2026-02-01');
    expect(nse.nextTradingDay('2026-01-30')).toBe('2026-02-01');
    expect(nse.nextTradingDay('2026-12-24')).toBe('2026-12-28');
  });

  it('work from non-trading days too', () => {
    expect(nse.previousTradingDay('2026-01-26')).toBe('2026-01-23');
    expect(nse.nextTradingDay('2026-01-26')).toBe('2026-01-27');
    expect(nse.nextTradingDay('2026-02-07')).toBe('2026-02-09');
  });

  it('are inverse on trading days and skip only non-trading days', () => {
    const tradingDays: string[] = [];
    for (let date = '2026-01-01'; date <= '2026-12-31'; date = addDays(date, 1)) {
      if (nse.isTradingDay(date)) tradingDays.push(date);
    }
    fc.assert(
      fc.property(fc.integer({ min: 1, max: tradingDays.length - 2 }), (index) => {
        const day = tradingDays[index]!;
        expect(nse.nextTradingDay(day)).toBe(tradingDays[index + 1]);
        expect(nse.previousTradingDay(day)).toBe(tradingDays[index - 1]);
        expect(nse.previousTradingDay(nse.nextTradingDay(day))).toBe(day);
      }),
    );
  });
});

describe('msToClose and minutesToClose', () => {
  const day = '2026-01-30';

  it('count down to the close while open', () => {
    expect(nse.minutesToClose(at(day, '09:15'))).toBe(375);
    expect(nse.minutesToClose(at(day, '15:25'))).toBe(5);
    expect(nse.minutesToClose(at(day, '15:29', 30 * SECOND))).toBe(0.5);
    expect(nse.msToClose(at(day, '15:30', -1))).toBe(1);
  });

  it('are null while closed', () => {
    expect(nse.minutesToClose(at(day, '15:30'))).toBeNull();
    expect(nse.minutesToClose(at(day, '09:15', -1))).toBeNull();
    expect(nse.msToClose(at('2026-01-26', '12:00'))).toBeNull();
    expect(nse.msToClose(at('2026-01-31', '12:00'))).toBeNull();
  });

  it('land exactly on the close', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 375 * MINUTE - 1 }), (offset) => {
        const ms = at(day, '09:15', offset);
        expect(ms + nse.msToClose(ms)!).toBe(nse.sessionCloseOn(day));
        expect(nse.minutesToClose(ms)).toBeCloseTo((375 * MINUTE - offset) / MINUTE, 9);
      }),
    );
  });
});

describe('createMarketCalendar', () => {
  const base: MarketCalendarOptions = { years: [2026], holidays: [] };

  it('takes an injected holiday list', () => {
    const noHolidays = createMarketCalendar(base);
    expect(noHolidays.isTradingDay('2026-01-26')).toBe(true);
    const extra = createMarketCalendar({
      ...base,
      holidays: [{ date: '2026-01-29', name: 'Drill' }],
    });
    expect(extra.isTradingDay('2026-01-29')).toBe(false);
    expect(extra.nextSessionOpen(at('2026-01-28', '16:00'))).toBe(at('2026-01-30', '09:15'));
  });

  it('takes other session hours', () => {
    const short = createMarketCalendar({ ...base, sessionOpen: '10:00', sessionClose: '12:00' });
    expect(short.isMarketOpen(at('2026-01-30', '09:59'))).toBe(false);
    expect(short.isMarketOpen(at('2026-01-30', '10:00'))).toBe(true);
    expect(short.isMarketOpen(at('2026-01-30', '12:00'))).toBe(false);
    expect(short.nextSessionOpen(at('2026-01-30', '09:00'))).toBe(at('2026-01-30', '10:00'));
    expect(short.minutesToClose(at('2026-01-30', '11:00'))).toBe(60);
  });

  it('gives a special session its own hours', () => {
    const muhurat = createMarketCalendar({
      ...base,
      specialSessions: [
        { date: '2026-11-08', name: 'Muhurat trading', open: '18:00', close: '19:00' },
      ],
    });
    expect(muhurat.isTradingDay('2026-11-08')).toBe(true);
    expect(muhurat.isMarketOpen(at('2026-11-08', '11:00'))).toBe(false);
    expect(muhurat.isMarketOpen(at('2026-11-08', '18:30'))).toBe(true);
    expect(muhurat.nextSessionOpen(at('2026-11-08', '10:00'))).toBe(at('2026-11-08', '18:00'));
    expect(muhurat.nextSessionOpen(at('2026-11-06', '15:30'))).toBe(at('2026-11-08', '18:00'));
    expect(muhurat.sessionCloseOn('2026-11-08')).toBe(at('2026-11-08', '19:00'));
  });

  it('defaults the covered years to those the lists mention', () => {
    const derived = createMarketCalendar({
      holidays: [{ date: '2027-01-26', name: 'Republic Day' }],
      specialSessions: [{ date: '2028-02-06', name: 'Budget' }],
    });
    expect(derived.years).toEqual([2027, 2028]);
    expect(derived.name).toBe('market');
    expect(() => derived.isTradingDay('2026-06-01')).toThrow(RangeError);
  });

  it('is immutable', () => {
    const calendar = createMarketCalendar(base);
    expect(Object.isFrozen(calendar)).toBe(true);
    expect(Object.isFrozen(calendar.years)).toBe(true);
  });

  it.each<[string, MarketCalendarOptions]>([
    ['no years at all', { holidays: [] }],
    ['a fractional year', { years: [2026.5], holidays: [] }],
    ['open after close', { ...base, sessionOpen: '15:30', sessionClose: '09:15' }],
    ['open equal to close', { ...base, sessionOpen: '09:15', sessionClose: '09:15' }],
    ['a malformed session time', { ...base, sessionOpen: '9:15' }],
    ['a malformed holiday date', { ...base, holidays: [{ date: '2026-02-30', name: 'x' }] }],
    ['a holiday outside the years', { ...base, holidays: [{ date: '2027-01-26', name: 'x' }] }],
    [
      'a holiday listed twice',
      {
        ...base,
        holidays: [
          { date: '2026-01-26', name: 'x' },
          { date: '2026-01-26', name: 'y' },
        ],
      },
    ],
    [
      'a special session on a holiday',
      {
        ...base,
        holidays: [{ date: '2026-01-26', name: 'x' }],
        specialSessions: [{ date: '2026-01-26', name: 'y' }],
      },
    ],
    [
      'a special session listed twice',
      {
        ...base,
        specialSessions: [
          { date: '2026-02-01', name: 'x' },
          { date: '2026-02-01', name: 'y' },
        ],
      },
    ],
    [
      'a special session outside the years',
      { ...base, specialSessions: [{ date: '2027-02-01', name: 'x' }] },
    ],
    [
      'a special session that closes before it opens',
      {
        ...base,
        specialSessions: [{ date: '2026-02-01', name: 'x', open: '19:00', close: '18:00' }],
      },
    ],
  ])('rejects %s', (_label, options) => {
    expect(() => createMarketCalendar(options)).toThrow(RangeError);
  });
});
