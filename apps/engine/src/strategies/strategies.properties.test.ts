import { isOnTick, paise } from '@kavach/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOrbStrategy } from './orb-strategy';
import {
  makeInstrument,
  minuteBars,
  orbConfig,
  scanAfter,
  vwapEmaConfig,
} from './strategies.fixtures';
import type { BarSpec } from './strategies.fixtures';
import type { Opportunity, Strategy } from './strategy';
import { createVwapEmaStrategy } from './vwap-ema-strategy';

/** A session of 1-minute bars on a tick grid: a drifting random walk with wicks and volume. */
const sessionArb = fc
  .record({
    tick: fc.constantFrom(1, 5, 10),
    startTicks: fc.integer({ min: 5_000, max: 200_000 }),
    drift: fc.integer({ min: -4, max: 4 }),
    steps: fc.array(
      fc.record({
        move: fc.integer({ min: -25, max: 25 }),
        wickUp: fc.integer({ min: 0, max: 12 }),
        wickDown: fc.integer({ min: 0, max: 12 }),
        volume: fc.integer({ min: 0, max: 60_000 }),
      }),
      { minLength: 20, maxLength: 140 },
    ),
  })
  .map(({ tick, startTicks, drift, steps }) => {
    let previous = startTicks;
    const specs = steps.map(({ move, wickUp, wickDown, volume }): BarSpec => {
      const close = previous + drift + move;
      const high = Math.max(previous, close) + wickUp;
      const low = Math.min(previous, close) - wickDown;
      const spec: BarSpec = [previous * tick, high * tick, low * tick, close * tick, volume];
      previous = close;
      return spec;
    });
    return { tick, bars: minuteBars('09:15', specs) };
  });

const rMultiplesArb = fc
  .tuple(fc.integer({ min: 50, max: 300 }), fc.integer({ min: 1, max: 300 }))
  .map(([tp1, extra]) => ({ tp1R: tp1 / 100, tp2R: (tp1 + extra) / 100 }));

/** Permissive settings, so random walks do produce signals. */
const strategiesArb = fc
  .record({
    orbTargets: rMultiplesArb,
    vwapTargets: rMultiplesArb,
    volumeMultiple: fc.constantFrom(0, 0.5, 1.2),
    entry: fc.constantFrom('close' as const, 'rangeEdge' as const),
    entryBufferBps: fc.integer({ min: 0, max: 30 }),
    stopAt: fc.constantFrom('opposite' as const, 'midpoint' as const),
    orbMaxStopBps: fc.integer({ min: 1, max: 300 }),
    touchToleranceBps: fc.integer({ min: 0, max: 50 }),
    minStopTicks: fc.integer({ min: 1, max: 10 }),
    minStopBps: fc.integer({ min: 0, max: 30 }),
    cooldownMinutes: fc.integer({ min: 0, max: 15 }),
  })
  .map((p): Strategy[] => [
    createOrbStrategy(
      orbConfig({
        ...p.orbTargets,
        rangeMinutes: 10,
        window: { start: '09:25', end: '15:00' },
        volumeMultiple: p.volumeMultiple,
        minRangeBps: 1,
        maxRangeBps: 10_000,
        entry: p.entry,
        entryBufferBps: p.entryBufferBps,
        stopAt: p.stopAt,
        maxStopBps: p.orbMaxStopBps,
      }),
    ),
    createVwapEmaStrategy(
      vwapEmaConfig({
        ...p.vwapTargets,
        fastPeriod: 5,
        slowPeriod: 13,
        minBars: 16,
        window: { start: '09:15', end: '15:30' },
        touchToleranceBps: p.touchToleranceBps,
        minTrendBps: 0,
        minStopTicks: p.minStopTicks,
        minStopBps: p.minStopBps,
        maxStopBps: 1_000,
        cooldownMinutes: p.cooldownMinutes,
      }),
    ),
  ]);

function checkOpportunity(o: Opportunity, tick: number): void {
  const grid = paise(tick);
  for (const price of [o.entry, o.stop, o.tp1, o.tp2]) {
    expect(isOnTick(price, grid)).toBe(true);
    expect(price).toBeGreaterThan(0);
  }
  if (o.side === 'BUY') {
    expect(o.stop).toBeLessThan(o.entry);
    expect(o.tp1).toBeGreaterThan(o.entry);
    expect(o.tp2).toBeGreaterThan(o.tp1);
  } else {
    expect(o.stop).toBeGreaterThan(o.entry);
    expect(o.tp1).toBeLessThan(o.entry);
    expect(o.tp2).toBeLessThan(o.tp1);
  }
  for (const score of [o.score, ...Object.values(o.featureScores)]) {
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(1);
  }
  for (const value of Object.values(o.features)) expect(Number.isFinite(value)).toBe(true);
  expect(o.reason.length).toBeGreaterThan(0);
}

describe('strategy properties over random sessions', () => {
  it('every opportunity has a valid, on-tick price plan and scores in 0..1', () => {
    let signals = 0;
    const perSide = new Map<string, number>();
    fc.assert(
      fc.property(sessionArb, strategiesArb, ({ tick, bars }, strategies) => {
        const instrument = makeInstrument({ tickSize: paise(tick) });
        const orbSides = new Set<string>();
        for (let n = 1; n <= bars.length; n += 1) {
          const prefix = bars.slice(0, n);
          for (const strategy of strategies) {
            const o = strategy.evaluate({
              instrument,
              bars: prefix,
              nowIstMinutes: scanAfter(prefix),
            });
            if (o === null) continue;
            checkOpportunity(o, tick);
            signals += 1;
            perSide.set(
              `${o.strategy}:${o.side}`,
              (perSide.get(`${o.strategy}:${o.side}`) ?? 0) + 1,
            );
            if (o.strategy === 'orb') {
              // The opening-range breakout fires at most once per side per day.
              expect(orbSides.has(o.side)).toBe(false);
              orbSides.add(o.side);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
    // The generator must exercise every branch, or the property above proves nothing.
    expect([...perSide.keys()].sort()).toEqual([
      'orb:BUY',
      'orb:SELL',
      'vwap_ema:BUY',
      'vwap_ema:SELL',
    ]);
    expect(signals).toBeGreaterThan(50);
  });
});
