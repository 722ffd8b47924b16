import { atIst, nseCalendar2026, paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { FAKE_INSTRUMENTS } from '../../test/fake-market';
import { createSyntheticCandles } from './synthetic-candles';

const INFY = FAKE_INSTRUMENTS.infy;
const source = createSyntheticCandles({
  anchorPrice: () => paise(150_000),
  calendar: nseCalendar2026,
});

describe('synthetic candles', () => {
  const monday = '2026-11-23';
  const range = {
    from: atIst('09:15', monday),
    to: atIst('15:30', monday),
    now: atIst('16:00', monday),
  };

  it('gives 375 minute bars for a full session, 09:15 to 15:29, on the tick grid', () => {
    const bars = source.candles(INFY, 'minute', range);
    expect(bars).toHaveLength(375);
    expect(bars[0]?.time).toBe(atIst('09:15', monday));
    expect(bars.at(-1)?.time).toBe(atIst('15:29', monday));
    for (const bar of bars) {
      expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
      expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
      expect(bar.open % INFY.tickSize).toBe(0);
      expect(bar.volume).toBeGreaterThan(0);
    }
  });

  it('is deterministic and consistent across intervals', () => {
    const minutes = source.candles(INFY, 'minute', range);
    expect(source.candles(INFY, 'minute', range)).toEqual(minutes);
    const fives = source.candles(INFY, '5minute', range);
    expect(fives).toHaveLength(75);
    const second = fives[1]!;
    const parts = minutes.slice(5, 10);
    expect(second).toEqual({
      time: parts[0]!.time,
      open: parts[0]!.open,
      close: parts[4]!.close,
      high: Math.max(...parts.map((p) => p.high)),
      low: Math.min(...parts.map((p) => p.low)),
      volume: parts.reduce((s, p) => s + p.volume, 0),
      oi: 0,
    });
    const [day] = source.candles(INFY, 'day', range);
    expect(day?.volume).toBe(minutes.reduce((s, p) => s + p.volume, 0));
    expect(day?.time).toBe(atIst('00:00', monday));
    // A finished day is cached; the cached bar is the computed one.
    expect(source.candles(INFY, 'day', range)).toEqual([day]);
  });

  it('has no bars in the future, on weekends or on holidays', () => {
    const partial = source.candles(INFY, 'minute', {
      ...range,
      now: atIst('09:20', monday) + 30_000,
    });
    expect(partial.map((b) => b.time)).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => atIst('09:15', monday) + i * 60_000),
    );
    const week = source.candles(INFY, 'day', {
      from: atIst('00:00', '2026-11-21'),
      to: atIst('00:00', '2026-11-27'),
      now: atIst('18:00', '2026-11-27'),
    });
    // Saturday 21, Sunday 22 closed; Tuesday 24 November 2026 is Guru Nanak Jayanti.
    expect(week.map((b) => b.time)).toEqual(
      ['2026-11-23', '2026-11-25', '2026-11-26', '2026-11-27'].map((d) => atIst('00:00', d)),
    );
  });

  it('carries open interest for derivatives only', () => {
    const future = source.candles(FAKE_INSTRUMENTS.niftyFut, 'minute', range);
    expect(future[0]?.oi).toBeGreaterThan(0);
    expect(future[0]!.volume % FAKE_INSTRUMENTS.niftyFut.lotSize).toBe(0);
    expect(source.candles(INFY, 'minute', range)[0]?.oi).toBe(0);
  });

  it('closes the session before the live one at the anchor when stitched to it', () => {
    // Tuesday 24 November 2026 is a holiday: the session before Wednesday's is Monday's.
    const stitched = createSyntheticCandles({
      anchorPrice: () => paise(150_000),
      calendar: nseCalendar2026,
      liveSessionDate: () => '2026-11-25',
    });
    const lastMinutes = stitched.candles(INFY, 'minute', {
      from: atIst('15:29', monday),
      to: atIst('15:29', monday),
      now: atIst('09:15', '2026-11-25'),
    });
    expect(lastMinutes.map((b) => [b.time, b.close])).toEqual([[atIst('15:29', monday), 150_000]]);
    const [day] = stitched.candles(INFY, 'day', range);
    expect(day?.close).toBe(150_000);
    // Unstitched, the same path ends elsewhere: the stitching really moved it.
    expect(source.candles(INFY, 'day', range)[0]?.close).not.toBe(150_000);
  });
});
