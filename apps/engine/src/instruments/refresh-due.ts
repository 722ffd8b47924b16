import { atIstOn } from '@kavach/domain';

/** Kite publishes the day's instrument master before this time (IST). */
export const INSTRUMENT_MASTER_READY = '08:00';

/** Due when never loaded, or last loaded before today's 08:00 IST. */
export function isRefreshDue(lastRefreshedAt: number | null, now: number): boolean {
  return lastRefreshedAt === null || lastRefreshedAt < atIstOn(now, INSTRUMENT_MASTER_READY);
}
