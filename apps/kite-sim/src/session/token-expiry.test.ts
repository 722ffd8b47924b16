import { atIst } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { computeTokenExpiry } from './token-expiry';

describe('computeTokenExpiry', () => {
  it('expires at 06:00 IST the next day for a token minted during the session', () => {
    expect(computeTokenExpiry(atIst('09:20', '2026-11-23'), '06:00')).toBe(
      atIst('06:00', '2026-11-24'),
    );
  });

  it('expires the same morning for a token minted before 06:00 IST', () => {
    expect(computeTokenExpiry(atIst('05:59', '2026-11-23'), '06:00')).toBe(
      atIst('06:00', '2026-11-23'),
    );
  });

  it('treats the expiry instant itself as already past', () => {
    expect(computeTokenExpiry(atIst('06:00', '2026-11-23'), '06:00')).toBe(
      atIst('06:00', '2026-11-24'),
    );
  });

  it('honours a configured time', () => {
    expect(computeTokenExpiry(atIst('09:20', '2026-11-23'), '15:45')).toBe(
      atIst('15:45', '2026-11-23'),
    );
  });
});
