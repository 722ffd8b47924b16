import { IST_OFFSET_MS, MS_PER_DAY, istDate, istDayStart } from '@kavach/domain';
import type { Paise } from '@kavach/domain';
import type { Bar, BarTick } from './bar';

export interface BarBuilderOptions {
  /** Bar length; must divide a day. 1 minute by default. */
  readonly intervalMs?: number;
  /** Called with every bar as it closes, synchronously, oldest first per instrument. */
  readonly onBar?: (bar: Bar) => void;
}

export interface BarBuilderStats {
  /** The IST trading day the builder is collecting, or null before the first tick. */
  readonly sessionDate: string | null;
  readonly ticks: number;
  /** Ticks for a bar that had already closed (or a past day): dropped, never merged. */
  readonly lateTicks: number;
  readonly barsClosed: number;
}

export interface BarBuilder {
  addTick(tick: BarTick): void;
  /**
   * Closes every bar whose interval has ended by `now` (epoch ms) and seals those intervals:
   * a tick arriving for them afterwards is late. The scan cycle calls this on its clock so an
   * instrument that stops ticking still gets its bar. Returns the bars it closed.
   */
  closeUpTo(now: number): readonly Bar[];
  /** Today's closed bars of an instrument, oldest first (empty when none). */
  history(token: number): readonly Bar[];
  /** The bar still being built for an instrument, as it stands; null when none is open. */
  openBar(token: number): Bar | null;
  stats(): BarBuilderStats;
}

interface OpenBar {
  start: number;
  open: Paise;
  high: Paise;
  low: Paise;
  close: Paise;
  volumeDelta: number;
  hasVolume: boolean;
  ticks: number;
}

interface InstrumentState {
  open: OpenBar | null;
  /** Highest cumulative volume seen today: the base the next tick's volume is counted from. */
  cumulativeVolume: number | null;
  readonly history: Bar[];
}

function checkTick(tick: BarTick): void {
  if (!Number.isSafeInteger(tick.token) || tick.token < 0) {
    throw new RangeError(`tick token must be a non-negative integer, got ${tick.token}`);
  }
  if (!Number.isSafeInteger(tick.lastPrice) || tick.lastPrice <= 0) {
    throw new RangeError(`tick price must be positive whole paise, got ${tick.lastPrice}`);
  }
  if (tick.volume !== null && (!Number.isSafeInteger(tick.volume) || tick.volume < 0)) {
    throw new RangeError(`tick volume must be a non-negative integer or null, got ${tick.volume}`);
  }
  if (!Number.isSafeInteger(tick.at)) {
    throw new RangeError(`tick time must be integer epoch ms, got ${tick.at}`);
  }
}

function checkInterval(intervalMs: number): void {
  if (!Number.isSafeInteger(intervalMs) || intervalMs <= 0 || MS_PER_DAY % intervalMs !== 0) {
    throw new RangeError(`bar interval must be a whole divisor of a day in ms, got ${intervalMs}`);
  }
}

/**
 * Builds OHLCV bars from ticks, per instrument, aligned to IST wall-clock boundaries (for
 * 1-minute bars these are the epoch minute boundaries too, IST being UTC+05:30). A tick for a
 * later interval closes the open bar; `closeUpTo` closes bars on the clock. Bars of one IST
 * day are kept as the session's history; the first tick or close of a new day starts afresh.
 */
