import { measureGroupPosition } from '@kavach/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportFigure } from './support/bench-report';
import { openTenPositions, startKiteSimEngineHarness, until } from './support/kite-sim-engine';
import type { KiteSimEngineHarness } from './support/kite-sim-engine';

/**
 * The kill switch with ten open positions (stop and two targets working for each), on kite-sim
 * through the real kiteconnect client and Kite's client-side rate limits:
 *   flat: from the press until every position is flat (the engine has heard every exit fill);
 *   settled: until the flatten reports, every cancel confirmed.
 * Target: flat ≤ 2 s. Prints one JSON line per figure (ms).
 */
const ROUNDS = 5;

let h: KiteSimEngineHarness;

beforeAll(async () => {
  h = await startKiteSimEngineHarness();
}, 120_000);

afterAll(async () => {
  await h.close();
});

describe('kill switch', () => {
  it('flattens ten positions', async () => {
    const engine = await h.startEngine();
    const flat: number[] = [];
    const settled: number[] = [];
    try {
      for (let round = 0; round < ROUNDS; round += 1) {
        await openTenPositions(h, engine);
        const groups = engine.oco.openGroups();
        const started = performance.now();
        const flattening = engine.flattener.flattenAll('bench', { type: 'USER', name: 'bench' });
        await until(
          'every position flat',
          () => groups.every((g) => measureGroupPosition(g.group).net === 0),
          10_000,
        );
        flat.push(performance.now() - started);
        const report = await flattening;
        settled.push(performance.now() - started);
        expect(report.flat).toBe(true);
        await engine.idle();
      }
    } finally {
      await engine.stop();
    }
    reportFigure('kill_switch_10_positions_flat', flat);
    reportFigure('kill_switch_10_positions_settled', settled);
  }, 600_000);
});
