import {
  atIst,
  isWeekend,
  istDate,
  addDays,
  istDayStart,
  paise,
  roundToTick,
} from '@kavach/domain';
import type { MarketCalendar, Paise } from '@kavach/domain';
import { CANDLE_INTERVALS } from './candle-interval';
import type { Candle, CandleSource } from './candle-source';
import { hashUnit } from './hash-unit';
import type { SimInstrument } from './market-contract';

const SESSION_MINUTES = 375;
/** Finished day bars kept, so long daily ranges are computed once. */
const DAY_CACHE_LIMIT = 50_000;
const MS_PER_MINUTE = 60_000;
/** Slow and fast swings (period in minutes, amplitude in log-price) layered into a path. */
const WAVES: readonly (readonly [period: number, amplitude: number])[] = [
  [37, 0.0015],
  [181, 0.003],
  [750, 0.006],
  [7_500, 0.03],
  [60_000, 0.06],
];

interface SyntheticCandleOptions {
  /** The level the path oscillates around (paise); no history when unknown. */
  readonly anchorPrice: (instrument: SimInstrument) => Paise | undefined;
  /** Holidays where the calendar covers the year; weekdays elsewhere. */
  readonly calendar?: MarketCalendar;
  /**
   * The live session's date. When given, the path is scaled so that the last trading day
   * before it closes exactly at the anchor price (the live market's previous close): history
   * then runs into the live session without a jump.
   */
  readonly liveSessionDate?: () => string;
}

interface MinuteBar {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly oi: number;
}

function logPath(token: number, minute: number): number {
  let total = 0;
  WAVES.forEach(([period, amplitude], k) => {
    const phase = hashUnit(token, k, 7) * 2 * Math.PI;
    total += amplitude * Math.sin((2 * Math.PI * minute) / period + phase);
  });
  return total + (hashUnit(token, minute, 11) - 0.5) * 0.0008;
}

/** Busy open, quiet midday, busy close. */
function intradayActivity(minuteOfSession: number): number {
  return (
    1 +
    1.5 * (Math.exp(-minuteOfSession / 30) + Math.exp(-(SESSION_MINUTES - minuteOfSession) / 30))
  );
}

function baseVolume(instrument: SimInstrument): number {
  switch (instrument.type) {
    case 'INDEX':
      return 0;
    case 'EQ':
      return 2_000;
    case 'FUT':
      return 40 * instrument.lotSize;
    case 'CE':
    case 'PE':
      return 400 * instrument.lotSize;
  }
}

/** The session's minute bars up to `count`, from one pass over the path (close = next open). */
function minuteBars(
  instrument: SimInstrument,
  anchor: number,
  firstMinute: number,
  count: number,
): MinuteBar[] {
  const { token } = instrument;
  const derivative = instrument.type !== 'EQ' && instrument.type !== 'INDEX';
  const lot = derivative ? instrument.lotSize : 1;
  const oiPhase = hashUnit(token, 0, 23) * 6;
  const base = baseVolume(instrument);
  const bars: MinuteBar[] = [];
  let open = anchor * Math.exp(logPath(token, firstMinute));
  for (let i = 0; i < count; i++) {
    const minute = firstMinute + i;
    const close = anchor * Math.exp(logPath(token, minute + 1));
    const raw = base * intradayActivity(i) * (0.5 + hashUnit(token, minute, 19));
    bars.push({
      open,
      close,
      high: Math.max(open, close) * (1 + hashUnit(token, minute, 13) * 0.0006),
      low: Math.min(open, close) * (1 - hashUnit(token, minute, 17) * 0.0006),
      volume: Math.round(raw / lot) * lot,
      oi: derivative ? Math.round(2_000 * (1.2 + Math.sin(minute / 5_000 + oiPhase))) * lot : 0,
    });
    open = close;
  }
  return bars;
}

