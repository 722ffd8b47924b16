import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IST_OFFSET_MS,
  atIst,
  atIstOn,
  formatIstTimestamp,
  istDate,
  istDayStart,
  istMinutesOfDay,
  istParts,
  parseIstTimestamp,
} from './ist';

// 2026-01-30T03:45:00Z is 09:15 IST on Friday 30 January 2026.
const FRI_0915_IST = Date.UTC(2026, 0, 30, 3, 45);

/** Instants from 2000 to 2100, where trading dates live. */
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });

describe('istParts', () => {
  it('reads a known instant', () => {
    expect(istParts(FRI_0915_IST)).toEqual({
      date: '2026-01-30',
      year: 2026,
      month: 1,
      day: 30,
      hour: 9,
      minute: 15,
      second: 0,
      millisecond: 0,
      weekday: 5,
    });
  });

  it('rolls the date at IST midnight, not UTC midnight', () => {
    // 18:29:59.999 UTC is 23:59:59.999 IST; 18:30 UTC is already tomorrow in India.
    expect(istParts(Date.UTC(2026, 11, 31, 18, 29, 59, 999))).toMatchObject({
      date: '2026-12-31',
      hour: 23,
      minute: 59,
      second: 59,
      millisecond: 999,
      weekday: 4,
    });
    expect(istParts(Date.UTC(2026, 11, 31, 18, 30))).toMatchObject({
      date: '2027-01-01',
      year: 2027,
      month: 1,
      day: 1,
      hour: 0,
      minute: 0,
      weekday: 5,
    });
  });

  it('handles instants before 1970', () => {
    expect(istParts(-1)).toMatchObject({
      date: '1970-01-01',
      hour: 5,
      minute: 29,
      millisecond: 999,
    });
    expect(istParts(-IST_OFFSET_MS - 1)).toMatchObject({
      date: '1969-12-31',
      hour: 23,
      weekday: 3,
    });
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('rejects %s', (ms) => {
    expect(() => istParts(ms)).toThrow(RangeError);
    expect(() => istDate(ms)).toThrow(RangeError);
  });

  it('agrees with the UTC Date API shifted by 5:30', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        const shifted = new Date(ms + IST_OFFSET_MS);
        const parts = istParts(ms);
        expect(parts.date).toBe(shifted.toISOString().slice(0, 10));
        expect(parts.hour).toBe(shifted.getUTCHours());
        expect(parts.minute).toBe(shifted.getUTCMinutes());
        expect(parts.second).toBe(shifted.getUTCSeconds());
        expect(parts.millisecond).toBe(shifted.getUTCMilliseconds());
        expect(parts.weekday).toBe(shifted.getUTCDay());
        expect(istDate(ms)).toBe(parts.date);
      }),
    );
  });

  it("agrees with Intl's Asia/Kolkata zone", () => {
    const format = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Kolkata',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    fc.assert(
      fc.property(instant, (ms) => {
        const p = istParts(ms);
        const expected = `${p.date}, ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
        expect(format.format(ms)).toBe(expected);
      }),
    );
  });
});

describe('istMinutesOfDay', () => {
  it('counts minutes since IST midnight with the fraction', () => {
    expect(istMinutesOfDay(FRI_0915_IST)).toBe(555);
    expect(istMinutesOfDay(FRI_0915_IST + 30_000)).toBe(555.5);
    expect(istMinutesOfDay(istDayStart('2026-01-30'))).toBe(0);
  });
});

describe('atIst and istDayStart', () => {
  it('builds instants from IST wall-clock times', () => {
    expect(atIst('09:15', '2026-01-30')).toBe(FRI_0915_IST);
    expect(atIst('15:30', '2026-01-30')).toBe(Date.UTC(2026, 0, 30, 10, 0));
    expect(atIst('00:00', '2026-01-01')).toBe(Date.UTC(2025, 11, 31, 18, 30));
    expect(istDayStart('2026-01-01')).toBe(Date.UTC(2025, 11, 31, 18, 30));
  });

  it.each([
    ['9:15', '2026-01-30'],
    ['24:00', '2026-01-30'],
    ['09:15', '2026-02-30'],
    ['09:15', '30-01-2026'],
  ])('rejects %s on %s', (time, date) => {
    expect(() => atIst(time, date)).toThrow(RangeError);
  });

  it('inverts istParts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10_957, max: 47_482 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (epochDay, hour, minute) => {
          const date = new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
          const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const ms = atIst(time, date);
          expect(istParts(ms)).toMatchObject({ date, hour, minute, second: 0, millisecond: 0 });
        },
      ),
    );
  });
});

describe('atIstOn', () => {
  it('uses the IST day of the instant, earlier or later in that day', () => {
    expect(atIstOn(FRI_0915_IST, '15:25')).toBe(atIst('15:25', '2026-01-30'));
    expect(atIstOn(FRI_0915_IST, '00:05')).toBe(atIst('00:05', '2026-01-30'));
  });

  it('does not slip a day when UTC and IST dates differ', () => {
    // 20:00 UTC on 29 Jan is 01:30 IST on 30 Jan.
    expect(atIstOn(Date.UTC(2026, 0, 29, 20, 0), '15:25')).toBe(atIst('15:25', '2026-01-30'));
  });

  it('always lands on the same IST date', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 1439 }), (ms, minuteOfDay) => {
        const time = `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
        const at = atIstOn(ms, time);
        expect(istDate(at)).toBe(istDate(ms));
        expect(istMinutesOfDay(at)).toBe(minuteOfDay);
      }),
    );
  });
});

describe('IST timestamps', () => {
  it('parses Kite timestamps as IST', () => {
    expect(parseIstTimestamp('2026-01-30 09:15:02')).toBe(FRI_0915_IST + 2_000);
    expect(parseIstTimestamp('2026-01-01 00:00:00')).toBe(Date.UTC(2025, 11, 31, 18, 30));
  });

  it.each([
    '2026-01-30T09:15:02',
    '2026-01-30 9:15:02',
    '2026-01-30 09:15',
    '2026-01-30 24:00:00',
    '2026-02-30 09:15:02',
    '2026-01-30 09:15:60',
    '',
  ])('rejects "%s"', (text) => {
    expect(() => parseIstTimestamp(text)).toThrow(RangeError);
  });

  it('formats instants the same way, dropping milliseconds', () => {
    expect(formatIstTimestamp(FRI_0915_IST + 2_999)).toBe('2026-01-30 09:15:02');
  });

  it('round-trips whole seconds', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        const whole = Math.floor(ms / 1000) * 1000;
        expect(parseIstTimestamp(formatIstTimestamp(whole))).toBe(whole);
      }),
    );
  });
});
