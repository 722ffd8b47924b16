import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHhMm, hhMmToMinutes, isHhMm, parseHhMm } from './time-of-day';

describe('parseHhMm', () => {
  it.each([
    ['00:00', 0, 0],
    ['09:15', 9, 15],
    ['15:30', 15, 30],
    ['23:59', 23, 59],
  ])('parses %s', (text, hour, minute) => {
    expect(parseHhMm(text)).toEqual({ hour, minute });
    expect(isHhMm(text)).toBe(true);
  });

  it.each([
    '9:15',
    '09:15:00',
    '24:00',
    '23:60',
    '09-15',
    ' 09:15',
    '09:15 ',
    '0915',
    '',
    'ab:cd',
    '-1:00',
  ])('rejects "%s"', (text) => {
    expect(isHhMm(text)).toBe(false);
    expect(() => parseHhMm(text)).toThrow(RangeError);
  });
});

describe('hhMmToMinutes', () => {
  it('counts minutes after midnight', () => {
    expect(hhMmToMinutes('09:15')).toBe(555);
    expect(hhMmToMinutes('15:25')).toBe(925);
    expect(hhMmToMinutes('00:00')).toBe(0);
  });

  it('throws on bad input', () => {
    expect(() => hhMmToMinutes('25:00')).toThrow(RangeError);
  });
});

describe('formatHhMm', () => {
  it('pads', () => {
    expect(formatHhMm({ hour: 9, minute: 5 })).toBe('09:05');
  });

  it.each([
    { hour: 24, minute: 0 },
    { hour: 9, minute: 60 },
    { hour: -1, minute: 0 },
    { hour: 9.5, minute: 0 },
  ])('rejects %o', (time) => {
    expect(() => formatHhMm(time)).toThrow(RangeError);
  });

  it('round-trips every minute of the day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (hour, minute) => {
          const text = formatHhMm({ hour, minute });
          expect(parseHhMm(text)).toEqual({ hour, minute });
          expect(hhMmToMinutes(text)).toBe(hour * 60 + minute);
        },
      ),
    );
  });
});
