import { isOnTick } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../market-data/bar';
import { createOrbStrategy } from './orb-strategy';
import { makeInstrument, minuteBars, nextBars, orbConfig, scanAfter } from './strategies.fixtures';
import type { BarSpec } from './strategies.fixtures';
import type { Opportunity } from './strategy';

const INFY = makeInstrument();

/** 09:15–09:29: a ₹1,495.00–₹1,510.00 range (1 % wide) on 10,000 shares a minute. */
const RANGE: BarSpec[] = Array.from({ length: 15 }, (_, i): BarSpec => {
  if (i === 3) return [1_502_00, 1_510_00, 1_501_00, 1_504_00, 10_000];
  if (i === 9) return [1_499_00, 1_500_00, 1_495_00, 1_498_00, 10_000];
  return [1_502_00, 1_505_00, 1_499_00, 1_503_00, 10_000];
});
const QUIET: BarSpec = [1_503_00, 1_506_00, 1_501_00, 1_504_00, 8_000];
const BREAK_UP: BarSpec = [1_505_00, 1_513_00, 1_504_00, 1_512_00, 15_000];
const BREAK_DOWN: BarSpec = [1_496_00, 1_497_00, 1_489_00, 1_490_00, 15_000];

function session(...after: BarSpec[]): Bar[] {
  return minuteBars('09:15', [...RANGE, ...after]);
}

function evaluate(bars: readonly Bar[], config = orbConfig(), now = scanAfter(bars)) {
  return createOrbStrategy(config).evaluate({ instrument: INFY, bars, nowIstMinutes: now });
}

function expectValid(o: Opportunity): void {
  for (const price of [o.entry, o.stop, o.tp1, o.tp2]) {
    expect(isOnTick(price, INFY.tickSize)).toBe(true);
  }
  for (const score of [o.score, ...Object.values(o.featureScores)]) {
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(1);
  }
}

describe('opening-range breakout', () => {
  it('buys the first close above the range high on volume, stop at the range low', () => {
    const o = evaluate(session(QUIET, QUIET, BREAK_UP))!;
    expect(o).toMatchObject({
      strategy: 'orb',
      token: INFY.token,
      side: 'BUY',
      entry: 1_512_00,
      stop: 1_495_00,
      tp1: 1_529_00,
      tp2: 1_546_00,
    });
    expect(o.features).toMatchObject({ volumeRatio: 1.5, minutesSinceOpen: 18.01 });
    expect(o.features.rangeWidthPct).toBeCloseTo((15 / 1_502.5) * 100, 3);
    expect(o.features.breakoutStrengthPct).toBeCloseTo((2 / 1_510) * 100, 3);
    expect(o.reason).toBe(
      "INFY closed at ₹1,512.00 above its 15-minute opening range high of ₹1,510.00 on 1.5× the range's average bar volume.",
    );
    expectValid(o);
  });

  it('sells the first close below the range low, stop at the range high', () => {
    const o = evaluate(session(QUIET, BREAK_DOWN))!;
    expect(o).toMatchObject({ side: 'SELL', entry: 1_490_00, stop: 1_510_00 });
    expect(o.tp1).toBe(1_470_00);
    expect(o.tp2).toBe(1_450_00);
    expectValid(o);
  });

  it('fires once per side: a later breakout the same way is ignored', () => {
    const bars = session(QUIET, BREAK_UP, QUIET, [1_511_00, 1_520_00, 1_510_00, 1_519_00, 30_000]);
    expect(evaluate(bars)).toBeNull();
    expect(evaluate(bars.slice(0, -2))).not.toBeNull();
    // The other side is still open for the day.
    expect(evaluate([...bars, ...nextBars(bars, [BREAK_DOWN])])?.side).toBe('SELL');
  });

  it('does not fire while the close stays inside the range', () => {
    const wick: BarSpec = [1_505_00, 1_515_00, 1_504_00, 1_509_00, 40_000];
    expect(evaluate(session(QUIET, wick))).toBeNull();
  });

  it('does not fire before the range is complete', () => {
    const early = minuteBars('09:15', [...RANGE.slice(0, 10), BREAK_UP]);
    const anyTime = orbConfig({ window: { start: '09:15', end: '15:00' } });
    expect(evaluate(early, anyTime)).toBeNull();
    expect(evaluate(early)).toBeNull();
  });

  it('does not fire on a breakout without volume, and takes the next one that has it', () => {
    const thin: BarSpec = [1_505_00, 1_513_00, 1_504_00, 1_512_00, 11_000];
    expect(evaluate(session(thin))).toBeNull();
    const confirmed = evaluate(session(thin, BREAK_UP));
    expect(confirmed?.side).toBe('BUY');
  });

  it('does not fire outside its window', () => {
    const bars = session(QUIET, BREAK_UP);
    const late = orbConfig({ window: { start: '09:30', end: '09:45' } });
    expect(evaluate(bars, late, 9 * 60 + 45)).toBeNull();
    expect(evaluate(bars, late)).not.toBeNull();
  });

  it('ignores a stale bar', () => {
    const bars = session(QUIET, BREAK_UP);
    expect(evaluate(bars, orbConfig(), scanAfter(bars) + 2)).toBeNull();
  });

  it('needs the range width within bounds', () => {
    const bars = session(QUIET, BREAK_UP);
    expect(evaluate(bars, orbConfig({ minRangeBps: 120 }))).toBeNull();
    expect(evaluate(bars, orbConfig({ maxRangeBps: 90 }))).toBeNull();
    expect(evaluate(bars, orbConfig({ minRangeBps: 99, maxRangeBps: 100 }))).not.toBeNull();
  });

  it('needs most of the opening range to have traded', () => {
    // 7 of 15 minutes traded (09:23–09:29), then 8 of 15 (09:22–09:29).
    const sparse = minuteBars('09:23', [...RANGE.slice(0, 6), QUIET, BREAK_UP]);
    expect(evaluate(sparse)).toBeNull();
    const enough = minuteBars('09:22', [...RANGE.slice(0, 7), QUIET, BREAK_UP]);
    expect(evaluate(enough)).not.toBeNull();
  });

  it('can enter at the range edge plus a buffer, with the stop at the midpoint', () => {
    const config = orbConfig({ entry: 'rangeEdge', entryBufferBps: 5, stopAt: 'midpoint' });
    const o = evaluate(session(QUIET, BREAK_UP), config)!;
    // 1510.00 + 0.05 % = 1510.755, up to the tick: 1510.80; midpoint 1502.50.
    expect(o).toMatchObject({ entry: 1_510_80, stop: 1_502_50, tp1: 1_519_10, tp2: 1_527_40 });
    expectValid(o);
  });

  it('pulls a far stop in to the cap, toward the entry', () => {
    const o = evaluate(session(QUIET, BREAK_UP), orbConfig({ maxStopBps: 50 }))!;
    // 0.5 % of 1512.00 = 7.56: stop 1504.44, rounded up to the tick 1504.45.
    expect(o).toMatchObject({ entry: 1_512_00, stop: 1_504_45 });
    expect(o.entry - o.stop).toBeLessThanOrEqual(756);
    expectValid(o);
  });

  it('scores a stronger breakout higher', () => {
    const strong: BarSpec = [1_505_00, 1_516_00, 1_504_00, 1_515_00, 30_000];
    const weak = evaluate(session(QUIET, BREAK_UP))!;
    const better = evaluate(session(QUIET, strong))!;
    expect(better.score).toBeGreaterThan(weak.score);
  });
});
