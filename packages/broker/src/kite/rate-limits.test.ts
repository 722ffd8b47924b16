import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKiteRateLimiter, KITE_RATE_LIMITS } from './rate-limits';
import type { KiteRateClass, RateLimiterTimer } from './rate-limits';

const fakeTimer: RateLimiterTimer = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Asks for `count` slots at once; each request is answered the moment it is let out. */
function burst(
  rateClass: KiteRateClass,
  count: number,
  limiter = createKiteRateLimiter(KITE_RATE_LIMITS, fakeTimer),
) {
  const grantedAt: number[] = [];
  const order: number[] = [];
  for (let i = 0; i < count; i += 1) {
    void limiter.acquire(rateClass).then((release) => {
      grantedAt.push(Date.now());
      order.push(i);
      release();
    });
  }
  return { grantedAt, order };
}

describe('createKiteRateLimiter', () => {
  it('spaces 25 order requests over more than 2 s: 10, then 10, then 5', async () => {
    const { grantedAt, order } = burst('orders', 25);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(grantedAt).toHaveLength(25);
    expect(grantedAt.filter((t) => t === 0)).toHaveLength(10);
    expect(grantedAt.filter((t) => t === 1_020)).toHaveLength(10);
    expect(grantedAt.filter((t) => t === 2_040)).toHaveLength(5);
    expect(grantedAt.at(-1)).toBeGreaterThanOrEqual(2_000);
    expect(order).toEqual([...Array(25).keys()]);
  });

  it('never lets more than the limit out in any window', async () => {
    const { grantedAt } = burst('orders', 57);
    await vi.advanceTimersByTimeAsync(10_000);
    for (const start of grantedAt) {
      const inWindow = grantedAt.filter((t) => t >= start && t < start + KITE_RATE_LIMITS.windowMs);
      expect(inWindow.length).toBeLessThanOrEqual(10);
    }
  });

  it('holds a slot while its request is in flight and a window after the answer', async () => {
    const limiter = createKiteRateLimiter(
      { perWindow: { ...KITE_RATE_LIMITS.perWindow, quote: 1 }, windowMs: 1_000 },
      fakeTimer,
    );
    const release = await limiter.acquire('quote');
    let grantedAt: number | null = null;
    void limiter.acquire('quote').then(() => {
      grantedAt = Date.now();
    });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(grantedAt).toBeNull();
    release();
    await vi.advanceTimersByTimeAsync(999);
    expect(grantedAt).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(grantedAt).toBe(4_000);
  });

  it('limits each class on its own: quotes 1/s do not hold orders back', async () => {
    const limiter = createKiteRateLimiter(KITE_RATE_LIMITS, fakeTimer);
    const quotes = burst('quote', 3, limiter);
    const orders = burst('orders', 3, limiter);
    await vi.advanceTimersByTimeAsync(0);
    expect(orders.grantedAt).toEqual([0, 0, 0]);
    expect(quotes.grantedAt).toEqual([0]);
    await vi.advanceTimersByTimeAsync(2_100);
    expect(quotes.grantedAt).toEqual([0, 1_020, 2_040]);
  });

  it('refuses nonsense limits', () => {
    expect(() =>
      createKiteRateLimiter({
        perWindow: { ...KITE_RATE_LIMITS.perWindow, orders: 0 },
        windowMs: 1_000,
      }),
    ).toThrow(RangeError);
    expect(() => createKiteRateLimiter({ ...KITE_RATE_LIMITS, windowMs: 0 })).toThrow(RangeError);
  });
});
