import type { AlertChannelName, AlertSeverity } from './alert-types';

export interface AlertThrottleOptions {
  /** Repeats of a dedupe key within this long after it was last accepted are suppressed. */
  readonly dedupeWindowMs: number;
  /** At most this many alerts per channel within rateWindowMs (CRITICAL ones excepted). */
  readonly maxPerChannel: number;
  readonly rateWindowMs: number;
}

export const DEFAULT_THROTTLE: AlertThrottleOptions = {
  dedupeWindowMs: 5 * 60_000,
  maxPerChannel: 20,
  rateWindowMs: 60_000,
};

export interface AlertThrottle {
  /**
   * True when the key was accepted less than the dedupe window ago. A key that is not a
   * duplicate is recorded as accepted now, so a condition that keeps firing is told about once
   * per window, not once ever.
   */
  isDuplicate(dedupeKey: string, now: number): boolean;
  /**
   * Whether the channel may send one more alert now; counts it if so. CRITICAL alerts are always
   * admitted (they still count): a storm of warnings must never hide a kill switch or a stop
   * that failed. Dedupe already stops the same CRITICAL repeating.
   */
  admit(channel: AlertChannelName, severity: AlertSeverity, now: number): boolean;
  /** How many alerts the rate cap dropped on the channel since the last call; resets it. */
  takeSuppressed(channel: AlertChannelName): number;
}

/** Keys are forgotten lazily; this bounds the map between sweeps. */
const SWEEP_AT = 1_000;

export function createAlertThrottle(options: AlertThrottleOptions): AlertThrottle {
  const acceptedAt = new Map<string, number>();
  const sent = new Map<AlertChannelName, number[]>();
  const suppressed = new Map<AlertChannelName, number>();

  function sweep(now: number): void {
    for (const [key, at] of acceptedAt) {
      if (now - at >= options.dedupeWindowMs) acceptedAt.delete(key);
    }
  }

  return {
    isDuplicate(dedupeKey, now) {
      const last = acceptedAt.get(dedupeKey);
      if (last !== undefined && now - last < options.dedupeWindowMs) return true;
      acceptedAt.set(dedupeKey, now);
      if (acceptedAt.size > SWEEP_AT) sweep(now);
      return false;
    },
    admit(channel, severity, now) {
      const times = (sent.get(channel) ?? []).filter((at) => now - at < options.rateWindowMs);
      sent.set(channel, times);
      if (times.length >= options.maxPerChannel && severity !== 'CRITICAL') {
        suppressed.set(channel, (suppressed.get(channel) ?? 0) + 1);
        return false;
      }
      times.push(now);
      return true;
    },
    takeSuppressed(channel) {
      const count = suppressed.get(channel) ?? 0;
      suppressed.delete(channel);
      return count;
    },
  };
}
