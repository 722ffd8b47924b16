import { atIst } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { isRefreshDue } from './refresh-due';

describe('isRefreshDue', () => {
  const today = (time: string) => atIst(time, '2026-11-20');
  const yesterday = (time: string) => atIst(time, '2026-11-19');

  it('is due when never refreshed', () => {
    expect(isRefreshDue(null, today('10:00'))).toBe(true);
  });

  it('is not due again the same day after 08:00 IST', () => {
    expect(isRefreshDue(today('08:00'), today('15:00'))).toBe(false);
    expect(isRefreshDue(today('08:30'), today('23:59'))).toBe(false);
  });

  it('is due when the last refresh came before today’s 08:00 IST', () => {
    expect(isRefreshDue(yesterday('09:00'), today('08:00'))).toBe(true);
    expect(isRefreshDue(today('07:59'), today('09:00'))).toBe(true);
    expect(isRefreshDue(yesterday('23:00'), today('07:00'))).toBe(true);
  });
});
