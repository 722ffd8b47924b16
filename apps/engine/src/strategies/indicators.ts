import type { Bar } from '../market-data/bar';

/**
 * Indicator series over bars, index-aligned with them. Averages are floating point: they feed
 * conditions and features, never a price sent to the broker (prices come from bar prices,
 * which are whole paise on the tick).
 */

/**
 * Session VWAP after each bar: Σ typical price × volume / Σ volume, typical = (H + L + C) / 3.
 * Until any volume has traded it is the mean typical price, so it is defined from bar one.
 */
export function computeVwapSeries(bars: readonly Bar[]): Float64Array {
  const series = new Float64Array(bars.length);
  let weighted = 0;
  let volume = 0;
  let typicalSum = 0;
  for (const [i, bar] of bars.entries()) {
    const typical = (bar.high + bar.low + bar.close) / 3;
    weighted += typical * bar.volume;
    volume += bar.volume;
    typicalSum += typical;
    series[i] = volume > 0 ? weighted / volume : typicalSum / (i + 1);
  }
  return series;
}

/**
 * Exponential moving average of closes, seeded with the simple average of the first `period`
 * closes; NaN before that, so nothing reads an EMA that has not warmed up.
 */
export function computeEmaSeries(bars: readonly Bar[], period: number): Float64Array {
  if (!Number.isSafeInteger(period) || period < 1) {
    throw new RangeError(`EMA period must be a positive integer, got ${period}`);
  }
  const series = new Float64Array(bars.length).fill(Number.NaN);
  const alpha = 2 / (period + 1);
  let seed = 0;
  let previous = Number.NaN;
  for (const [i, bar] of bars.entries()) {
    if (i < period) {
      seed += bar.close;
      if (i === period - 1) previous = seed / period;
      else continue;
    } else {
      previous = alpha * bar.close + (1 - alpha) * previous;
    }
    series[i] = previous;
  }
  return series;
}

/** Mean volume of bars[from, to), or 0 for an empty span. */
export function meanVolume(bars: readonly Bar[], from: number, to: number): number {
  const start = Math.max(0, from);
  const end = Math.min(bars.length, to);
  if (end <= start) return 0;
  let sum = 0;
  for (let i = start; i < end; i += 1) sum += bars[i]?.volume ?? 0;
  return sum / (end - start);
}
