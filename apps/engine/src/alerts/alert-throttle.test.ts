import { describe, expect, it } from 'vitest';
import { createAlertThrottle } from './alert-throttle';

const options = { dedupeWindowMs: 5 * 60_000, maxPerChannel: 3, rateWindowMs: 60_000 };

describe('alert throttle', () => {
  it('suppresses a key repeated inside the window and accepts it again after', () => {
    const throttle = createAlertThrottle(options);
    expect(throttle.isDuplicate('a', 0)).toBe(false);
    expect(throttle.isDuplicate('a', 299_999)).toBe(true);
    expect(throttle.isDuplicate('b', 1)).toBe(false);
    expect(throttle.isDuplicate('a', 300_000)).toBe(false);
    // The window restarts from the accepted repeat, not from the first one.
    expect(throttle.isDuplicate('a', 500_000)).toBe(true);
    expect(throttle.isDuplicate('a', 600_000)).toBe(false);
  });

  it('keeps deciding correctly after sweeping old keys', () => {
    const throttle = createAlertThrottle(options);
    for (let i = 0; i < 1_500; i += 1) expect(throttle.isDuplicate(`k${i}`, i)).toBe(false);
    expect(throttle.isDuplicate('k1499', 1_600)).toBe(true);
    expect(throttle.isDuplicate('k0', 400_000)).toBe(false);
  });

  it('caps each channel per window, counts what it held back, and lets CRITICAL through', () => {
    const throttle = createAlertThrottle(options);
    expect([0, 1, 2].map((t) => throttle.admit('TELEGRAM', 'WARNING', t))).toEqual([
      true,
      true,
      true,
    ]);
    expect(throttle.admit('TELEGRAM', 'INFO', 3)).toBe(false);
    expect(throttle.admit('TELEGRAM', 'WARNING', 4)).toBe(false);
    expect(throttle.admit('TELEGRAM', 'CRITICAL', 5)).toBe(true);
    expect(throttle.admit('EMAIL', 'INFO', 5)).toBe(true);
    expect(throttle.takeSuppressed('TELEGRAM')).toBe(2);
    expect(throttle.takeSuppressed('TELEGRAM')).toBe(0);
    expect(throttle.takeSuppressed('EMAIL')).toBe(0);
    // The window slides: the first sends age out.
    expect(throttle.admit('TELEGRAM', 'INFO', 60_000)).toBe(false);
    expect(throttle.admit('TELEGRAM', 'INFO', 60_003)).toBe(true);
  });
});
