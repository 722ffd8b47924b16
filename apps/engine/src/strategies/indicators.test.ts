import { describe, expect, it } from 'vitest';
import { computeEmaSeries, computeVwapSeries, meanVolume } from './indicators';
import { minuteBars } from './strategies.fixtures';

const bars = minuteBars('09:15', [
  [100_00, 102_00, 99_00, 101_00, 100],
  [101_00, 104_00, 100_00, 103_00, 300],
  [103_00, 103_00, 101_00, 102_00, 0],
  [102_00, 106_00, 102_00, 105_00, 100],
]);

describe('indicators', () => {
  it('VWAP weighs typical prices by volume', () => {
    const vwap = computeVwapSeries(bars);
    expect(vwap[0]).toBeCloseTo(100_66.667, 2);
    // (100_66.67 × 100 + 102_33.33 × 300) / 400
    expect(vwap[1]).toBeCloseTo(101_91.667, 2);
    expect(vwap[2]).toBeCloseTo(101_91.667, 2);
    expect(vwap[3]).toBeCloseTo((101_91.667 * 400 + 104_33.333 * 100) / 500, 2);
  });

  it('VWAP falls back to the mean typical price before any volume', () => {
    const quiet = minuteBars('09:15', [
      [100_00, 103_00, 100_00, 102_00, 0],
      [102_00, 102_00, 99_00, 99_00, 0],
    ]);
    const vwap = computeVwapSeries(quiet);
    expect(vwap[0]).toBeCloseTo(101_66.667, 2);
    expect(vwap[1]).toBeCloseTo(100_83.333, 2);
  });

  it('EMA is NaN until warmed up, seeded with the simple mean', () => {
    const ema = computeEmaSeries(bars, 3);
    expect(Number.isNaN(ema[0]) && Number.isNaN(ema[1])).toBe(true);
    expect(ema[2]).toBeCloseTo(102_00, 6);
    expect(ema[3]).toBeCloseTo(0.5 * 105_00 + 0.5 * 102_00, 6);
    expect(() => computeEmaSeries(bars, 0)).toThrow(RangeError);
  });

  it('mean volume covers the span it is given, clipped to the series', () => {
    expect(meanVolume(bars, 0, 2)).toBe(200);
    expect(meanVolume(bars, -5, 1)).toBe(100);
    expect(meanVolume(bars, 3, 3)).toBe(0);
  });
});
