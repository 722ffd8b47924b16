import { paise } from '@kavach/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPricePath } from './price-path';

const points = [
  { atMs: 1_000, price: paise(100_00) },
  { atMs: 61_000, price: paise(101_00) },
  { atMs: 121_000, price: paise(99_50) },
];

describe('createPricePath', () => {
  it('is null before the first point and holds the last price after the last', () => {
    const path = createPricePath(points, 'step', paise(5));
    expect(path(999)).toBeNull();
    expect(path(1_000_000)).toBe(99_50);
  });

  it('steps: holds each price until the next point', () => {
    const path = createPricePath(points, 'step', paise(5));
    expect(path(1_000)).toBe(100_00);
    expect(path(60_999)).toBe(100_00);
    expect(path(61_000)).toBe(101_00);
  });

  it('interpolates linearly, on the tick grid', () => {
    const path = createPricePath(points, 'linear', paise(5));
    expect(path(31_000)).toBe(100_50);
    expect(path(91_000)).toBe(100_25);
    expect(path(2_000)).toBe(100_00);
  });

  it('reproduces every point exactly and stays on tick and between neighbours', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 1, max: 60_000 }), fc.integer({ min: 1, max: 100_000 })),
          {
            minLength: 1,
            maxLength: 10,
          },
        ),
        fc.constantFrom('step' as const, 'linear' as const),
        fc.integer({ min: 0, max: 700_000 }),
        (steps, interpolation, probe) => {
          let atMs = 0;
          const path = steps.map(([gap, ticks]) => {
            atMs += gap;
            return { atMs, price: paise(ticks * 5) };
          });
          const value = createPricePath(path, interpolation, paise(5));
          for (const point of path) expect(value(point.atMs)).toBe(point.price);
          const probed = value(probe);
          if (probed !== null) {
            expect(probed % 5).toBe(0);
            const prices = path.map((p) => p.price);
            expect(probed).toBeGreaterThanOrEqual(Math.min(...prices));
            expect(probed).toBeLessThanOrEqual(Math.max(...prices));
          }
        },
      ),
    );
  });
});
