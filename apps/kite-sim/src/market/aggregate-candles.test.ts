import { atIst, paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { aggregateCandles, mergeCandles } from './aggregate-candles';
import type { Candle } from './candle-source';

const DAY = '2026-11-23';
const OPEN = atIst('09:15', DAY);

/** A minute bar `minute` minutes after the open, around `price` paise. */
function bar(minute: number, price: number, volume = 10): Candle {
  return {
    time: OPEN + minute * 60_000,
    open: paise(price),
    high: paise(price + 50 + minute),
    low: paise(price - 50 - minute),
    close: paise(price + 5),
    volume,
    oi: 1_000 + minute,
  };
}

describe('aggregating minute bars', () => {
  const minutes = Array.from({ length: 23 }, (_, i) => bar(i, 150_000 + i * 5, i + 1));

  it('keeps minute bars as they are', () => {
    expect(aggregateCandles(minutes, 1, OPEN)).toEqual(minutes);
  });

  it('folds 5-minute slots from the open: first open, last close, range, volume, last OI', () => {
    const fives = aggregateCandles(minutes, 5, OPEN);
    expect(fives.map((c) => c.time)).toEqual([0, 5, 10, 15, 20].map((m) => OPEN + m * 60_000));
    const parts = minutes.slice(5, 10);
    expect(fives[1]).toEqual({
      time: OPEN + 5 * 60_000,
      open: parts[0]!.open,
      high: Math.max(...parts.map((p) => p.high)),
      low: Math.min(...parts.map((p) => p.low)),
      close: parts[4]!.close,
      volume: parts.reduce((sum, p) => sum + p.volume, 0),
      oi: parts[4]!.oi,
    });
    // The last slot holds the three minutes seen so far.
    expect(fives[4]).toMatchObject({ volume: 21 + 22 + 23, close: minutes[22]!.close });
    const total = (list: readonly Candle[]): number => list.reduce((s, c) => s + c.volume, 0);
    for (const width of [3, 10, 15, 30, 60]) {
      expect(total(aggregateCandles(minutes, width, OPEN))).toBe(total(minutes));
    }
  });

  it('aligns hourly bars on the open and stamps a slot with its start despite gaps', () => {
    const sparse = [bar(2, 150_000), bar(61, 151_000), bar(62, 152_000), bar(130, 149_000)];
    const hours = aggregateCandles(sparse, 60, OPEN);
    expect(hours.map((c) => c.time)).toEqual([
      atIst('09:15', DAY),
      atIst('10:15', DAY),
      atIst('11:15', DAY),
    ]);
    expect(hours[1]).toMatchObject({ open: 151_000, close: 152_005, volume: 20 });
  });

  it('merges nothing into nothing', () => {
    expect(mergeCandles(OPEN, [])).toBeNull();
    expect(aggregateCandles([], 5, OPEN)).toEqual([]);
  });
});
