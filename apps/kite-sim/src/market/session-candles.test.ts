import { atIst, istDayStart, nseCalendar2026, paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { FAKE_INSTRUMENTS, makeQuote } from '../../test/fake-market';
import type { Quote } from './market-contract';
import { createMinuteBarRecorder } from './minute-bar-recorder';
import { createSessionCandles } from './session-candles';
import { createSyntheticCandles } from './synthetic-candles';

// Monday 23 November 2026; the session before it is Friday 20 November.
const DAY = '2026-11-23';
const SESSION = { date: DAY, open: atIst('09:15', DAY), close: atIst('15:30', DAY) };
const INFY = FAKE_INSTRUMENTS.infy;
const NOW = atIst('09:20', DAY) + 30_000;

function setUp() {
  let quote: Quote = { ...makeQuote(INFY, 150_000, SESSION.open), close: paise(149_770) };
  const recorder = createMinuteBarRecorder({ quoteOf: () => quote });
  // Six minutes of a market drifting up a rupee a minute, sampled twice a minute.
  let high = 0;
  let volume = 0;
  for (let second = 0; second <= 330; second += 30) {
    const price = paise(150_000 + second * 5);
    high = Math.max(high, price);
    volume += 100;
    const time = SESSION.open + second * 1_000;
    quote = {
      ...quote,
      lastPrice: price,
      open: paise(150_000),
      high: paise(high),
      low: paise(150_000),
      volume,
      timestamp: time,
    };
    recorder.record(time, [INFY.token]);
  }
  const candles = createSessionCandles({
    session: () => SESSION,
    recorded: recorder,
    quoteOf: () => quote,
    earlier: createSyntheticCandles({
      anchorPrice: () => quote.close,
      calendar: nseCalendar2026,
      liveSessionDate: () => DAY,
    }),
  });
  return { candles, quote: () => quote, recorder };
}

describe('session candles', () => {
  it('serves the recorded minutes for today, none after now', () => {
    const { candles, quote } = setUp();
    const bars = candles.candles(INFY, 'minute', {
      from: atIst('09:15', DAY),
      to: atIst('15:30', DAY),
      now: NOW,
    });
    expect(bars.map((b) => b.time)).toEqual(
      [0, 1, 2, 3, 4, 5].map((m) => SESSION.open + m * 60_000),
    );
    expect(bars.at(-1)?.close).toBe(quote().lastPrice);
    expect(bars.reduce((sum, b) => sum + b.volume, 0)).toBe(quote().volume);
  });

  it('aggregates longer intervals from them and takes today’s day candle from the quote', () => {
    const { candles, quote } = setUp();
    const range = { from: atIst('09:15', DAY), to: atIst('15:30', DAY), now: NOW };
    const minutes = candles.candles(INFY, 'minute', range);
    const fives = candles.candles(INFY, '5minute', range);
    expect(fives).toHaveLength(2);
    expect(fives[0]).toMatchObject({
      time: SESSION.open,
      open: minutes[0]!.open,
      close: minutes[4]!.close,
      volume: minutes.slice(0, 5).reduce((sum, b) => sum + b.volume, 0),
    });
    const q = quote();
    expect(candles.candles(INFY, 'day', range)).toEqual([
      {
        time: istDayStart(DAY),
        open: q.open,
        high: q.high,
        low: q.low,
        close: q.lastPrice,
        volume: q.volume,
        oi: q.oi,
      },
    ]);
  });

  it('falls back to synthetic history before today, closing at the previous close', () => {
    const { candles, quote } = setUp();
    const friday = '2026-11-20';
    const spanning = candles.candles(INFY, 'minute', {
      from: atIst('15:25', friday),
      to: atIst('09:16', DAY),
      now: NOW,
    });
    expect(spanning.map((b) => b.time)).toEqual([
      ...[25, 26, 27, 28, 29].map((m) => atIst(`15:${m}`, friday)),
      atIst('09:15', DAY),
      atIst('09:16', DAY),
    ]);
    expect(spanning[4]?.close).toBe(quote().close);
    const days = candles.candles(INFY, 'day', {
      from: istDayStart('2026-11-16'),
      to: istDayStart(DAY),
      now: NOW,
    });
    expect(days.map((d) => d.time)).toEqual(
      ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', DAY].map(istDayStart),
    );
    expect(days[4]?.close).toBe(quote().close);
    expect(days[5]?.close).toBe(quote().lastPrice);
  });

  it('has nothing for today before the open, and no day candle for an idle instrument', () => {
    const { candles } = setUp();
    const before = { from: istDayStart(DAY), to: atIst('15:30', DAY), now: atIst('09:10', DAY) };
    expect(candles.candles(INFY, 'minute', before)).toEqual([]);
    expect(candles.candles(INFY, 'day', before)).toEqual([]);
    const idle = createSessionCandles({
      session: () => SESSION,
      recorded: createMinuteBarRecorder({ quoteOf: () => undefined }),
      quoteOf: () => makeQuote(INFY, 150_000, atIst('15:30', '2026-11-20')),
      earlier: { candles: () => [] },
    });
    expect(idle.candles(INFY, 'day', { from: istDayStart(DAY), to: NOW, now: NOW })).toEqual([]);
  });
});
