import { atIst, paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { FAKE_INSTRUMENTS, makeQuote } from '../../test/fake-market';
import type { Quote } from './market-contract';
import { createMinuteBarRecorder } from './minute-bar-recorder';

const DAY = '2026-11-23';
const INFY = FAKE_INSTRUMENTS.infy;
const at = (time: string, seconds = 0): number => atIst(time, DAY) + seconds * 1_000;

/** A market of one instrument whose quote the test moves like the generator would. */
function setUp(maxBarsPerInstrument?: number) {
  let quote: Quote | undefined;
  const recorder = createMinuteBarRecorder({
    quoteOf: (token) => (token === INFY.token ? quote : undefined),
    ...(maxBarsPerInstrument === undefined ? {} : { maxBarsPerInstrument }),
  });
  const move = (time: number, fields: Partial<Quote>): void => {
    const base = quote ?? makeQuote(INFY, 150_000, time);
    quote = { ...base, ...fields, timestamp: time };
    recorder.record(time, [INFY.token]);
  };
  return { recorder, move };
}

describe('minute bar recorder', () => {
  it('builds bars on the minute grid from last prices and cumulative volume', () => {
    const { recorder, move } = setUp();
    const day = { open: paise(150_000), high: paise(150_000), low: paise(150_000) };
    move(at('09:15', 0), { ...day, lastPrice: paise(150_000), volume: 100 });
    move(at('09:15', 20), { ...day, high: paise(150_300), lastPrice: paise(150_300), volume: 150 });
    move(at('09:15', 40), { ...day, high: paise(150_300), lastPrice: paise(150_100), volume: 180 });
    move(at('09:16', 10), {
      ...day,
      high: paise(150_300),
      low: paise(149_800),
      lastPrice: paise(149_900),
      volume: 260,
    });
    expect(recorder.bars(INFY.token, at('09:00'), at('10:00'))).toEqual([
      {
        time: at('09:15'),
        open: 150_000,
        high: 150_300,
        low: 150_000,
        close: 150_100,
        volume: 180,
        oi: 0,
      },
      // The minute opens where the last one closed; the new day low was made within it.
      {
        time: at('09:16'),
        open: 150_100,
        high: 150_100,
        low: 149_800,
        close: 149_900,
        volume: 80,
        oi: 0,
      },
    ]);
  });

  it('starts the day’s first bar at the day’s open with the range traded before the sample', () => {
    const { recorder, move } = setUp();
    move(at('09:15', 59.999), {
      open: paise(151_000),
      high: paise(151_500),
      low: paise(150_500),
      lastPrice: paise(150_800),
      volume: 900,
      oi: 0,
    });
    expect(recorder.bars(INFY.token, 0, Infinity)).toEqual([
      {
        time: at('09:15'),
        open: 151_000,
        high: 151_500,
        low: 150_500,
        close: 150_800,
        volume: 900,
        oi: 0,
      },
    ]);
  });

  it('answers a range, hands out copies, keeps a bounded history and clears', () => {
    const { recorder, move } = setUp(3);
    for (let minute = 0; minute < 5; minute++) {
      move(at('09:15') + minute * 60_000, { lastPrice: paise(150_000 + minute * 10) });
    }
    const bars = recorder.bars(INFY.token, 0, Infinity);
    expect(bars.map((b) => b.time)).toEqual([at('09:17'), at('09:18'), at('09:19')]);
    expect(recorder.bars(INFY.token, at('09:18'), at('09:18')).map((b) => b.time)).toEqual([
      at('09:18'),
    ]);
    move(at('09:19', 30), { lastPrice: paise(160_000) });
    expect(bars.at(-1)?.close).toBe(150_040);
    // A sample from a finished minute changes nothing.
    move(at('09:18', 30), { lastPrice: paise(100_000) });
    expect(recorder.bars(INFY.token, 0, Infinity).at(-1)?.close).toBe(160_000);
    recorder.clear();
    expect(recorder.bars(INFY.token, 0, Infinity)).toEqual([]);
  });
});
