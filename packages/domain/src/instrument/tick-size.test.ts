import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PAISE, paise } from '../money/paise';
import { isOnTick, roundToTick } from './tick-size';
import type { TickRounding } from './tick-size';

const FIVE = paise(5);

describe('isOnTick', () => {
  it.each([
    [2_450_005, 5, true],
    [2_450_003, 5, false],
    [0, 5, true],
    [-10, 5, true],
    [-7, 5, false],
    [123_457, 1, true],
    [1_010, 10, true],
    [1_015, 10, false],
  ])('%s paise on a %s-paise grid: %s', (price, tick, expected) => {
    expect(isOnTick(paise(price), paise(tick))).toBe(expected);
  });

  it.each([0, -5, 2.5, Number.NaN])('rejects tick %s', (tick) => {
    expect(() => isOnTick(paise(100), tick as never)).toThrow(RangeError);
  });

  it('rejects a fractional price', () => {
    expect(() => isOnTick(100.5 as never, FIVE)).toThrow(RangeError);
  });
});

describe('roundToTick', () => {
  it.each<[number, TickRounding, number]>([
    [10_002, 'down', 10_000],
    [10_002, 'up', 10_005],
    [10_002, 'nearest', 10_000],
    [10_003, 'nearest', 10_005],
    [10_005, 'down', 10_005],
    [10_005, 'up', 10_005],
    [10_005, 'nearest', 10_005],
    [1, 'down', 0],
    [4, 'up', 5],
    [-2, 'down', -5],
    [-2, 'up', 0],
    [-3, 'nearest', -5],
    [-2, 'nearest', 0],
  ])('%s paise %s → %s on a 5-paise grid', (price, mode, expected) => {
    expect(roundToTick(paise(price), FIVE, mode)).toBe(expected);
  });

  it('breaks exact ties upward', () => {
    const ten = paise(10);
    expect(roundToTick(paise(1_005), ten, 'nearest')).toBe(1_010);
    expect(roundToTick(paise(-1_005), ten, 'nearest')).toBe(-1_000);
  });

  it('never returns negative zero', () => {
    expect(Object.is(roundToTick(paise(-2), FIVE, 'up'), 0)).toBe(true);
  });

  it('rejects a rounded price beyond the money range', () => {
    expect(() => roundToTick(paise(MAX_PAISE - 1), paise(7), 'up')).toThrow(RangeError);
  });

  it.each([0, -1, 0.5])('rejects tick %s', (tick) => {
    expect(() => roundToTick(paise(100), tick as never, 'down')).toThrow(RangeError);
  });

  it('lands on the grid, within one tick, on the promised side', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.constantFrom<TickRounding>('nearest', 'down', 'up'),
        (rawPrice, rawTick, mode) => {
          const price = paise(rawPrice);
          const tick = paise(rawTick);
          const rounded = roundToTick(price, tick, mode);
          expect(isOnTick(rounded, tick)).toBe(true);
          expect(Math.abs(rounded - price)).toBeLessThan(tick);
          if (mode === 'down') expect(rounded).toBeLessThanOrEqual(price);
          if (mode === 'up') expect(rounded).toBeGreaterThanOrEqual(price);
          if (mode === 'nearest') expect(Math.abs(rounded - price) * 2).toBeLessThanOrEqual(tick);
          expect(roundToTick(rounded, tick, mode)).toBe(rounded);
          if (isOnTick(price, tick)) expect(rounded).toBe(price);
        },
      ),
    );
  });
});
