import { IST_OFFSET_MS, atIst, istParts, paise } from '@kavach/domain';
import type { Paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import type { Bar, BarTick } from './bar';
import { createBarBuilder } from './bar-builder';

const DAY = '2026-11-24';
const INFY = 408_065;
const TCS = 2_953_217;

function at(time: string, seconds = 0, date = DAY): number {
  return atIst(time, date) + seconds * 1_000;
}

function tick(token: number, price: number, volume: number | null, when: number): BarTick {
  return { token, lastPrice: paise(price), volume, at: when };
}

function collect() {
  const bars: Bar[] = [];
  const builder = createBarBuilder({ onBar: (bar) => bars.push(bar) });
  return { builder, bars };
}

describe('createBarBuilder', () => {
  it('aligns 1-minute bars to IST minutes, which are epoch minutes', () => {
    expect(IST_OFFSET_MS % 60_000).toBe(0);
    const { builder } = collect();
    builder.addTick(tick(INFY, 1_500_00, 100, at('09:15', 42) + 123));
    const open = builder.openBar(INFY)!;
    expect(open.start).toBe(at('09:15'));
    expect(open.start % 60_000).toBe(0);
    expect(istParts(open.start)).toMatchObject({ hour: 9, minute: 15, second: 0, millisecond: 0 });
    expect(open.end).toBe(at('09:16'));
  });

  it('builds OHLCV from the ticks of a minute and closes it on the next minute’s tick', () => {
    const { builder, bars } = collect();
    builder.addTick(tick(INFY, 1_500_00, 10_000, at('09:15', 1)));
    builder.addTick(tick(INFY, 1_502_50, 10_400, at('09:15', 20)));
    builder.addTick(tick(INFY, 1_498_05, 10_900, at('09:15', 40)));
    builder.addTick(tick(INFY, 1_499_00, 11_000, at('09:15', 59)));
    expect(bars).toEqual([]);
    builder.addTick(tick(INFY, 1_501_00, 11_500, at('09:16', 3)));
    expect(bars).toEqual([
      {
        token: INFY,
        start: at('09:15'),
        end: at('09:16'),
        open: 1_500_00,
        high: 1_502_50,
        low: 1_498_05,
        close: 1_499_00,
        volume: 1_000,
        ticks: 4,
      },
    ]);
    expect(builder.openBar(INFY)).toMatchObject({ open: 1_501_00, volume: 500, ticks: 1 });
  });

  it('counts ticks as volume when the feed carries none', () => {
    const { builder } = collect();
    for (const second of [1, 2, 3]) builder.addTick(tick(TCS, 3_100_00, null, at('09:20', second)));
    builder.closeUpTo(at('09:21'));
    expect(builder.history(TCS)).toMatchObject([{ volume: 3, ticks: 3 }]);
  });

  it('closes bars on the clock, so a quiet instrument still gets its bar', () => {
    const { builder, bars } = collect();
    builder.addTick(tick(INFY, 1_500_00, 100, at('09:15', 5)));
    builder.addTick(tick(TCS, 3_100_00, 100, at('09:15', 6)));
    expect(builder.closeUpTo(at('09:15', 59) + 999)).toEqual([]);
    const closed = builder.closeUpTo(at('09:16'));
    expect(closed.map((b) => b.token)).toEqual([INFY, TCS]);
    expect(bars).toEqual(closed);
    expect(builder.openBar(INFY)).toBeNull();
    expect(builder.closeUpTo(at('09:20'))).toEqual([]);
  });

  it('ignores and counts late ticks for a minute already closed', () => {
    const { builder } = collect();
    builder.addTick(tick(INFY, 1_500_00, 100, at('09:15', 5)));
    builder.addTick(tick(INFY, 1_501_00, 200, at('09:16', 5)));
    builder.addTick(tick(INFY, 1_600_00, 300, at('09:15', 50)));
    builder.closeUpTo(at('09:17'));
    builder.addTick(tick(INFY, 1_700_00, 400, at('09:16', 59)));
    // A quiet instrument's minute is sealed by the clock too.
    builder.addTick(tick(TCS, 3_100_00, 100, at('09:16', 30)));
    expect(builder.stats()).toMatchObject({ ticks: 5, lateTicks: 3, barsClosed: 2 });
    expect(builder.history(INFY).map((b) => b.high)).toEqual([1_500_00, 1_501_00]);
    expect(builder.history(TCS)).toEqual([]);
  });

  it('skips minutes without ticks rather than inventing bars', () => {
    const { builder } = collect();
    builder.addTick(tick(INFY, 1_500_00, 100, at('09:15', 5)));
    builder.addTick(tick(INFY, 1_510_00, 400, at('09:18', 5)));
    builder.closeUpTo(at('09:19'));
    const history = builder.history(INFY);
    expect(history.map((b) => istParts(b.start).minute)).toEqual([15, 18]);
    expect(history.map((b) => b.volume)).toEqual([0, 300]);
  });

  it('does not count volume that traded before the first tick it saw', () => {
    const { builder } = collect();
    builder.addTick(tick(INFY, 1_500_00, 2_000_000, at('10:00', 1)));
    builder.addTick(tick(INFY, 1_500_00, 2_000_250, at('10:00', 2)));
    builder.closeUpTo(at('10:01'));
    expect(builder.history(INFY)[0]?.volume).toBe(250);
  });

  it('never counts a cumulative volume that goes backwards', () => {
    const { builder } = collect();
    builder.addTick(tick(INFY, 1_500_00, 1_000, at('10:00', 1)));
    builder.addTick(tick(INFY, 1_500_00, 1_300, at('10:00', 2)));
    builder.addTick(tick(INFY, 1_500_00, 1_200, at('10:00', 3)));
    builder.addTick(tick(INFY, 1_500_00, 1_350, at('10:00', 4)));
    builder.closeUpTo(at('10:01'));
    expect(builder.history(INFY)[0]?.volume).toBe(350);
  });

  it('starts a fresh history on a new IST day', () => {
    const { builder, bars } = collect();
    builder.addTick(tick(INFY, 1_500_00, 100, at('15:29', 30)));
    const nextDay = '2026-11-25';
    builder.addTick(tick(INFY, 1_520_00, 5, at('09:15', 1, nextDay)));
    expect(bars).toHaveLength(1);
    expect(builder.history(INFY)).toEqual([]);
    expect(builder.stats().sessionDate).toBe(nextDay);
    builder.addTick(tick(INFY, 1_500_00, 900, at('15:29', 50)));
    expect(builder.stats().lateTicks).toBe(1);
    builder.closeUpTo(at('09:16', 0, nextDay));
    expect(builder.history(INFY)).toMatchObject([{ open: 1_520_00, volume: 0 }]);
  });

  it('clears yesterday’s history when the clock reaches a new day without ticks', () => {
    const { builder } = collect();
    builder.addTick(tick(INFY, 1_500_00, 100, at('15:29', 30)));
    builder.closeUpTo(at('15:30'));
    expect(builder.history(INFY)).toHaveLength(1);
    builder.closeUpTo(at('09:00', 0, '2026-11-25'));
    expect(builder.history(INFY)).toEqual([]);
  });

  it('builds longer bars aligned to IST, not UTC', () => {
    const builder = createBarBuilder({ intervalMs: 60 * 60_000 });
    builder.addTick(tick(INFY, 1_500_00, 100, at('09:45')));
    expect(istParts(builder.openBar(INFY)!.start)).toMatchObject({ hour: 9, minute: 0 });
    expect(() => createBarBuilder({ intervalMs: 7 * 60_000 })).toThrow(RangeError);
  });

  it('throws on ticks that break the feed’s invariants', () => {
    const { builder } = collect();
    const offGrid = { ...tick(INFY, 1_500_00, 100, at('09:15')), lastPrice: 1_500.5 as Paise };
    expect(() => {
      builder.addTick(offGrid);
    }).toThrow(RangeError);
    expect(() => {
      builder.addTick(tick(INFY, 1_500_00, -1, at('09:15')));
    }).toThrow(RangeError);
    expect(() => {
      builder.addTick({ ...tick(INFY, 1_500_00, 1, 0), at: 1.5 });
    }).toThrow(RangeError);
  });
});
