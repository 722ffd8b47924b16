import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { classifyRequest, createRateLimiter } from './rate-limit';
import type { RateClass, RateLimiter } from './rate-limit';

describe('classifyRequest', () => {
  it.each([
    ['GET', '/quote', 'quote'],
    ['GET', '/quote/ltp', 'quote'],
    ['GET', '/quote/ohlc', 'quote'],
    ['GET', '/instruments/historical/408065/minute', 'historical'],
    ['POST', '/orders/regular', 'orders'],
    ['PUT', '/orders/regular/123', 'orders'],
    ['DELETE', '/orders/regular/123', 'orders'],
    ['GET', '/orders', 'other'],
    ['GET', '/orders/123/trades', 'other'],
    ['GET', '/instruments', 'other'],
    ['GET', '/quotes', 'other'],
  ] as const)('%s %s is %s', (method, path, expected) => {
    expect(classifyRequest(method, path)).toBe(expected);
  });
});

describe('createRateLimiter', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-23T04:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function countAllowed(
    limiter: RateLimiter,
    account: string,
    rateClass: RateClass,
    attempts: number,
  ): Promise<number> {
    let allowed = 0;
    for (let i = 0; i < attempts; i++) if (await limiter.consume(account, rateClass)) allowed++;
    return allowed;
  }

  it('allows Kite’s per-second budget per class and refuses the rest', async () => {
    const limiter = createRateLimiter();
    expect(await countAllowed(limiter, 'a', 'quote', 3)).toBe(1);
    expect(await countAllowed(limiter, 'a', 'historical', 5)).toBe(3);
    expect(await countAllowed(limiter, 'a', 'orders', 12)).toBe(10);
    expect(await countAllowed(limiter, 'a', 'other', 12)).toBe(10);
  });

  it('refills after a second and keeps accounts apart', async () => {
    const limiter = createRateLimiter();
    expect(await countAllowed(limiter, 'a', 'quote', 2)).toBe(1);
    expect(await countAllowed(limiter, 'b', 'quote', 1)).toBe(1);
    vi.advanceTimersByTime(999);
    expect(await countAllowed(limiter, 'a', 'quote', 1)).toBe(0);
    vi.advanceTimersByTime(1);
    expect(await countAllowed(limiter, 'a', 'quote', 2)).toBe(1);
  });
});
