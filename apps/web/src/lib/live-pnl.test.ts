import type { TickMessage } from '@kavach/bus';
import { describe, expect, it } from 'vitest';
import { liveUnrealised } from './live-pnl';

const tick = (token: number, lastPrice: number) => ({ token, lastPrice }) as TickMessage;

describe('liveUnrealised', () => {
  const long = {
    token: 1,
    netQuantity: 10,
    averagePrice: 150_000,
    lastPrice: 150_500,
    unrealisedPnl: 5_000,
  };
  it('marks a position at the live tick, long and short', () => {
    expect(liveUnrealised(long, new Map([[1, tick(1, 151_000)]]))).toBe(10_000);
    expect(liveUnrealised({ ...long, netQuantity: -10 }, new Map([[1, tick(1, 151_000)]]))).toBe(
      -10_000,
    );
  });
  it("falls back to the engine's last price, then its figure", () => {
    expect(liveUnrealised(long, new Map())).toBe(5_000);
    expect(liveUnrealised({ ...long, lastPrice: null, averagePrice: null }, new Map())).toBe(5_000);
  });
});
