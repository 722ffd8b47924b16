import type { Paise } from '@kavach/domain';
import type { Candle } from './candle-source';
import type { Quote } from './market-contract';

export const MS_PER_MINUTE = 60_000;
/** One NSE session is 375 minutes; the margin covers longer special sessions. */
const DEFAULT_MAX_BARS = 480;

/** The read side: what the candle source serves for the live session. */
export interface RecordedBars {
  /** Minute bars starting within [from, to], oldest first (copies: the last may still grow). */
  readonly bars: (token: number, from: number, to: number) => readonly Candle[];
}

export interface MinuteBarRecorder extends RecordedBars {
  /**
   * Samples these instruments' quotes as they stand at `time` (epoch ms), after the market
   * advanced to it. A call must not span a minute boundary for the bars to be exact: the
   * caller advances the market minute by minute.
   */
  readonly record: (time: number, tokens: Iterable<number>) => void;
  /** A new session (or a reset): every bar goes. */
  readonly clear: () => void;
  /** Every bar and what the next sample needs, as plain data (for a state file). */
  readonly snapshot: () => RecordedBarsSnapshot;
}

/** One instrument's bars as [time, open, high, low, close, volume, oi], oldest first. */
export type BarRow = readonly [number, number, number, number, number, number, number];

export interface TrackSnapshot {
  readonly token: number;
  readonly volume: number;
  /** The day's range at the last sample; null before the first. */
  readonly dayHigh: number | null;
  readonly dayLow: number | null;
  readonly volumeAtBarStart: number;
  readonly bars: readonly BarRow[];
}

export interface RecordedBarsSnapshot {
  readonly tracks: readonly TrackSnapshot[];
}

export interface MinuteBarRecorderOptions {
  readonly quoteOf: (token: number) => Quote | undefined;
  /** Bars kept per instrument, oldest dropped first. */
  readonly maxBarsPerInstrument?: number;
  /** Bars recorded before (MinuteBarRecorder.snapshot), to go on from. */
  readonly restore?: RecordedBarsSnapshot;
}

interface MutableBar {
  time: number;
  open: Paise;
  high: Paise;
  low: Paise;
  close: Paise;
  volume: number;
  oi: number;
}

interface Track {
  readonly bars: MutableBar[];
  /** The quote's cumulative volume and day range at the last sample. */
  volume: number;
  dayHigh: number;
  dayLow: number;
  /** Cumulative volume when the current bar began: its volume is what traded since. */
  volumeAtBarStart: number;
}

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

function restoreTrack(saved: TrackSnapshot): Track {
  return {
    bars: saved.bars.map(([time, open, high, low, close, volume, oi]) => ({
      time,
      open: open as Paise,
      high: high as Paise,
      low: low as Paise,
      close: close as Paise,
      volume,
      oi,
    })),
    volume: saved.volume,
    dayHigh: saved.dayHigh ?? -Infinity,
    dayLow: saved.dayLow ?? Infinity,
    volumeAtBarStart: saved.volumeAtBarStart,
  };
}

const maxOf = (a: Paise, b: Paise): Paise => (a >= b ? a : b);
const minOf = (a: Paise, b: Paise): Paise => (a <= b ? a : b);

/**
 * Minute bars (OHLC, volume, OI) built from successive quotes of the running market, on the
 * IST minute grid (IST is a whole number of minutes from UTC, so epoch minutes are IST
 * minutes). A bar opens at the price the minute began with (the previous bar's close; the
 * day's open for the first), follows the last price, and takes volume from the quote's
 * cumulative volume. Samples see only where a price ended up, so a new day high or low found
 * in a sample is put in that sample's bar: the bars' range then matches the quote's day range.
 */
export function createMinuteBarRecorder(options: MinuteBarRecorderOptions): MinuteBarRecorder {
  const maxBars = options.maxBarsPerInstrument ?? DEFAULT_MAX_BARS;
  const tracks = new Map<number, Track>(
    (options.restore?.tracks ?? []).map((saved) => [saved.token, restoreTrack(saved)]),
  );

  function sample(track: Track, minute: number, quote: Quote): void {
    const price = quote.lastPrice;
    let bar = track.bars.at(-1);
    if (bar === undefined || minute > bar.time) {
      const open = bar?.close ?? (quote.open > 0 ? quote.open : price);
      bar = { time: minute, open, high: open, low: open, close: price, volume: 0, oi: quote.oi };
      track.bars.push(bar);
      if (track.bars.length > maxBars) track.bars.shift();
      track.volumeAtBarStart = track.volume;
    } else if (minute < bar.time) {
      // A finished minute is never rewritten (the market does not go back in time).
      return;
    }
    if (quote.high > track.dayHigh) bar.high = maxOf(bar.high, quote.high);
    if (quote.low < track.dayLow) bar.low = minOf(bar.low, quote.low);
    bar.high = maxOf(bar.high, price);
    bar.low = minOf(bar.low, price);
    bar.close = price;
    bar.volume = Math.max(0, quote.volume - track.volumeAtBarStart);
    bar.oi = quote.oi;
    track.volume = quote.volume;
    track.dayHigh = quote.high;
    track.dayLow = quote.low;
  }

  return {
    record: (time, tokens) => {
      const minute = time - (time % MS_PER_MINUTE);
      for (const token of tokens) {
        const quote = options.quoteOf(token);
        if (quote === undefined) continue;
        let track = tracks.get(token);
        if (track === undefined) {
          track = {
            bars: [],
            volume: 0,
            dayHigh: -Infinity,
            dayLow: Infinity,
            volumeAtBarStart: 0,
          };
          tracks.set(token, track);
        }
        sample(track, minute, quote);
      }
    },
    bars: (token, from, to) =>
      (tracks.get(token)?.bars ?? [])
        .filter((bar) => bar.time >= from && bar.time <= to)
        .map((bar) => ({ ...bar })),
    clear: () => {
      tracks.clear();
    },
    snapshot: () => ({
      tracks: [...tracks].map(([token, track]) => ({
        token,
        volume: track.volume,
        dayHigh: finiteOrNull(track.dayHigh),
        dayLow: finiteOrNull(track.dayLow),
        volumeAtBarStart: track.volumeAtBarStart,
        bars: track.bars.map((bar): BarRow => [
          bar.time,
          bar.open,
          bar.high,
          bar.low,
          bar.close,
          bar.volume,
          bar.oi,
        ]),
      })),
    }),
  };
}
