/**
 * Calendar dates as 'YYYY-MM-DD' strings, with arithmetic done on day numbers (days since
 * 1970-01-01) in the proleptic Gregorian calendar. No Date object is involved, so nothing here
 * can pick up the host's time zone.
 */

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay numbers them. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day numbers of 0000-01-01 and 9999-12-31: the dates a four-digit year can write. */
const FIRST_EPOCH_DAY = -719_528;
const LAST_EPOCH_DAY = 2_932_896;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function readIsoDate(text: string): CivilDate | null {
  const match = ISO_DATE.exec(text);
  if (match === null) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** Whether the text is a real calendar date written exactly as YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  return readIsoDate(text) !== null;
}

/** Strict: '2026-02-29', '2026-1-5' and '2026-01-05T00:00' are all rejected. */
export function parseIsoDate(text: string): CivilDate {
  const date = readIsoDate(text);
  if (date === null) throw new RangeError(`expected a calendar date as YYYY-MM-DD, got "${text}"`);
  return date;
}

export function formatIsoDate(date: CivilDate): string {
  const { year, month, day } = date;
  const valid =
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 0 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month);
  if (!valid) throw new RangeError(`not a calendar date: ${year}-${month}-${day}`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil, exact for every Gregorian date). */
export function isoDateToEpochDay(date: string): number {
  const { year, month, day } = parseIsoDate(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Inverse of isoDateToEpochDay (Hinnant's civil_from_days). */
export function epochDayToIsoDate(epochDay: number): string {
  if (!Number.isSafeInteger(epochDay) || epochDay < FIRST_EPOCH_DAY || epochDay > LAST_EPOCH_DAY) {
    throw new RangeError(`day number ${epochDay} is outside years 0000–9999`);
  }
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1_460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return formatIsoDate({ year, month, day });
}

export function addDays(date: string, days: number): string {
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return epochDayToIsoDate(isoDateToEpochDay(date) + days);
}

export function weekdayOf(date: string): Weekday {
  // 1970-01-01 was a Thursday.
  return ((((isoDateToEpochDay(date) + 4) % 7) + 7) % 7) as Weekday;
}

export function isWeekend(date: string): boolean {
  const weekday = weekdayOf(date);
  return weekday === 0 || weekday === 6;
}
