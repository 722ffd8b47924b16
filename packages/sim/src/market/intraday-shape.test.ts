import { describe, expect, it } from 'vitest';
import { createIntradayShape } from './intraday-shape';

describe('createIntradayShape', () => {
  const shape = createIntradayShape(375);

  it('is busy at the open, quiet at midday and picks up into the close', () => {
    const open = shape.volatilityMultiplier(2);
    const midday = shape.volatilityMultiplier(190);
    const close = shape.volatilityMultiplier(370);
    expect(open).toBeGreaterThan(1.5 * midday);
    expect(close).toBeGreaterThan(1.3 * midday);
    expect(open).toBeGreaterThan(close);
    expect(shape.activity(190)).toBeCloseTo(midday ** 2, 12);
  });

  it('keeps the daily variance: the mean square multiplier is 1', () => {
    let sum = 0;
    for (let minute = 0; minute < 375; minute++) sum += shape.activity(minute + 0.5);
    expect(sum / 375).toBeCloseTo(1, 6);
  });

  it('refuses an empty session', () => {
    expect(() => createIntradayShape(0)).toThrow(RangeError);
  });
});
