import { atIst, paise } from '@kavach/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NIFTY_50 } from '../universe/nse-indices';
import { createMarket } from './create-market';
import type { Market } from './create-market';
import { expiryTimes, SESSION_DATE, SMALL_UNIVERSE } from './market.fixtures';
import {
  expectSaneMarket,
  findQuoteProblems,
  lastPriceOf,
  requireInstrument,
} from './market.assertions';
import { YEAR_MS } from './option-pricing';

const at = (time: string): number => atIst(time, SESSION_DATE);

function openMarket(seed = 9): Market {
  const market = createMarket({ seed, universe: SMALL_UNIVERSE, sessionDate: SESSION_DATE });
  market.advanceTo(at('10:00'));
  return market;
}

describe('setPrice', () => {
  it('sets a stock’s last price and reports it changed', () => {
    const market = openMarket();
    const infy = requireInstrument(market, 'NSE', 'INFY');
    expect(market.setPrice(infy.token, paise(1_600_00))).toEqual([infy.token]);
    const quote = market.quote(infy.token)!;
    expect(quote.lastPrice).toBe(1_600_00);
    expect(quote.high).toBeGreaterThanOrEqual(1_600_00);
    expect(quote.timestamp).toBe(at('10:00'));
    expectSaneMarket(market);
  });

  it('refuses prices off tick, outside the circuit, or for unknown tokens, changing nothing', () => {
    const market = openMarket();
    const infy = requireInstrument(market, 'NSE', 'INFY');
    const before = market.quote(infy.token);
    expect(() => market.setPrice(infy.token, paise(1_600_03))).toThrow(
      /not a multiple of the tick/,
    );
    expect(() => market.setPrice(infy.token, paise(1_800_00))).toThrow(/outside the circuit/);
    expect(() => market.setPrice(infy.token, paise(0))).toThrow(/positive/);
    expect(() => market.setPrice(42, paise(100))).toThrow(/no instrument/);
    expect(market.quote(infy.token)).toBe(before);
  });

  it('reprices the futures and options when the index is set', () => {
    const market = openMarket();
    const nifty = requireInstrument(market, 'NSE', 'NIFTY 50');
    const future = requireInstrument(market, 'NFO', 'NIFTY26FEBFUT');
    const changed = market.setPrice(nifty.token, paise(26_500_00));
    expect(changed).toContain(nifty.token);
    expect(changed).toContain(future.token);
    expect(changed.length).toBeGreaterThan(20);
    const years =
      (expiryTimes(SMALL_UNIVERSE, SESSION_DATE).get(future.token)! - at('10:00')) / YEAR_MS;
    const fair = 26_500_00 * Math.exp(NIFTY_50.derivatives!.carryRate * years);
    expect(Math.abs(lastPriceOf(market, 'NFO', 'NIFTY26FEBFUT') - fair)).toBeLessThanOrEqual(3);
    expectSaneMarket(market);
  });

  it('sets an option exactly by moving its index, keeping the chain consistent', () => {
    const market = openMarket();
    const call = requireInstrument(market, 'NFO', 'NIFTY2620326050CE');
    const spotBefore = lastPriceOf(market, 'NSE', 'NIFTY 50');
    const target = paise(Math.round((market.quote(call.token)!.lastPrice * 1.5) / 5) * 5);
    const changed = market.setPrice(call.token, target);
    expect(market.quote(call.token)!.lastPrice).toBe(target);
    expect(changed).toContain(call.token);
    expect(lastPriceOf(market, 'NSE', 'NIFTY 50')).toBeGreaterThan(spotBefore);
    expectSaneMarket(market);
  });

  it('sets a put exactly too, moving the index down', () => {
    const market = openMarket();
    const put = requireInstrument(market, 'NFO', 'NIFTY26FEB25800PE');
    const spotBefore = lastPriceOf(market, 'NSE', 'NIFTY 50');
    const target = paise(market.quote(put.token)!.lastPrice + 40_00);
    market.setPrice(put.token, target);
    expect(market.quote(put.token)!.lastPrice).toBe(target);
    expect(lastPriceOf(market, 'NSE', 'NIFTY 50')).toBeLessThan(spotBefore);
    expectSaneMarket(market);
  });

  it('sets a future exactly', () => {
    const market = openMarket();
    const future = requireInstrument(market, 'NFO', 'NIFTY26MARFUT');
    market.setPrice(future.token, paise(26_000_00));
    expect(market.quote(future.token)!.lastPrice).toBe(26_000_00);
    expect(lastPriceOf(market, 'NSE', 'NIFTY 50')).toBeLessThan(26_000_00);
    expectSaneMarket(market);
  });

  it('refuses an option price no underlying level gives', () => {
    const market = openMarket();
    const call = requireInstrument(market, 'NFO', 'NIFTY2620326050CE');
    const before = market.quote(call.token);
    expect(() => market.setPrice(call.token, paise(10_000_00))).toThrow(/not reachable/);
    expect(market.quote(call.token)).toBe(before);
    expectSaneMarket(market);
  });

  it('before the open moves the day’s open with it; the first trade starts the day afresh', () => {
    const market = createMarket({ seed: 9, universe: SMALL_UNIVERSE, sessionDate: SESSION_DATE });
    const infy = requireInstrument(market, 'NSE', 'INFY');
    market.setPrice(infy.token, paise(1_560_00));
    expect(market.quote(infy.token)).toMatchObject({
      open: 1_560_00,
      high: 1_560_00,
      low: 1_560_00,
    });
    expect(market.quote(infy.token)!.close).toBe(1_552_40);
    market.advanceTo(at('09:15'));
    const first = market.quote(infy.token)!;
    expect([first.open, first.high, first.low]).toEqual([
      first.lastPrice,
      first.lastPrice,
      first.lastPrice,
    ]);
  });
});

