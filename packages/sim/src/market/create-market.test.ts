import { atIst, paise } from '@kavach/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NIFTY_50 } from '../universe/nse-indices';
import { createMarket } from './create-market';
import type { Market } from './create-market';
import { expiryTimes, SESSION_DATE, SMALL_UNIVERSE } from './market.fixtures';
import { expectSaneMarket, lastPriceOf, requireInstrument, snapshot } from './market.assertions';
import { YEAR_MS } from './option-pricing';

const at = (time: string, seconds = 0): number => atIst(time, SESSION_DATE) + seconds * 1_000;
const OPEN = at('09:15');
const CLOSE = at('15:30');

function small(seed: number, stepMs?: number): Market {
  return createMarket({ seed, universe: SMALL_UNIVERSE, sessionDate: SESSION_DATE, stepMs });
}

describe('createMarket: the default universe through a whole session', () => {
  const market = createMarket({ seed: 2026, sessionDate: SESSION_DATE });

  it('lists the whole universe with a quote for each instrument', () => {
    expect(market.instruments().length).toBeGreaterThan(300);
    expect(market.instrumentBySymbol('NSE', 'NIFTY 50')?.token).toBe(256_265);
    expect(market.instrument(408_065)?.tradingSymbol).toBe('INFY');
    expect(market.instrumentBySymbol('NSE', 'NOPE')).toBeUndefined();
    expect(market.quote(1)).toBeUndefined();
    for (const instrument of market.instruments()) {
      expect(market.quote(instrument.token)?.token).toBe(instrument.token);
    }
  });

  it('starts at the previous close with nothing traded', () => {
    const infy = market.quote(408_065)!;
    expect(infy.lastPrice).toBe(paise(1_552_40));
    expect(infy).toMatchObject({ close: infy.lastPrice, open: infy.lastPrice, volume: 0 });
    expect(infy.averagePrice).toBe(0);
    expect(market.isOpen()).toBe(false);
    expectSaneMarket(market);
  });

  it('keeps every quote sane through the day', () => {
    for (const time of [OPEN, at('09:20'), at('11:00', 30), at('15:29', 59)]) {
      const changed = market.advanceTo(time);
      expect(changed.length).toBeGreaterThan(0);
      expect(market.isOpen()).toBe(true);
      expectSaneMarket(market);
    }
    const indexQuote = market.quote(256_265)!;
    expect(indexQuote.timestamp).toBe(at('15:29', 59));
    expect(indexQuote.lastTradeTime).toBe(indexQuote.timestamp);
    expect(market.quote(408_065)!.volume).toBeGreaterThan(100_000);
  }, 30_000);

  it('does not move after the close', () => {
    const before = snapshot(market);
    expect(market.advanceTo(CLOSE)).toEqual([]);
    expect(market.advanceTo(at('23:00'))).toEqual([]);
    expect(market.isOpen()).toBe(false);
    expect(snapshot(market)).toEqual(before);
  });
});

describe('createMarket: determinism', () => {
  it('gives identical quotes for the same seed, different ones for another', () => {
    const a = small(7);
    const b = small(7);
    const c = small(8);
    for (const time of [OPEN, at('09:16'), at('10:30')]) {
      a.advanceTo(time);
      b.advanceTo(time);
      c.advanceTo(time);
      expect(snapshot(a)).toEqual(snapshot(b));
    }
    expect(snapshot(a)).not.toEqual(snapshot(c));
  });

  it('does not depend on how often it is advanced', () => {
    const once = small(11);
    const often = small(11);
    once.advanceTo(at('10:00'));
    const tokens = new Set<number>();
    for (let t = at('09:00'); t <= at('10:00'); t += 7_321) {
      for (const token of often.advanceTo(t)) tokens.add(token);
    }
    for (const token of often.advanceTo(at('10:00'))) tokens.add(token);
    expect(snapshot(often)).toEqual(snapshot(once));
    expect(tokens.size).toBe(often.instruments().length);
  });
});

describe('createMarket: the session', () => {
  it('does not move before the open', () => {
    const market = small(3);
    const before = snapshot(market);
    expect(market.advanceTo(at('09:00'))).toEqual([]);
    expect(market.advanceTo(OPEN - 1)).toEqual([]);
    expect(snapshot(market)).toEqual(before);
    expect(market.advanceTo(OPEN).length).toBeGreaterThan(0);
  });

  it('cannot go back in time, but waits for a clock still before the previous close', () => {
    const market = small(3);
    expect(market.advanceTo(at('00:00') - 86_400_000)).toEqual([]);
    expect(market.now()).toBeLessThan(at('00:00'));
    market.advanceTo(at('10:00'));
    expect(() => market.advanceTo(at('09:59'))).toThrow(/back in time/);
  });

  it('refuses a non-trading day and bad options', () => {
    expect(() => createMarket({ seed: 1, sessionDate: '2026-01-26' })).toThrow(/Republic Day/);
    expect(() => createMarket({ seed: 1.5, sessionDate: SESSION_DATE })).toThrow(/seed/);
    expect(() => createMarket({ seed: 1, sessionDate: SESSION_DATE, stepMs: 0 })).toThrow(/stepMs/);
    expect(() => createMarket({ seed: 1 })).toThrow(/sessionDate/);
  });

  it('keeps quotes sane for any seed and time (coarse steps)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.array(fc.integer({ min: -600, max: 23_000 }), { minLength: 1, maxLength: 4 }),
        (seed, seconds) => {
          const market = small(seed, 10_000);
          for (const s of [...seconds].sort((x, y) => x - y)) {
            market.advanceTo(OPEN + s * 1_000);
            expectSaneMarket(market);
          }
        },
      ),
      { numRuns: 20 },
    );
  }, 30_000);
});

