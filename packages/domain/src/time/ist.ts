import { epochDayToIsoDate, isoDateToEpochDay } from './iso-date';
import type { Weekday } from './iso-date';
import { parseHhMm } from './time-of-day';

/**
 * India Standard Time is UTC+05:30 all year (no daylight saving since 1945), so converting
 * between an instant and IST wall-clock time is fixed arithmetic: no zone database, no host
 * TZ, no Intl.
 */
export const IST_OFFSET_MS = 19_800_000;
export const MS_PER_DAY = 86_400_000;

export interface IstParts {
  /** The IST calendar day, 'YYYY-MM-DD'. */
  readonly date: string;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  readonly weekday: Weekday;
}

function checkInstant(ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError(`expected epoch milliseconds, got ${ms}`);
}

function splitIst(ms: number): { epochDay: number; msOfDay: number } {
  checkInstant(ms);
  const shifted = Math.floor(ms) + IST_OFFSET_MS;
  const epochDay = Math.floor(shifted / MS_PER_DAY);
  return { epochDay, msOfDay: shifted - epochDay * MS_PER_DAY };
}

/** The IST wall-clock reading of an instant (epoch ms, UTC). */
export function istParts(ms: number): IstParts {
  const { epochDay, msOfDay } = splitIst(ms);
  const date = epochDayToIsoDate(epochDay);
  return {
    date,
    year: Number(date.slice(0, 4)),
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
    hour: Math.floor(msOfDay / 3_600_000),
    minute: Math.floor(msOfDay / 60_000) % 60,
    second: Math.floor(msOfDay / 1_000) % 60,
    millisecond: msOfDay % 1_000,
    weekday: ((((epochDay + 4) % 7) + 7) % 7) as Weekday,
  };
}

/** The IST calendar day an instant falls on. */
export function istDate(ms: number): string {
  return epochDayToIsoDate(splitIst(ms).epochDay);
}

/** Minutes since IST midnight, with the fraction (09:15:30 → 555.5): what entry windows compare. */
export function istMinutesOfDay(ms: number): number {
  return splitIst(ms).msOfDay / 60_000;
}

/** The instant an IST day begins (00:00:00.000 IST). */
export function istDayStart(date: string): number {
  return isoDateToEpochDay(date) * MS_PER_DAY - IST_OFFSET_MS;
}

/** The instant of an IST wall-clock time on an IST date: atIst('15:25', '2026-11-24'). */
export function atIst(time: string, date: string): number {
  const { hour, minute } = parseHhMm(time);
  return istDayStart(date) + (hour * 60 + minute) * 60_000;
}

/** The instant of an IST wall-clock time on the same IST day as `ms` (before or after it). */
export function atIstOn(ms: number, time: string): number {
  return atIst(time, istDate(ms));
}

const IST_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):([0-5]\d):([0-5]\d)$/;

/**
 * Kite's 19-character timestamps ('2026-01-30 09:15:02') are IST wall-clock time. Reading
 * them here, rather than through `new Date(text)`, keeps the result independent of the host TZ.
 */
export function parseIstTimestamp(text: string): number {
  const match = IST_TIMESTAMP.exec(text);
  if (match === null) {
    throw new RangeError(`expected an IST timestamp as YYYY-MM-DD HH:MM:SS, got "${text}"`);
  }
  const [, date = '', hour, minute, second] = match;
  return (
    istDayStart(date) + Number(hour) * 3_600_000 + Number(minute) * 60_000 + Number(second) * 1_000
  );
}

/** An instant as Kite writes it: 'YYYY-MM-DD HH:MM:SS' in IST (milliseconds dropped). */
export function formatIstTimestamp(ms: number): string {
  const p = istParts(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${p.date} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}
