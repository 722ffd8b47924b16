import { isOnTick } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../market-data/bar';
import {
  makeInstrument,
  minuteBars,
  nextBars,
  scanAfter,
  vwapEmaConfig,
} from './strategies.fixtures';
import type { BarSpec } from './strategies.fixtures';
import type { Opportunity } from './strategy';
import { createVwapEmaStrategy } from './vwap-ema-strategy';

const INFY = makeInstrument();

/** 35 rising bars from ₹1,000.00, ₹0.80 a minute: EMA 9 above EMA 21, price above VWAP. */
function uptrend(): BarSpec[] {
  const specs: BarSpec[] = [];
  let previous = 1_000_00;
  for (let k = 0; k < 35; k += 1) {
    const close = previous + 80;
    specs.push([previous, close + 20, previous - 20, close, 10_000]);
    previous = close;
  }
  return specs;
}

const TOP = 1_028_00;
/** Two bars down into the 9-EMA (≈ ₹1,025.26), then a green bar closing back up. */
const PULLBACK: BarSpec[] = [
  [TOP, TOP + 10, TOP - 150, TOP - 120, 8_000],
  [TOP - 120, TOP - 100, TOP - 300, TOP - 250, 8_000],
];
const RESUME: BarSpec = [TOP - 250, TOP - 40, TOP - 260, TOP - 50, 14_000];

/** The same prices reflected around ₹1,000.00: a downtrend with a rally to the EMA. */
function mirror(specs: readonly BarSpec[]): BarSpec[] {
  const pivot = 2 * 1_000_00;
  return specs.map(([o, h, l, c, v]): BarSpec => [pivot - o, pivot - l, pivot - h, pivot - c, v]);
}

function evaluate(bars: readonly Bar[], config = vwapEmaConfig(), now = scanAfter(bars)) {
  return createVwapEmaStrategy(config).evaluate({ instrument: INFY, bars, nowIstMinutes: now });
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

describe('VWAP/EMA trend pullback', () => {
  it('buys a pullback to the fast EMA that closes back up, stop under the pullback low', () => {
    const o = evaluate(minuteBars('09:15', [...uptrend(), ...PULLBACK, RESUME]))!;
    expect(o).toMatchObject({
      strategy: 'vwap_ema',
      token: INFY.token,
      side: 'BUY',
      entry: 1_027_50,
      // Pullback low 1025.00 less one tick.
      stop: 1_024_95,
      tp1: 1_030_05,
      tp2: 1_032_60,
    });
    expect(o.features.trendStrengthPct).toBeGreaterThan(0.05);
    expect(o.features.vwapDistancePct).toBeGreaterThan(0);
    expect(o.features.pullbackDepthPct).toBeCloseTo((320 / 1_027_50) * 100, 3);
    expect(o.reason).toBe(
      'INFY pulled back to its 9-EMA/VWAP in an uptrend (EMA 9 vs 21 spread 0.40 %) and closed back up at ₹1,027.50.',
    );
    expectValid(o);
  });

  it('sells a rally to the fast EMA in a downtrend that closes back down', () => {
    const o = evaluate(minuteBars('09:15', mirror([...uptrend(), ...PULLBACK, RESUME])))!;
    expect(o).toMatchObject({
      side: 'SELL',
      entry: 972_50,
      stop: 975_05,
      tp1: 969_95,
      tp2: 967_40,
    });
    expect(o.features.trendStrengthPct).toBeGreaterThan(0.05);
    expect(o.reason).toContain('downtrend');
    expectValid(o);
  });

  it('gives nothing in a trend that never pulled back', () => {
    const specs = uptrend();
    specs.push([TOP, TOP + 100, TOP - 10, TOP + 90, 14_000]);
    expect(evaluate(minuteBars('09:15', specs))).toBeNull();
  });

  it('gives nothing when the pullback closes through the slow EMA (a reversal)', () => {
    const deep: BarSpec[] = [
      [TOP, TOP + 10, TOP - 150, TOP - 120, 8_000],
      [TOP - 120, TOP - 100, TOP - 800, TOP - 700, 8_000],
    ];
    const resume: BarSpec = [TOP - 700, TOP - 400, TOP - 710, TOP - 420, 14_000];
    expect(evaluate(minuteBars('09:15', [...uptrend(), ...deep, resume]))).toBeNull();
  });

  it('gives nothing in a choppy market', () => {
    const chop: BarSpec[] = Array.from({ length: 120 }, (_, i): BarSpec => {
      const close = i % 2 === 0 ? 1_000_40 : 1_000_00;
      const open = i % 2 === 0 ? 1_000_00 : 1_000_40;
      return [open, 1_000_70, 999_70, close, 10_000 + (i % 3) * 2_000];
    });
    const bars = minuteBars('09:15', chop);
    const strategy = createVwapEmaStrategy(vwapEmaConfig());
    for (let n = 1; n <= bars.length; n += 1) {
      const prefix = bars.slice(0, n);
      const signal = strategy.evaluate({
        instrument: INFY,
        bars: prefix,
        nowIstMinutes: scanAfter(prefix),
      });
      expect(signal).toBeNull();
    }
  });

  it('waits for enough bars and stays inside its window', () => {
    const bars = minuteBars('09:15', [...uptrend(), ...PULLBACK, RESUME]);
    expect(evaluate(bars, vwapEmaConfig({ minBars: 39 }))).toBeNull();
    expect(evaluate(bars, vwapEmaConfig({ window: { start: '09:45', end: '09:50' } }))).toBeNull();
    expect(evaluate(bars, vwapEmaConfig(), scanAfter(bars) + 3)).toBeNull();
  });

  it('keeps quiet during the cooldown after a signal', () => {
    const bars = minuteBars('09:15', [...uptrend(), ...PULLBACK, RESUME]);
    const follow = [...bars, ...nextBars(bars, [[TOP - 50, TOP + 60, TOP - 60, TOP + 50, 14_000]])];
    expect(evaluate(bars)).not.toBeNull();
    expect(evaluate(follow)).toBeNull();
    expect(evaluate(follow, vwapEmaConfig({ cooldownMinutes: 0 }))?.side).toBe('BUY');
  });

  it('refuses a stop further than the maximum, widens one closer than the minimum', () => {
    const bars = minuteBars('09:15', [...uptrend(), ...PULLBACK, RESUME]);
    expect(evaluate(bars, vwapEmaConfig({ maxStopBps: 20 }))).toBeNull();
    // 0.5 % of 1027.50 is 5.1375: 5.15 in whole ticks.
    const wide = evaluate(bars, vwapEmaConfig({ minStopBps: 50 }))!;
    expect(wide).toMatchObject({ entry: 1_027_50, stop: 1_022_35, tp1: 1_032_65 });
    expectValid(wide);
  });
});