describe('createMarket: derivatives follow the index', () => {
  const expiries = expiryTimes(SMALL_UNIVERSE, SESSION_DATE);
  const rate = NIFTY_50.derivatives!.carryRate;

  it('prices futures at spot × carry, within rounding', () => {
    const market = small(5);
    for (const time of [OPEN, at('11:00'), at('15:29')]) {
      market.advanceTo(time);
      const spot = lastPriceOf(market, 'NSE', 'NIFTY 50');
      for (const symbol of ['NIFTY26FEBFUT', 'NIFTY26MARFUT']) {
        const future = requireInstrument(market, 'NFO', symbol);
        const years = (expiries.get(future.token)! - time) / YEAR_MS;
        const fair = spot * Math.exp(rate * years);
        expect(Math.abs(market.quote(future.token)!.lastPrice - fair)).toBeLessThanOrEqual(6);
      }
    }
  });

  it('keeps put–call parity near the money within rounding', () => {
    const market = small(5);
    for (const time of [at('09:30'), at('13:00'), at('15:20')]) {
      market.advanceTo(time);
      const spot = lastPriceOf(market, 'NSE', 'NIFTY 50');
      const atm = Math.round(spot / 50_00) * 50_00;
      let checked = 0;
      for (const instrument of market.instruments()) {
        if (instrument.type !== 'CE' || instrument.name !== 'NIFTY') continue;
        const strike = instrument.strike!;
        if (Math.abs(strike - atm) > 3 * 50_00) continue;
        const putSymbol = instrument.tradingSymbol.replace(/CE$/, 'PE');
        const call = market.quote(instrument.token)!.lastPrice;
        const put = lastPriceOf(market, 'NFO', putSymbol);
        const years = (expiries.get(instrument.token)! - time) / YEAR_MS;
        const parity = spot - strike * Math.exp(-rate * years);
        expect(Math.abs(call - put - parity), instrument.tradingSymbol).toBeLessThanOrEqual(10);
        checked += 1;
      }
      expect(checked).toBeGreaterThanOrEqual(4);
    }
  });
});

describe('createMarket: the shape of the day', () => {
  const market = small(21);
  const nifty = requireInstrument(market, 'NSE', 'NIFTY 50').token;
  const bank = requireInstrument(market, 'NSE', 'NIFTY BANK').token;
  const hdfc = requireInstrument(market, 'NSE', 'HDFCBANK').token;
  const future = requireInstrument(market, 'NFO', 'NIFTY26FEBFUT').token;
  const minutes: { nifty: number; bank: number; hdfc: number; futureVolume: number }[] = [];
  for (let minute = 0; minute <= 375; minute++) {
    market.advanceTo(OPEN + minute * 60_000 - 1);
    minutes.push({
      nifty: market.quote(nifty)!.lastPrice,
      bank: market.quote(bank)!.lastPrice,
      hdfc: market.quote(hdfc)!.lastPrice,
      futureVolume: market.quote(future)!.volume,
    });
  }
  const returns = (key: 'nifty' | 'bank' | 'hdfc'): number[] =>
    minutes.slice(2).map((m, i) => Math.log(m[key] / minutes[i + 1]![key]));

  function window(from: number, to: number): { volume: number; move: number } {
    const volume = minutes[to]!.futureVolume - minutes[from]!.futureVolume;
    const move = returns('nifty')
      .slice(from, to)
      .reduce((sum, r) => sum + Math.abs(r), 0);
    return { volume, move };
  }

  it('is busy at the open, quiet at midday and busier into the close', () => {
    const open = window(1, 31);
    const midday = window(170, 200);
    const close = window(345, 375);
    expect(open.volume).toBeGreaterThan(1.5 * midday.volume);
    expect(close.volume).toBeGreaterThan(1.2 * midday.volume);
    expect(open.move).toBeGreaterThan(midday.move);
    expect(close.move).toBeGreaterThan(midday.move);
  });

  it('moves banks with NIFTY BANK and NIFTY BANK with NIFTY', () => {
    const correlation = (a: number[], b: number[]): number => {
      const mean = (x: number[]): number => x.reduce((s, v) => s + v, 0) / x.length;
      const ma = mean(a);
      const mb = mean(b);
      let ab = 0;
      let aa = 0;
      let bb = 0;
      a.forEach((v, i) => {
        const w = b[i]!;
        ab += (v - ma) * (w - mb);
        aa += (v - ma) ** 2;
        bb += (w - mb) ** 2;
      });
      return ab / Math.sqrt(aa * bb);
    };
    expect(correlation(returns('nifty'), returns('bank'))).toBeGreaterThan(0.6);
    expect(correlation(returns('bank'), returns('hdfc'))).toBeGreaterThan(0.6);
  });
});
