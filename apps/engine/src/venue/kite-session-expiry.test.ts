import { describe, expect, it } from 'vitest';
import { lastKiteSessionExpiry } from './kite-session-expiry';

const ist = (text: string) => Date.parse(`${text}+05:30`);

describe('lastKiteSessionExpiry', () => {
  it('is this morning 06:00 IST during the day', () => {
    expect(lastKiteSessionExpiry(ist('2026-11-23T10:15:00'))).toBe(ist('2026-11-23T06:00:00'));
    expect(lastKiteSessionExpiry(ist('2026-11-23T23:59:59'))).toBe(ist('2026-11-23T06:00:00'));
  });

  it('is yesterday 06:00 IST before dawn, and now exactly at 06:00', () => {
    expect(lastKiteSessionExpiry(ist('2026-11-23T05:59:59'))).toBe(ist('2026-11-22T06:00:00'));
    expect(lastKiteSessionExpiry(ist('2026-11-23T06:00:00'))).toBe(ist('2026-11-23T06:00:00'));
  });
});
