import { describe, expect, it } from 'vitest';
import { judgeStaleness, STALE_AFTER_MS } from './staleness';
import type { StalenessSignals } from './staleness';

const NOW = Date.parse('2026-11-23T05:01:02Z');

function signals(overrides: Partial<StalenessSignals> = {}): StalenessSignals {
  return {
    engineFailing: false,
    connected: true,
    feedLive: true,
    status: {
      now: NOW,
      market: { covered: true, open: true },
      marketData: { state: 'LIVE', lastTickAt: NOW - 1_000 },
    },
    ...overrides,
  };
}

describe('judgeStaleness', () => {
  it('calls the data fresh when every source is live and ticks flow', () => {
    expect(judgeStaleness(signals())).toEqual({ stale: false, why: null });
  });

  it('calls it stale while the live feed is interrupted, though socket and engine are fine', () => {
    expect(judgeStaleness(signals({ feedLive: false }))).toEqual({
      stale: true,
      why: 'live feed interrupted',
    });
    // Before the engine's first answer as well: the feed alone decides.
    expect(judgeStaleness(signals({ feedLive: false, status: undefined })).stale).toBe(true);
  });

  it('names the source nearest the trader first', () => {
    const allDown = { engineFailing: true, connected: false, feedLive: false };
    expect(judgeStaleness(signals(allDown)).why).toBe('engine not answering');
    expect(judgeStaleness(signals({ ...allDown, engineFailing: false })).why).toBe(
      'live connection lost',
    );
  });

  it('calls it stale when the market is open and no tick came for too long', () => {
    const quiet = (lastTickAt: number | null, open: boolean) =>
      judgeStaleness(
        signals({
          status: {
            now: NOW,
            market: { covered: true, open },
            marketData: { state: 'LIVE', lastTickAt },
          },
        }),
      );
    expect(quiet(NOW - STALE_AFTER_MS - 1, true)).toEqual({
      stale: true,
      why: 'no ticks from the market',
    });
    expect(quiet(null, true).stale).toBe(true);
    expect(quiet(NOW - STALE_AFTER_MS, true).stale).toBe(false);
    // Closed market: no ticks is no news.
    expect(quiet(null, false).stale).toBe(false);
  });
});
