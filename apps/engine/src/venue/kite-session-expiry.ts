const DAY_MS = 86_400_000;
/** Kite ends every session at about 06:00 IST, which is 00:30 UTC (India keeps no DST). */
const EXPIRY_UTC_OFFSET_MS = 30 * 60_000;

/** The latest daily Kite session expiry at or before `nowMs`: older sessions are dead. */
export function lastKiteSessionExpiry(nowMs: number): number {
  return nowMs - ((((nowMs - EXPIRY_UTC_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS);
}
