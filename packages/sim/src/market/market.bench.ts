import { atIst } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { createMarket } from './create-market';
import type { Market } from './create-market';

// Generator throughput over the default universe (50 stocks, 2 indices, 4 futures, ~250
// options): one call advances every instrument by one 1-second step. Quote updates per
// second = calls per second × instruments.
const DATE = '2026-02-02';
const OPEN = atIst('09:15', DATE);
const CLOSE = atIst('15:30', DATE);

function createStepper(readQuotes: boolean): { step: () => void; market: () => Market } {
  let market = createMarket({ seed: 1, sessionDate: DATE });
  let now = OPEN;
  return {
    market: () => market,
    step: () => {
      if (now >= CLOSE) {
        market = createMarket({ seed: 1, sessionDate: DATE });
        now = OPEN;
      }
      const changed = market.advanceTo(now);
      now += 1_000;
      if (readQuotes) for (const token of changed) market.quote(token);
    },
  };
}

describe('market generator', () => {
  it.for([
    ['one second of the whole universe', false],
    ['one second of the whole universe, reading every changed quote', true],
  ] as const)('%s', async ([name, readQuotes], { bench }) => {
    const stepper = createStepper(readQuotes);
    const result = await bench(name, stepper.step).run();
    const instruments = stepper.market().instruments().length;
    const updatesPerSecond = Math.round(result.throughput.mean * instruments);
    console.log(`${name}: ${instruments} instruments, ${updatesPerSecond} quote updates/s`);
    expect(result.throughput.mean).toBeGreaterThan(0);
  });
});
