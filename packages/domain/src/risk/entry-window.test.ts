import { describe, expect, it } from 'vitest';
import { isWithinEntryWindow, parseEntryWindow } from './entry-window';

describe('isWithinEntryWindow', () => {
  const window = { start: '09:20', end: '15:00' };

  it('includes the start and excludes the end', () => {
    expect(isWithinEntryWindow(window, 559)).toBe(false);
    expect(isWithinEntryWindow(window, 560)).toBe(true);
    expect(isWithinEntryWindow(window, 899.999)).toBe(true);
    expect(isWithinEntryWindow(window, 900)).toBe(false);
  });

  it('reads the bounds as minutes after midnight', () => {
    expect(parseEntryWindow(window)).toEqual({ start: 560, end: 900 });
    expect(parseEntryWindow({ start: '00:00', end: '23:59' })).toEqual({ start: 0, end: 1439 });
  });

  it.each([
    ['9:20', '15:00'],
    ['09:20', '24:00'],
    ['09:60', '15:00'],
    ['09:20 ', '15:00'],
    ['', '15:00'],
  ])('refuses the malformed window %j–%j', (start, end) => {
    expect(parseEntryWindow({ start, end })).toBeNull();
  });

  it('admits nothing through a malformed or inverted window', () => {
    expect(parseEntryWindow({ start: '15:00', end: '09:20' })).toBeNull();
    expect(isWithinEntryWindow({ start: '15:00', end: '09:20' }, 1000)).toBe(false);
    expect(isWithinEntryWindow({ start: '15:00', end: '09:20' }, 100)).toBe(false);
    expect(isWithinEntryWindow({ start: 'x', end: '15:00' }, 600)).toBe(false);
  });

  it('admits nothing at a time that is not a number', () => {
    expect(isWithinEntryWindow(window, Number.NaN)).toBe(false);
  });
});
