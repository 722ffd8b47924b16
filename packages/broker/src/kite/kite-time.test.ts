import { parseIstTimestamp } from '@kavach/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { readKiteTimestamp } from './kite-time';

const originalZone = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalZone;
});

describe('readKiteTimestamp', () => {
  it('reads Kite’s IST text', () => {
    expect(readKiteTimestamp('2026-01-23 09:15:02')).toBe(Date.UTC(2026, 0, 23, 3, 45, 2));
  });

  it.each(['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'])(
    'reads the Date the client parsed in the host zone (%s) as IST all the same',
    (zone) => {
      process.env.TZ = zone;
      const clientDate = new Date('2026-01-23 09:15:02');
      expect(readKiteTimestamp(clientDate)).toBe(parseIstTimestamp('2026-01-23 09:15:02'));
    },
  );

  it('has nothing for anything else', () => {
    expect(readKiteTimestamp(null)).toBeNull();
    expect(readKiteTimestamp('09:15:02')).toBeNull();
    expect(readKiteTimestamp(new Date(Number.NaN))).toBeNull();
    expect(readKiteTimestamp(1_700_000_000)).toBeNull();
  });
});
