/** Kite's historical intervals, their length in minutes and the longest range one request may ask. */
export const CANDLE_INTERVALS = {
  minute: { minutes: 1, maxDays: 60 },
  '3minute': { minutes: 3, maxDays: 100 },
  '5minute': { minutes: 5, maxDays: 100 },
  '10minute': { minutes: 10, maxDays: 100 },
  '15minute': { minutes: 15, maxDays: 200 },
  '30minute': { minutes: 30, maxDays: 200 },
  '60minute': { minutes: 60, maxDays: 400 },
  day: { minutes: null, maxDays: 2000 },
} as const;

export type CandleInterval = keyof typeof CANDLE_INTERVALS;

export function isCandleInterval(value: string): value is CandleInterval {
  return Object.hasOwn(CANDLE_INTERVALS, value);
}
