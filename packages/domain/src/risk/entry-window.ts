import { hhMmToMinutes, isHhMm } from '../time/time-of-day';

/** New entries are allowed from `start` (inclusive) to `end` (exclusive), both 'HH:MM' IST. */
export interface EntryWindow {
  readonly start: string;
  readonly end: string;
}

/** The window's bounds in minutes, or null when it is malformed, empty or crosses midnight. */
export function parseEntryWindow(
  window: EntryWindow,
): { readonly start: number; readonly end: number } | null {
  if (!isHhMm(window.start) || !isHhMm(window.end)) return null;
  const start = hhMmToMinutes(window.start);
  const end = hhMmToMinutes(window.end);
  return start < end ? { start, end } : null;
}

/**
 * Whether an IST time of day (minutes after midnight, as istMinutesOfDay gives it; fractions
 * allowed for seconds) lies in [start, end). The end is exclusive so that '15:00' means no
 * entry from 15:00:00 on. A malformed window admits nothing: failing closed is the only safe
 * reading of bad config.
 */
export function isWithinEntryWindow(window: EntryWindow, nowIstMinutes: number): boolean {
  const bounds = parseEntryWindow(window);
  if (bounds === null || !Number.isFinite(nowIstMinutes)) return false;
  return nowIstMinutes >= bounds.start && nowIstMinutes < bounds.end;
}
