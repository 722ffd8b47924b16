import { atIst, paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { createMarket } from '../market/create-market';
import { SMALL_UNIVERSE } from '../market/market.fixtures';
import { expectSaneMarket, lastPriceOf, requireInstrument } from '../market/market.assertions';
import { loadScenario } from './load-scenario';

const DATE = '2026-02-02';
const at = (time: string, seconds = 0): number => atIst(time, DATE) + seconds * 1_000;

const scenario = loadScenario({
  name: 'INFY breakout with a rising NIFTY',
  sessionDate: DATE,
  previousClose: { 'NSE:INFY': 1490 },
  paths: {
    'NSE:INFY': [
      ['09:15:00', 1500],
      ['09:16:00', 1502.5],
      ['09:17:30', 1498.35],
      ['10:00:00', 1530],
    ],
    'NSE:NIFTY 50': {
      interpolation: 'linear',
      points: [
        ['09:15', 26_000],
        ['10:15', 26_120],
      ],
    },
    'NSE:TATASTEEL': [['11:00:00', 171.23]],
    'NFO:NIFTY26FEB26000CE': [['09:30', 200]],
  },
});

function scripted(unscripted?: 'generator'): ReturnType<typeof createMarket> {
  const script = unscripted === undefined ? scenario : { ...scenario, unscripted };
  return createMarket({ seed: 5, universe: SMALL_UNIVERSE, scenario: script });
}

describe('a market playing a scenario', () => {
  it('reproduces every scripted point exactly, holding between step points', () => {
    const market = scripted();
    const infy = (): number => lastPriceOf(market, 'NSE', 'INFY');
    expect(infy()).toBe(1_490_00);
    expect(market.quote(requireInstrument(market, 'NSE', 'INFY').token)!.close).toBe(1_490_00);
    const expected: [number, number][] = [
      [at('09:15'), 1_500_00],
      [at('09:15', 59), 1_500_00],
      [at('09:16'), 1_502_50],
      [at('09:17', 29), 1_502_50],
      [at('09:17', 30), 1_498_35],
      [at('09:59', 59), 1_498_35],
      [at('10:00'), 1_530_00],
      [at('15:29', 59), 1_530_00],
    ];
    for (const [time, price] of expected) {
      market.advanceTo(time);
      expect(infy()).toBe(price);
    }
    const quote = market.quote(requireInstrument(market, 'NSE', 'INFY').token)!;
    expect([quote.open, quote.high, quote.low]).toEqual([1_500_00, 1_530_00, 1_498_35]);
  });

  it('interpolates linear paths on the tick grid', () => {
    const market = scripted();
    for (const [time, price] of [
      [at('09:15'), 26_000_00],
      [at('09:45'), 26_060_00],
      [at('09:45', 1), 26_060_05],
      [at('10:15'), 26_120_00],
      [at('12:00'), 26_120_00],
    ] as const) {
      market.advanceTo(time);
      expect(lastPriceOf(market, 'NSE', 'NIFTY 50')).toBe(price);
    }
  });

  it('leaves a scripted instrument unscripted until its first point', () => {
    const market = scripted();
    market.advanceTo(at('10:59', 59));
    expect(lastPriceOf(market, 'NSE', 'TATASTEEL')).toBe(169_84);
    market.advanceTo(at('11:00'));
    expect(lastPriceOf(market, 'NSE', 'TATASTEEL')).toBe(171_23);
  });

  it('holds unscripted stocks flat by default, or lets the generator move them', () => {
    const flat = scripted();
    const moving = scripted('generator');
    flat.advanceTo(at('12:00'));
    moving.advanceTo(at('12:00'));
    expect(lastPriceOf(flat, 'NSE', 'HDFCBANK')).toBe(996_85);
    expect(lastPriceOf(flat, 'NSE', 'NIFTY BANK')).toBe(59_288_70);
    expect(lastPriceOf(moving, 'NSE', 'HDFCBANK')).not.toBe(996_85);
    expect(lastPriceOf(moving, 'NSE', 'INFY')).toBe(1_530_00);
    expect(lastPriceOf(moving, 'NSE', 'NIFTY 50')).toBe(26_120_00);
    expect(flat.quote(requireInstrument(flat, 'NSE', 'HDFCBANK').token)!.volume).toBeGreaterThan(0);
  });

  it('reprices derivatives from a scripted index, and plays a scripted option as written', () => {
    const market = scripted();
    market.advanceTo(at('09:20'));
    const callBefore = lastPriceOf(market, 'NFO', 'NIFTY26FEB26000CE');
    const future = lastPriceOf(market, 'NFO', 'NIFTY26FEBFUT');
    expect(future).toBeGreaterThan(26_010_00);
    const close = market.quote(requireInstrument(market, 'NFO', 'NIFTY26FEB26000CE').token)!.close;
    expect(callBefore).toBeLessThan(close); // the scripted index opened below its close
    market.advanceTo(at('09:30'));
    expect(lastPriceOf(market, 'NFO', 'NIFTY26FEB26000CE')).toBe(200_00);
    expect(callBefore).not.toBe(200_00);
    expect(lastPriceOf(market, 'NFO', 'NIFTY26FEB26100CE')).toBeGreaterThan(0);
    expectSaneMarket(market);
  });

  it('is reproducible: two runs give identical quotes', () => {
    const a = scripted('generator');
    const b = scripted('generator');
    a.advanceTo(at('10:30'));
    b.advanceTo(at('10:30'));
    for (const instrument of a.instruments()) {
      expect(a.quote(instrument.token)).toEqual(b.quote(instrument.token));
    }
  });

  it('returns a scripted instrument to its script after a manual price', () => {
    const market = scripted();
    market.advanceTo(at('09:20'));
    const infy = requireInstrument(market, 'NSE', 'INFY');
    market.setPrice(infy.token, paise(1_510_00));
    expect(lastPriceOf(market, 'NSE', 'INFY')).toBe(1_510_00);
    market.advanceTo(at('09:20', 1));
    expect(lastPriceOf(market, 'NSE', 'INFY')).toBe(1_498_35);
  });
});

describe('a scenario the market cannot play', () => {
  const base = { name: 'bad', sessionDate: DATE };

  it.each<[string, unknown, RegExp]>([
    [
      'an unknown instrument',
      { 'NSE:NOPE': [['09:15', 10]] },
      /NSE:NOPE is not listed on 2026-02-02/,
    ],
    [
      'a price off tick',
      { 'NSE:INFY': [['09:15', 1500.02]] },
      /paths\["NSE:INFY"\]\[0\]: 1500.02 is not on the 0.05 tick/,
    ],
    ['a price outside the circuit', { 'NSE:INFY': [['09:15', 1800]] }, /outside the circuit/],
  ])('refuses %s', (_label, paths, message) => {
    const script = loadScenario({ ...base, paths });
    expect(() => createMarket({ seed: 1, universe: SMALL_UNIVERSE, scenario: script })).toThrow(
      message,
    );
  });

  it('refuses a scenario for another day', () => {
    const script = loadScenario({ ...base, paths: { 'NSE:INFY': [['09:15', 1500]] } });
    expect(() =>
      createMarket({
        seed: 1,
        universe: SMALL_UNIVERSE,
        scenario: script,
        sessionDate: '2026-02-03',
      }),
    ).toThrow(/is for 2026-02-02, not 2026-02-03/);
  });
});
