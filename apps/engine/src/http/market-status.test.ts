import { atIst, nseCalendar2026 } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { describeMarket } from './market-status';

describe('describeMarket', () => {
  it('reports an open session with the time to close', () => {
    const status = describeMarket(nseCalendar2026, atIst('15:00', '2026-11-20'));
    expect(status).toEqual({
      calendar: nseCalendar2026.name,
      covered: true,
      now: '2026-11-20 15:00:00',
      open: true,
      minutesToClose: 30,
      nextOpen: '2026-11-23 09:15:00',
    });
  });

  it('skips the weekend and a holiday for the next open', () => {
    // Friday 2026-11-20 after the close; Monday 23rd trades; Tuesday 24th is Guru Nanak Jayanti.
    const friday = describeMarket(nseCalendar2026, atIst('16:00', '2026-11-20'));
    expect(friday).toMatchObject({
      open: false,
      minutesToClose: null,
      nextOpen: '2026-11-23 09:15:00',
    });
    const monday = describeMarket(nseCalendar2026, atIst('15:30', '2026-11-23'));
    expect(monday).toMatchObject({ open: false, nextOpen: '2026-11-25 09:15:00' });
  });

  it('says so when the calendar does not cover the date, instead of guessing', () => {
    const status = describeMarket(nseCalendar2026, atIst('10:00', '2026-12-31'));
    expect(status).toMatchObject({ covered: false, now: '2026-12-31 10:00:00' });
    expect(status.covered ? '' : status.reason).toMatch(/2027/);
  });
});
