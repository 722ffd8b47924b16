import { parseIstTimestamp } from '@kavach/domain';

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Kite's 'YYYY-MM-DD HH:mm:ss' timestamps are IST wall-clock time. The kiteconnect client
 * turns some of them into Dates with `new Date(text)`, which reads the text in the host's zone;
 * reading that Date's local fields back recovers the text, so the result is right whatever TZ
 * the process runs in. Returns epoch ms, or null when there is no usable timestamp.
 */
export function readKiteTimestamp(value: unknown): number | null {
  if (typeof value === 'string') return parseOrNull(value);
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    const text =
      `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())} ` +
      `${pad(value.getHours())}:${pad(value.getMinutes())}:${pad(value.getSeconds())}`;
    return parseOrNull(text);
  }
  return null;
}

function parseOrNull(text: string): number | null {
  try {
    return parseIstTimestamp(text);
  } catch {
    return null;
  }
}