export function createBarBuilder(options: BarBuilderOptions = {}): BarBuilder {
  const intervalMs = options.intervalMs ?? 60_000;
  checkInterval(intervalMs);
  const onBar = options.onBar;
  const instruments = new Map<number, InstrumentState>();
  let sessionDate: string | null = null;
  /** The session day's bounds (epoch ms): a tick inside them needs no calendar arithmetic. */
  let dayStart = Number.POSITIVE_INFINITY;
  let dayEnd = Number.NEGATIVE_INFINITY;
  /** Intervals starting before this are sealed: their bars are closed for good. */
  let sealedBefore = Number.NEGATIVE_INFINITY;
  let ticks = 0;
  let lateTicks = 0;
  let barsClosed = 0;

  const intervalStart = (at: number): number => {
    const intoInterval = (((at + IST_OFFSET_MS) % intervalMs) + intervalMs) % intervalMs;
    return at - intoInterval;
  };

  const toBar = (token: number, bar: OpenBar): Bar => ({
    token,
    start: bar.start,
    end: bar.start + intervalMs,
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
    volume: bar.hasVolume ? bar.volumeDelta : bar.ticks,
    ticks: bar.ticks,
  });

  const closeOpenBar = (token: number, state: InstrumentState, closed: Bar[]): void => {
    if (state.open === null) return;
    const bar = toBar(token, state.open);
    state.open = null;
    state.history.push(bar);
    barsClosed += 1;
    closed.push(bar);
    onBar?.(bar);
  };

  /** A new IST day: yesterday's open bars are complete, then the session's history resets. */
  const enterDay = (date: string): void => {
    if (sessionDate !== null && date <= sessionDate) return;
    const closed: Bar[] = [];
    for (const [token, state] of instruments) closeOpenBar(token, state, closed);
    instruments.clear();
    sessionDate = date;
    dayStart = istDayStart(date);
    dayEnd = dayStart + MS_PER_DAY;
  };

  const stateOf = (token: number): InstrumentState => {
    let state = instruments.get(token);
    if (state === undefined) {
      state = { open: null, cumulativeVolume: null, history: [] };
      instruments.set(token, state);
    }
    return state;
  };

  const countVolume = (state: InstrumentState, bar: OpenBar, volume: number | null): void => {
    if (volume === null) return;
    bar.hasVolume = true;
    const base = state.cumulativeVolume;
    // The first volume of the day is the base: what traded before we saw it is not ours.
    if (base !== null && volume > base) bar.volumeDelta += volume - base;
    state.cumulativeVolume = base === null ? volume : Math.max(base, volume);
  };

  return {
    addTick(tick) {
      checkTick(tick);
      ticks += 1;
      // Nearly every tick is of the session day: its date string is not made for each one.
      if (tick.at < dayStart || tick.at >= dayEnd) {
        const date = istDate(tick.at);
        if (sessionDate !== null && date < sessionDate) {
          lateTicks += 1;
          return;
        }
        enterDay(date);
      }
      const start = intervalStart(tick.at);
      const state = stateOf(tick.token);
      if (start < sealedBefore || (state.open !== null && start < state.open.start)) {
        lateTicks += 1;
        return;
      }
      if (state.open !== null && start > state.open.start) closeOpenBar(tick.token, state, []);
      const price = tick.lastPrice;
      let bar = state.open;
      if (bar === null) {
        bar = {
          start,
          open: price,
          high: price,
          low: price,
          close: price,
          volumeDelta: 0,
          hasVolume: false,
          ticks: 0,
        };
        state.open = bar;
      } else {
        if (price > bar.high) bar.high = price;
        if (price < bar.low) bar.low = price;
        bar.close = price;
      }
      bar.ticks += 1;
      countVolume(state, bar, tick.volume);
    },

    closeUpTo(now) {
      if (!Number.isSafeInteger(now))
        throw new RangeError(`now must be integer epoch ms, got ${now}`);
      const closed: Bar[] = [];
      const currentStart = intervalStart(now);
      for (const [token, state] of instruments) {
        if (state.open !== null && state.open.start < currentStart) {
          closeOpenBar(token, state, closed);
        }
      }
      if (currentStart > sealedBefore) sealedBefore = currentStart;
      enterDay(istDate(now));
      return closed;
    },

    history(token) {
      return instruments.get(token)?.history ?? [];
    },

    openBar(token) {
      const open = instruments.get(token)?.open ?? null;
      return open === null ? null : toBar(token, open);
    },

    stats() {
      return { sessionDate, ticks, lateTicks, barsClosed };
    },
  };
}
