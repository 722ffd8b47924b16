import type { Candle } from './candle-source';
import { MS_PER_MINUTE } from './minute-bar-recorder';

/** One bar from consecutive bars (oldest first): first open, last close, range, summed volume. */
export function mergeCandles(time: number, bars: readonly Candle[]): Candle | null {
  const first = bars[0];
  const last = bars.at(-1);
  if (first === undefined || last === undefined) return null;
  let { high, low } = first;
  let volume = 0;
  for (const bar of bars) {
    if (bar.high > high) high = bar.high;
    if (bar.low < low) low = bar.low;
    volume += bar.volume;
  }
  return { time, open: first.open, high, low, close: last.close, volume, oi: last.oi };
}

/**
 * Minute bars (oldest first) folded into bars of `minutes`, aligned on the session open as
 * Kite's are (09:15, 09:20 … for 5-minute bars; 09:15, 10:15 … for hourly). A bar is stamped
 * with the start of its slot even when its first minutes saw no trade.
 */
export function aggregateCandles(
  minuteBars: readonly Candle[],
  minutes: number,
  sessionOpen: number,
): Candle[] {
  if (minutes === 1) return [...minuteBars];
  const width = minutes * MS_PER_MINUTE;
  const slotOf = (time: number): number =>
    sessionOpen + Math.floor((time - sessionOpen) / width) * width;
  const candles: Candle[] = [];
  let group: Candle[] = [];
  const flush = (): void => {
    const first = group[0];
    const merged = first === undefined ? null : mergeCandles(slotOf(first.time), group);
    if (merged !== null) candles.push(merged);
    group = [];
  };
  for (const bar of minuteBars) {
    const first = group[0];
    if (first !== undefined && slotOf(first.time) !== slotOf(bar.time)) flush();
    group.push(bar);
  }
  flush();
  return candles;
}
