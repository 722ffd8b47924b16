import { formatIstTimestamp, istParts } from '@kavach/domain';
import type { Paise } from '@kavach/domain';

/** Paise to the rupee number Kite puts on the wire (1412.95). Only at the edge. */
export function toRupees(value: Paise | number): number {
  return value / 100;
}

/** Kite's 19-character IST timestamp ('2021-06-08 15:45:56'). */
export function toKiteTimestamp(ms: number): string {
  return formatIstTimestamp(ms);
}

/** Kite's candle timestamp: ISO 8601 in IST with a colon-less offset ('2017-12-15T09:15:00+0530'). */
export function toCandleTimestamp(ms: number): string {
  const p = istParts(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${p.date}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+0530`;
}

/**
 * A number the way Kite's instrument dump writes it (Python floats: 0.0, 23500.0, 0.05):
 * integers get a '.0' so CSV readers see the same text as from the real dump.
 */
export function toPythonFloat(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}