function toCandle(
  instrument: SimInstrument,
  time: number,
  bars: readonly MinuteBar[],
): Candle | null {
  const first = bars[0];
  const last = bars.at(-1);
  if (first === undefined || last === undefined) return null;
  const tick = instrument.tickSize;
  const round = (value: number, mode: 'nearest' | 'up' | 'down'): Paise =>
    roundToTick(paise(Math.round(value)), tick, mode);
  const open = round(first.open, 'nearest');
  const close = round(last.close, 'nearest');
  const high = round(Math.max(...bars.map((b) => b.high)), 'up');
  const low = round(Math.min(...bars.map((b) => b.low)), 'down');
  return {
    time,
    open,
    close,
    high: paise(Math.max(high, open, close)),
    low: paise(Math.min(low, open, close)),
    volume: bars.reduce((sum, b) => sum + b.volume, 0),
    oi: last.oi,
  };
}

/** Trading days never lie this far apart (the longest NSE closures are a long weekend). */
const MAX_DAYS_BACK = 15;

/**
 * Deterministic synthetic history: a smooth multi-period path around an anchor price with a
 * little per-minute noise, on trading days 09:15–15:30 IST. Longer bars aggregate the minute
 * bars, so every interval tells the same story. It is not the live path of the running market.
 */
export function createSyntheticCandles(options: SyntheticCandleOptions): CandleSource {
  const isTradingDay = (date: string): boolean =>
    options.calendar?.covers(date) === true
      ? options.calendar.isTradingDay(date)
      : !isWeekend(date);

  /** The path's level: the anchor itself, or the one whose path closes there the day before. */
  const levelOf = (instrument: SimInstrument, anchor: Paise): number => {
    const live = options.liveSessionDate?.();
    if (live === undefined) return anchor;
    let date = live;
    for (let back = 0; back < MAX_DAYS_BACK; back++) {
      date = addDays(date, -1);
      if (!isTradingDay(date)) continue;
      // The last bar of a day closes at the path's value at the end of its last minute.
      const closeMinute = atIst('09:15', date) / MS_PER_MINUTE + SESSION_MINUTES;
      return anchor / Math.exp(logPath(instrument.token, closeMinute));
    }
    return anchor;
  };

  const finishedDays = new Map<string, Candle | null>();
  const remember = (key: string, candle: Candle | null): Candle | null => {
    if (finishedDays.size >= DAY_CACHE_LIMIT) finishedDays.clear();
    finishedDays.set(key, candle);
    return candle;
  };

  return {
    candles: (instrument, interval, { from, to, now }) => {
      const price = options.anchorPrice(instrument);
      if (price === undefined || from > to) return [];
      const anchor = levelOf(instrument, price);
      const until = Math.min(to, now);
      const barMinutes = CANDLE_INTERVALS[interval].minutes;
      const candles: Candle[] = [];
      const lastDate = istDate(until);
      for (let date = istDate(from); date <= lastDate; date = addDays(date, 1)) {
        if (!isTradingDay(date)) continue;
        const open = atIst('09:15', date);
        const minutesSoFar = Math.min(
          SESSION_MINUTES,
          Math.floor((now - open) / MS_PER_MINUTE) + 1,
        );
        if (minutesSoFar <= 0) continue;
        const dayKey = `${instrument.token}:${anchor}:${date}`;
        const finished = minutesSoFar === SESSION_MINUTES;
        if (barMinutes === null && finished && finishedDays.has(dayKey)) {
          const cached = finishedDays.get(dayKey);
          if (cached) candles.push(cached);
          continue;
        }
        const bars = minuteBars(instrument, anchor, open / MS_PER_MINUTE, minutesSoFar);
        if (barMinutes === null) {
          const candle = toCandle(instrument, istDayStart(date), bars);
          if (candle !== null) candles.push(candle);
          if (finished) remember(dayKey, candle);
          continue;
        }
        for (let i = 0; i < bars.length; i += barMinutes) {
          const time = open + i * MS_PER_MINUTE;
          if (time < from || time > until) continue;
          const candle = toCandle(instrument, time, bars.slice(i, i + barMinutes));
          if (candle !== null) candles.push(candle);
        }
      }
      return candles;
    },
  };
}