describe('nudge', () => {
  it('moves a stock by basis points, stopping at its circuit', () => {
    const market = openMarket();
    const infy = requireInstrument(market, 'NSE', 'INFY');
    const before = market.quote(infy.token)!.lastPrice;
    market.nudge(infy.token, 100);
    expect(Math.abs(market.quote(infy.token)!.lastPrice - before * 1.01)).toBeLessThanOrEqual(5);
    market.nudge(infy.token, 5_000);
    expect(market.quote(infy.token)!.lastPrice).toBe(market.quote(infy.token)!.upperCircuit);
    expectSaneMarket(market);
  });

  it('moves an option through its index', () => {
    const market = openMarket();
    const call = requireInstrument(market, 'NFO', 'NIFTY26FEB26050CE');
    const before = market.quote(call.token)!.lastPrice;
    market.nudge(call.token, 1_000);
    expect(market.quote(call.token)!.lastPrice).toBe(Math.round((before * 1.1) / 5) * 5);
    expect(market.nudge(call.token, 0)).toEqual([]);
    expect(() => market.nudge(call.token, Number.NaN)).toThrow(/basis points/);
    expectSaneMarket(market);
  });
});

describe('control under any sequence of nudges, on ordinary and expiry days', () => {
  it('keeps every quote sane', () => {
    const dates = ['2026-02-02', '2026-02-03', '2026-03-30', '2026-11-23', '2026-01-01'];
    fc.assert(
      fc.property(
        fc.integer(),
        fc.constantFrom(...dates),
        fc.array(
          fc.tuple(
            fc.integer({ min: -300, max: 22_600 }),
            fc.integer({ min: -1_500, max: 1_500 }),
            fc.nat(),
          ),
          { maxLength: 5 },
        ),
        (seed, date, moves) => {
          const market = createMarket({
            seed,
            universe: SMALL_UNIVERSE,
            sessionDate: date,
            stepMs: 10_000,
          });
          const instruments = market.instruments();
          const open = atIst('09:15', date);
          for (const [second, bps, pick] of [...moves].sort((a, b) => a[0] - b[0])) {
            market.advanceTo(open + second * 1_000);
            try {
              market.nudge(instruments[pick % instruments.length]!.token, bps);
            } catch (error) {
              if (!(error instanceof RangeError) || !error.message.includes('not reachable')) {
                throw error;
              }
            }
            expect(instruments.flatMap((i) => findQuoteProblems(market, i))).toEqual([]);
          }
          market.advanceTo(Math.max(market.now(), atIst('15:30', date)));
          expect(instruments.flatMap((i) => findQuoteProblems(market, i))).toEqual([]);
        },
      ),
      { numRuns: 20 },
    );
  }, 60_000);
});
