import type { Paise } from '@kavach/domain';
import type { CandleInterval } from './candle-interval';
import type { SimInstrument } from './market-contract';

export interface Candle {
  /** Start of the bar, epoch ms (IST midnight for day bars). */
  readonly time: number;
  readonly open: Paise;
  readonly high: Paise;
  readonly low: Paise;
  readonly close: Paise;
  readonly volume: number;
  readonly oi: number;
}

/**
 * Where historical bars come from: synthetic history (synthetic-candles.ts), or the live
 * session's recorded bars in front of it (session-candles.ts).
 */
export interface CandleSource {
  /** Bars starting within [from, to] (epoch ms), oldest first, never after `now`. */
  readonly candles: (
    instrument: SimInstrument,
    interval: CandleInterval,
    range: { readonly from: number; readonly to: number; readonly now: number },
  ) => readonly Candle[];
}
