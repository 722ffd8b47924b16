import { atIst, createMarketCalendar, nseCalendar2026 } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EOD_TIMES, checkEodTimes, describeEodPhase, eodScheduleOn } from './eod-phase';

const monday = '2026-11-23';
const at = (time: string, date = monday) => atIst(time, date);

describe('describeEodPhase', () => {
  it.each([
    ['09:00', 0, 'BEFORE_CUTOFF'],
    ['15:09', 59_999, 'BEFORE_CUTOFF'],
    ['15:10', 0, 'NO_NEW_ENTRIES'],
    ['15:24', 59_999, 'NO_NEW_ENTRIES'],
    ['15:25', 0, 'SQUARE_OFF_DUE'],
    ['15:29', 59_999, 'SQUARE_OFF_DUE'],
    ['15:30', 0, 'AFTER_CLOSE'],
    ['23:59', 0, 'AFTER_CLOSE'],
  ] as const)('%s IST + %i ms on a Monday is %s', (time, extraMs, phase) => {
    expect(describeEodPhase(nseCalendar2026, at(time) + extraMs, DEFAULT_EOD_TIMES)).toBe(phase);
  });

  it('is a closed day on a holiday, a Saturday and a Sunday', () => {
    expect(nseCalendar2026.holidayOn('2026-11-24')?.name).toContain('Guru Nanak');
    for (const date of ['2026-11-24', '2026-11-28', '2026-11-29']) {
      expect(describeEodPhase(nseCalendar2026, at('15:25', date), DEFAULT_EOD_TIMES)).toBe(
        'CLOSED_DAY',
      );
    }
  });

  it('trades the Budget Sunday session like any other day', () => {
    expect(describeEodPhase(nseCalendar2026, at('15:25', '2026-02-01'), DEFAULT_EOD_TIMES)).toBe(
      'SQUARE_OFF_DUE',
    );
  });

  it('refuses a date the calendar does not cover', () => {
    expect(() =>
      describeEodPhase(nseCalendar2026, at('15:25', '2027-01-04'), DEFAULT_EOD_TIMES),
    ).toThrow(RangeError);
  });

  it('keeps the distance before the close on a session that ends early', () => {
    const calendar = createMarketCalendar({
      name: 'test',
      years: [2026],
      holidays: [],
      specialSessions: [{ date: '2026-11-08', name: 'Muhurat', open: '18:00', close: '19:00' }],
    });
    expect(eodScheduleOn(calendar, '2026-11-08', DEFAULT_EOD_TIMES)).toEqual({
      date: '2026-11-08',
      cutoff: at('18:40', '2026-11-08'),
      squareOff: at('18:55', '2026-11-08'),
      close: at('19:00', '2026-11-08'),
    });
    expect(eodScheduleOn(calendar, monday, DEFAULT_EOD_TIMES)?.squareOff).toBe(at('15:25'));
  });
});

describe('checkEodTimes', () => {
  it.each([
    { noNewEntriesAfter: '15:26', squareOffAt: '15:25' },
    { noNewEntriesAfter: '15:10', squareOffAt: '15:30' },
    { noNewEntriesAfter: '09:00', squareOffAt: '15:25' },
  ])('refuses $noNewEntriesAfter / $squareOffAt', (times) => {
    expect(() => {
      checkEodTimes(nseCalendar2026, times);
    }).toThrow(RangeError);
  });

  it('accepts the defaults', () => {
    expect(() => {
      checkEodTimes(nseCalendar2026, DEFAULT_EOD_TIMES);
    }).not.toThrow();
  });
});
