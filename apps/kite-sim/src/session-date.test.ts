import { atIst, nseCalendar2026 } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { chooseSessionDate } from './session-date';

describe('chooseSessionDate', () => {
  it('stays on a trading day at any hour of it', () => {
    expect(chooseSessionDate(nseCalendar2026, atIst('08:00', '2026-11-23'))).toBe('2026-11-23');
    expect(chooseSessionDate(nseCalendar2026, atIst('23:00', '2026-11-23'))).toBe('2026-11-23');
  });

  it('moves to the next trading day on weekends and holidays', () => {
    expect(chooseSessionDate(nseCalendar2026, atIst('10:00', '2026-11-21'))).toBe('2026-11-23');
    expect(chooseSessionDate(nseCalendar2026, atIst('10:00', '2026-11-24'))).toBe('2026-11-25');
  });

  it('falls back to the last covered trading day after the calendar ends', () => {
    expect(chooseSessionDate(nseCalendar2026, atIst('10:00', '2027-03-01'))).toBe('2026-12-31');
    expect(chooseSessionDate(nseCalendar2026, atIst('10:00', '2025-06-02'))).toBe('2026-01-01');
  });
});
