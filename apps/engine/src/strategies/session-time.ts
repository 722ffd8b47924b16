import { hhMmToMinutes, istMinutesOfDay } from '@kavach/domain';
import type { Bar } from '../market-data/bar';

/** NSE's continuous session opens at 09:15 IST; the opening range is measured from it. */
export const SESSION_OPEN_MINUTES = hhMmToMinutes('09:15');

/**
 * A signal is acted on at the next scan after its bar closes. A bar that closed longer ago
 * than this (the scan fell behind, or the instrument stopped trading) is stale: its price is
 * no longer the market's.
 */
export const MAX_BAR_AGE_MINUTES = 2;

export function barStartMinutes(bar: Bar): number {
  return istMinutesOfDay(bar.start);
}

export function barEndMinutes(bar: Bar): number {
  return istMinutesOfDay(bar.end);
}

export function isFreshBar(bar: Bar, nowIstMinutes: number): boolean {
  return nowIstMinutes - barEndMinutes(bar) < MAX_BAR_AGE_MINUTES;
}
