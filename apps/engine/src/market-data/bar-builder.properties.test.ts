import { atIst, paise } from '@kavach/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bar, BarTick } from './bar';
import { createBarBuilder } from './bar-builder';

const OPEN = atIst('09:15', '2026-11-24');
const TOKEN = 256_265;

/** A session's ticks in time order: positive prices, cumulative volume that never falls. */
const sessionTicks = fc
  .array(
    fc.record({
      gapMs: fc.integer({ min: 0, max: 150_000 }),
      price: fc.integer({ min: 1, max: 5_000_000 }),
      traded: fc.integer({ min: 0, max: 50_000 }),
    }),
    { minLength: 1, maxLength: 300 },
  )
  .chain((steps) =>
    fc.integer({ min: 0, max: 10_000_000 }).map((firstVolume) => {
      let at = OPEN;
      let volume = firstVolume;
      return steps.map((step, index): BarTick => {
        at += step.gapMs;
        if (index > 0) volume += step.traded;
        return { token: TOKEN, lastPrice: paise(step.price), volume, at };
      });
    }),
  );

function buildAll(ticks: readonly BarTick[]): readonly Bar[] {
  const builder = createBarBuilder();
  for (const t of ticks) builder.addTick(t);
  const last = ticks.at(-1);
  if (last !== undefined) builder.closeUpTo(last.at + 60_000);
  return builder.history(TOKEN);
}

describe('bar builder properties', () => {
  it('gives bars whose high and low bound their open and close', () => {
    fc.assert(
      fc.property(sessionTicks, (ticks) => {
        for (const bar of buildAll(ticks)) {
          expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
          expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
          expect(bar.low).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('accounts for all volume: bar volumes sum to last cumulative minus first', () => {
    fc.assert(
      fc.property(sessionTicks, (ticks) => {
        const bars = buildAll(ticks);
        const total = bars.reduce((sum, bar) => sum + bar.volume, 0);
        expect(total).toBe((ticks.at(-1)?.volume ?? 0) - (ticks[0]?.volume ?? 0));
      }),
    );
  });

  it('puts every tick in exactly one bar, in minute order, without overlap', () => {
    fc.assert(
      fc.property(sessionTicks, (ticks) => {
        const bars = buildAll(ticks);
        expect(bars.reduce((sum, bar) => sum + bar.ticks, 0)).toBe(ticks.length);
        for (const [i, bar] of bars.entries()) {
          expect(bar.start % 60_000).toBe(0);
          expect(bar.end - bar.start).toBe(60_000);
          if (i > 0) expect(bar.start).toBeGreaterThanOrEqual(bars[i - 1]!.end);
        }
      }),
    );
  });
});
