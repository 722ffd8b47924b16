import { atIst, paise } from '@kavach/domain';
import { NSE_UNIVERSE, withStrikesEachSide } from '@kavach/sim';
import type { UniverseSpec } from '@kavach/sim';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createSimulator } from './simulator';

// Early in the session: the market steps on a 1 s grid from 09:15, so a later start costs a catch-up.
function setUp(startMs = atIst('09:20', '2026-11-23'), extra: { universe?: UniverseSpec } = {}) {
  let real = 0;
  const simulator = createSimulator({
    seed: 1,
    accountFunds: paise(10_00_000_00),
    userId: 'KS0001',
    realNow: () => real,
    startMs,
    logger: pino({ level: 'silent' }),
    ...extra,
  });
  const published: (readonly number[])[] = [];
  simulator.onMarketUpdate((tokens) => published.push(tokens));
  return {
    simulator,
    published,
    runReal: (ms: number) => {
      real += ms;
    },
  };
}

describe('simulator', () => {
  it('advances the market with the virtual clock and reports the changed instruments', () => {
    const { simulator, published, runReal } = setUp();
    simulator.advance();
    const before = published.length;
    runReal(5_000);
    const changed = simulator.advance();
    expect(changed.length).toBeGreaterThan(0);
    expect(published.slice(before)).toEqual([changed]);
    expect(simulator.state()).toMatchObject({
      nowIst: '2026-11-23 09:20:05',
      sessionDate: '2026-11-23',
    });
  });

  it('lists the universe it is given, across a new day too', () => {
    const standard = setUp().simulator.market.instruments().length;
    const { simulator } = setUp(undefined, { universe: withStrikesEachSide(NSE_UNIVERSE, 40) });
    expect(simulator.market.instruments().length).toBeGreaterThan(standard + 200);
    simulator.setClock(atIst('09:30', '2026-11-25'));
    expect(simulator.market.instruments().length).toBeGreaterThan(standard + 200);
    // Two markets of 500+ instruments are generated: seconds on a loaded 2-core machine.
  }, 20_000);

  it('moves to the next trading day’s market when the clock gets there', () => {
    const { simulator } = setUp();
    // Tuesday 24 November 2026 is a holiday.
    simulator.setClock(atIst('09:30', '2026-11-25'));
    expect(simulator.state()).toMatchObject({ sessionDate: '2026-11-25', marketOpen: true });
    const infy = simulator.resolveInstrument('NSE:INFY')!;
    expect(simulator.market.quote(infy)?.timestamp).toBe(atIst('09:30', '2026-11-25'));
  });

  it('sets prices and tells listeners; resets to the session open', () => {
    const { simulator, published } = setUp();
    const infy = simulator.resolveInstrument('NSE:INFY')!;
    simulator.setPrice(infy, paise(150_000));
    expect(simulator.market.quote(infy)?.lastPrice).toBe(150_000);
    expect(published.at(-1)).toContain(infy);
    simulator.reset();
    expect(simulator.state()).toMatchObject({ nowIst: '2026-11-23 09:15:00', scenario: null });
  });

  it('loads a scenario onto its own timeline and forces market hours', () => {
    const { simulator } = setUp();
    simulator.loadScenario({
      name: 'flat day',
      sessionDate: '2026-11-26',
      start: '10:00',
      unscripted: 'flat',
      paths: { 'NSE:INFY': [['10:00', 1500]] },
    });
    expect(simulator.state()).toMatchObject({
      scenario: 'flat day',
      sessionDate: '2026-11-26',
      nowIst: '2026-11-26 10:00:00',
    });
    const infy = simulator.resolveInstrument('NSE:INFY')!;
    expect(simulator.market.quote(infy)?.lastPrice).toBe(150_000);
    simulator.setMarketStatus('closed');
    expect(simulator.state()).toMatchObject({ marketOpen: false, marketMode: 'closed' });
    simulator.setMarketStatus(null);
    expect(simulator.state().marketMode).toBe('auto');
  });

  it('refuses to run the clock backwards', () => {
    const { simulator } = setUp();
    expect(() => {
      simulator.setClock(atIst('09:00', '2026-11-23'));
    }).toThrow(RangeError);
  });

  it('records minute bars from the live market that agree with every quote it showed', () => {
    const day = '2026-11-23';
    const { simulator } = setUp(atIst('09:15', day));
    const infy = simulator.market.instrument(simulator.resolveInstrument('NSE:INFY')!)!;
    const seen: { time: number; price: number }[] = [];
    for (let step = 0; step < 30; step++) {
      simulator.stepClock(10_000);
      seen.push({
        time: simulator.clock.now(),
        price: simulator.market.quote(infy.token)!.lastPrice,
      });
    }
    // A jump of the clock is still recorded minute by minute.
    simulator.setClock(atIst('10:00', day) + 30_000);
    const quote = simulator.market.quote(infy.token)!;
    const range = {
      from: atIst('09:15', day),
      to: atIst('15:30', day),
      now: simulator.clock.now(),
    };
    const bars = simulator.candles.candles(infy, 'minute', range);
    expect(bars.map((b) => b.time)).toEqual(
      Array.from({ length: 46 }, (_, m) => atIst('09:15', day) + m * 60_000),
    );
    for (const { time, price } of seen) {
      const bar = bars.find((b) => b.time === time - (time % 60_000))!;
      expect(price).toBeGreaterThanOrEqual(bar.low);
      expect(price).toBeLessThanOrEqual(bar.high);
    }
    bars.slice(1).forEach((bar, i) => {
      expect(bar.open).toBe(bars[i]!.close);
    });
    expect(bars[0]?.open).toBe(quote.open);
    expect(bars.at(-1)?.close).toBe(quote.lastPrice);
    expect(Math.max(...bars.map((b) => b.high))).toBe(quote.high);
    expect(Math.min(...bars.map((b) => b.low))).toBe(quote.low);
    expect(bars.reduce((sum, b) => sum + b.volume, 0)).toBe(quote.volume);
    expect(simulator.candles.candles(infy, 'day', range)).toEqual([
      expect.objectContaining({ open: quote.open, close: quote.lastPrice, volume: quote.volume }),
    ]);
    // The synthetic history before it ends at the session's previous close.
    const friday = simulator.candles.candles(infy, 'minute', {
      from: atIst('15:29', '2026-11-20'),
      to: atIst('15:29', '2026-11-20'),
      now: simulator.clock.now(),
    });
    expect(friday.map((b) => b.close)).toEqual([quote.close]);

    simulator.reset();
    expect(simulator.candles.candles(infy, 'minute', range).length).toBeLessThanOrEqual(1);
  });
});
