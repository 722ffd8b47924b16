import type { Paise } from '@kavach/domain';

/** What the bar builder needs from a tick (the broker's Tick has these fields and more). */
export interface BarTick {
  readonly token: number;
  readonly lastPrice: Paise;
  /** Cumulative volume traded today; null when the feed carries none (indices, LTP mode). */
  readonly volume: number | null;
  /** Exchange time, epoch ms. */
  readonly at: number;
}

/** One closed OHLCV bar of one instrument. Prices in paise. */
export interface Bar {
  readonly token: number;
  /** Epoch ms of the bar's first instant (an IST minute boundary for 1-minute bars). */
  readonly start: number;
  /** Epoch ms just after the bar: start + interval, exclusive. */
  readonly end: number;
  readonly open: Paise;
  readonly high: Paise;
  readonly low: Paise;
  readonly close: Paise;
  /**
   * Units traded in the bar, from the cumulative day volume; the number of ticks when no tick
   * of the bar carried a volume.
   */
  readonly volume: number;
  /** Ticks that went into the bar. */
  readonly ticks: number;
}
