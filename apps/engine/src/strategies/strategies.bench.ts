import { paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../market-data/bar';
import { createStrategies } from './create-strategies';
import {
  makeInstrument,
  minuteBars,
  orbConfig,
  scanAfter,
  vwapEmaConfig,
} from './strategies.fixtures';
import type { BarSpec } from './strategies.fixtures';

// A scan cycle late in the session: every strategy over a full day of bars for each instrument.
const INSTRUMENTS = 200;
const BARS_PER_SESSION = 375;

/** Deterministic pseudo-random walk (LCG), so every run measures the same work. */
function makeSession(seed: number, token: number): Bar[] {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  let previous = 1_000_00 + Math.floor(next() * 2_000_00);
  previous -= previous % 5;
  const specs: BarSpec[] = [];
  for (let i = 0; i < BARS_PER_SESSION; i += 1) {
    const close = previous + 5 * Math.round((next() - 0.48) * 40);
    const high = Math.max(previous, close) + 5 * Math.floor(next() * 6);
    const low = Math.min(previous, close) - 5 * Math.floor(next() * 6);
    specs.push([previous, high, low, close, Math.floor(next() * 50_000)]);
    previous = close;
  }
  // From 09:14 (one pre-open bar) so the last bar closes at 15:29, inside the windows.
  return minuteBars('09:14', specs, token);
}

const universe = Array.from({ length: INSTRUMENTS }, (_, i) => {
  const instrument = makeInstrument({ token: 256 * (1_000 + i) + 1, tickSize: paise(5) });
  return { instrument, bars: makeSession(i + 1, instrument.token) };
});

const strategies = createStrategies({
  orb: orbConfig({ window: { start: '09:30', end: '15:30' } }),
  vwap_ema: vwapEmaConfig({ window: { start: '09:45', end: '15:30' } }),
});

/** One scan cycle: every strategy on every instrument's bars so far. */
function scanCycle(barCount: number): number {
  let signals = 0;
  for (const { instrument, bars } of universe) {
    const sofar = barCount === bars.length ? bars : bars.slice(0, barCount);
    const nowIstMinutes = scanAfter(sofar);
    for (const strategy of strategies) {
      if (strategy.evaluate({ instrument, bars: sofar, nowIstMinutes }) !== null) signals += 1;
    }
  }
  return signals;
}

/** A whole session: one scan cycle after every bar. */
function replaySession(): number {
  let signals = 0;
  for (let n = 1; n <= BARS_PER_SESSION; n += 1) signals += scanCycle(n);
  return signals;
}

describe('strategies', () => {
  it(`scan cycle at 15:29: ${INSTRUMENTS} instruments × ${BARS_PER_SESSION} bars, both strategies`, async ({
    bench,
  }) => {
    const result = await bench('scan cycle', () => scanCycle(BARS_PER_SESSION)).run();
    expect(result.throughput.mean).toBeGreaterThan(0);
  });

  // A replay takes seconds: a handful of timed runs, not tinybench's default 64.
  it(
    `a session replayed: ${BARS_PER_SESSION} scan cycles over ${INSTRUMENTS} instruments`,
    { timeout: 300_000 },
    async ({ bench }) => {
      // The random walks must produce signals, or the replay measures only early exits.
      expect(replaySession()).toBeGreaterThan(0);
      const runOptions = { iterations: 5, time: 0, warmupIterations: 1, warmupTime: 0 };
      const result = await bench('session replay', replaySession).run(runOptions);
      expect(result.throughput.mean).toBeGreaterThan(0);
    },
  );
});
