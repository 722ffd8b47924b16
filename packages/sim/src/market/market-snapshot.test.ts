import { atIst, paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load-scenario';
import { createMarket } from './create-market';
import type { CreateMarketOptions, Market } from './create-market';
import { SESSION_DATE, SMALL_UNIVERSE } from './market.fixtures';
import type { MarketSnapshot } from './market-snapshot';

const at = (time: string): number => atIst(time, SESSION_DATE);
const OPTIONS: CreateMarketOptions = {
  seed: 7,
  universe: SMALL_UNIVERSE,
  sessionDate: SESSION_DATE,
};

function quotesOf(market: Market) {
  return market.instruments().map((instrument) => market.quote(instrument.token));
}

function viaJson(snapshot: MarketSnapshot): MarketSnapshot {
  return JSON.parse(JSON.stringify(snapshot)) as MarketSnapshot;
}

describe('market snapshot and restore', () => {
  it('continues exactly as the saved market goes on: same quotes, depth and random walk', () => {
    const original = createMarket(OPTIONS);
    original.advanceTo(at('09:40'));
    const infy = original.instrumentBySymbol('NSE', 'INFY')!.token;
    original.nudge(infy, 50);
    const restored = createMarket({ ...OPTIONS, restore: viaJson(original.snapshot()) });

    expect(restored.now()).toBe(original.now());
    expect(quotesOf(restored)).toEqual(quotesOf(original));
    expect(restored.advanceTo(at('10:05'))).toEqual(original.advanceTo(at('10:05')));
    expect(quotesOf(restored)).toEqual(quotesOf(original));
    expect(restored.snapshot()).toEqual(original.snapshot());
  });

  it('restores a market that has not opened yet, and one after its close', () => {
    const early = createMarket(OPTIONS);
    const beforeOpen = createMarket({ ...OPTIONS, restore: viaJson(early.snapshot()) });
    expect(beforeOpen.advanceTo(at('09:16'))).toEqual(early.advanceTo(at('09:16')));

    const late = createMarket(OPTIONS);
    late.advanceTo(at('15:45'));
    const afterClose = createMarket({ ...OPTIONS, restore: viaJson(late.snapshot()) });
    expect(quotesOf(afterClose)).toEqual(quotesOf(late));
    expect(afterClose.isOpen()).toBe(false);
    expect(() => afterClose.advanceTo(at('15:00'))).toThrow(/cannot go back in time/);
  });

  it('continues a scripted scenario', () => {
    const scenario = loadScenario({
      name: 'rally',
      sessionDate: SESSION_DATE,
      start: '09:15',
      paths: {
        'NSE:INFY': [
          ['09:15', 1500],
          ['10:00', 1550],
        ],
      },
    });
    const original = createMarket({ ...OPTIONS, scenario });
    original.advanceTo(at('09:30'));
    const restored = createMarket({ ...OPTIONS, scenario, restore: viaJson(original.snapshot()) });
    original.advanceTo(at('10:00'));
    restored.advanceTo(at('10:00'));
    expect(quotesOf(restored)).toEqual(quotesOf(original));
    const infy = restored.instrumentBySymbol('NSE', 'INFY')!.token;
    expect(restored.quote(infy)?.lastPrice).toBe(paise(1550_00));
    expect(() => createMarket({ ...OPTIONS, restore: original.snapshot() })).toThrow(
      /scenario rally, not null/,
    );
  });

  it('refuses an unknown version, another seed, day or universe, saying why', () => {
    const snapshot = createMarket(OPTIONS).snapshot();
    expect(() =>
      createMarket({ ...OPTIONS, restore: { ...snapshot, version: 9 } as never }),
    ).toThrow(/unknown market snapshot version 9/);
    expect(() => createMarket({ ...OPTIONS, seed: 8, restore: snapshot })).toThrow(/seed 7, not 8/);
    expect(() =>
      createMarket({ ...OPTIONS, sessionDate: '2026-02-03', restore: snapshot }),
    ).toThrow(/session 2026-02-02, not 2026-02-03/);
    expect(() =>
      createMarket({ ...OPTIONS, universe: { ...SMALL_UNIVERSE, stocks: [] }, restore: snapshot }),
    ).toThrow(/other instruments/);
  });
});
