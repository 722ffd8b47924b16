/** A wall-clock time with minute precision, as trading config writes it ('09:15', '15:25'). */
export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
}

/** 24-hour, zero-padded, nothing else: '9:15', '09:15:00' and '24:00' are all refused. */
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isHhMm(text: string): boolean {
  return HH_MM.test(text);
}

export function parseHhMm(text: string): TimeOfDay {
  const match = HH_MM.exec(text);
  if (match === null) throw new RangeError(`expected a time as HH:MM (00:00–23:59), got "${text}"`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** Minutes after midnight: '15:25' → 925. */
export function hhMmToMinutes(text: string): number {
  const { hour, minute } = parseHhMm(text);
  return hour * 60 + minute;
}

export function formatHhMm(time: TimeOfDay): string {
  const { hour, minute } = time;
  if (
    !Number.isInteger(hour) ||
    !Number.isInteger(minute) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59
  ) {
    throw new RangeError(`not a time of day: ${hour}:${minute}`);
  }
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}
