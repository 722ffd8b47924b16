import { paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { bpsOfAmount, buildPriceLevels, isAtLeastBps } from './price-levels';

const tick = paise(5);

describe('buildPriceLevels', () => {
  it('rounds a BUY entry up and its stop up, toward the entry', () => {
    const levels = buildPriceLevels({
      side: 'BUY',
      entry: paise(100_02),
      stop: paise(99_01),
      tickSize: tick,
      tp1R: 1,
      tp2R: 2,
    });
    expect(levels).toEqual({ entry: 100_05, stop: 99_05, tp1: 101_05, tp2: 102_05 });
  });

  it('rounds a SELL entry down and its stop down, toward the entry', () => {
    const levels = buildPriceLevels({
      side: 'SELL',
      entry: paise(100_03),
      stop: paise(101_04),
      tickSize: tick,
      tp1R: 1.5,
      tp2R: 2.5,
    });
    // Risk 1.00: TP1 1.50 and TP2 2.50 below the entry.
    expect(levels).toEqual({ entry: 100_00, stop: 101_00, tp1: 98_50, tp2: 97_50 });
  });

  it('rounds target distances toward the entry and keeps a tick between the levels', () => {
    const levels = buildPriceLevels({
      side: 'BUY',
      entry: paise(100_00),
      stop: paise(99_95),
      tickSize: tick,
      tp1R: 1.3,
      tp2R: 1.4,
    });
    expect(levels).toEqual({ entry: 100_00, stop: 99_95, tp1: 100_05, tp2: 100_10 });
  });

  it('refuses a stop on the wrong side or less than a tick away', () => {
    const base = { entry: paise(100_00), tickSize: tick, tp1R: 1, tp2R: 2 };
    expect(buildPriceLevels({ ...base, side: 'BUY', stop: paise(100_00) })).toBeNull();
    expect(buildPriceLevels({ ...base, side: 'BUY', stop: paise(100_10) })).toBeNull();
    expect(buildPriceLevels({ ...base, side: 'SELL', stop: paise(99_90) })).toBeNull();
    // 99.98 rounds up to 100.00: no risk left.
    expect(buildPriceLevels({ ...base, side: 'BUY', stop: paise(99_98) })).toBeNull();
  });

  it('refuses a SELL plan whose target would be at or below zero', () => {
    const levels = buildPriceLevels({
      side: 'SELL',
      entry: paise(10),
      stop: paise(20),
      tickSize: tick,
      tp1R: 1,
      tp2R: 2,
    });
    expect(levels).toBeNull();
  });
});

describe('basis-point helpers', () => {
  it('computes shares of an amount exactly, beyond 2^53', () => {
    expect(bpsOfAmount(1_512_00, 50, 'floor')).toBe(756);
    expect(bpsOfAmount(1_510_01, 5, 'floor')).toBe(75);
    expect(bpsOfAmount(1_510_01, 5, 'ceil')).toBe(76);
    expect(bpsOfAmount(1_000_000_000_000_000, 9_999, 'floor')).toBe(999_900_000_000_000);
    expect(isAtLeastBps(25, 10_000, 25)).toBe(true);
    expect(isAtLeastBps(24, 10_000, 25)).toBe(false);
  });
});
