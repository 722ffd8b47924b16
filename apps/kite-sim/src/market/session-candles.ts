import { istDate, istDayStart } from '@kavach/domain';
import type { TradingSession } from '@kavach/domain';
import { aggregateCandles } from './aggregate-candles';
import { CANDLE_INTERVALS } from './candle-interval';
import type { Candle, CandleSource } from './candle-source';
import type { Quote } from './market-contract';
import type { RecordedBars } from './minute-bar-recorder';

export interface SessionCandleOptions {
  /** The live session: from its day on, bars come from what the market really did. */
  readonly session: () => TradingSession;
  readonly recorded: RecordedBars;
  readonly quoteOf: (token: number) => Quote | undefined;
  /** History before the live session's day (synthetic, stitched to its previous close). */
  readonly earlier: CandleSource;
}

/** Today's day candle is the quote's own: the day's open, range, last price and volume. */
function dayCandleOf(quote: Quote, dayStart: number): Candle {
  return {
    time: dayStart,
    open: quote.open,
    high: quote.high,
    low: quote.low,
    close: quote.lastPrice,
    volume: quote.volume,
    oi: quote.oi,
  };
}

/**
 * Historical candles consistent with the live market: the live session's intraday bars are the
 * recorded minute bars (longer intervals aggregated from them), its day candle is the quote's
 * OHLC, and earlier days come from `earlier`. A request spanning both gets both, in order.
 */
export function createSessionCandles(options: SessionCandleOptions): CandleSource {
  return {
    candles: (instrument, interval, { from, to, now }) => {
      const session = options.session();
      const dayStart = istDayStart(session.date);
      const candles: Candle[] =
        from < dayStart
          ? [
              ...options.earlier.candles(instrument, interval, {
                from,
                to: Math.min(to, dayStart - 1),
                now: Math.min(now, dayStart - 1),
              }),
            ]
          : [];
      if (from > to || to < dayStart || now < session.open) return candles;
      const until = Math.min(to, now);
      const minutes = CANDLE_INTERVALS[interval].minutes;
      if (minutes === null) {
        const quote = options.quoteOf(instrument.token);
        // No candle for a day the instrument has not moved in (yet), as on Kite.
        const movedToday = quote !== undefined && quote.timestamp >= session.open;
        if (movedToday && istDate(from) <= session.date && until >= dayStart) {
          candles.push(dayCandleOf(quote, dayStart));
        }
        return candles;
      }
      // Whole slots: a bar that starts in range carries its later minutes too.
      const bars = options.recorded.bars(instrument.token, session.open, now);
      for (const candle of aggregateCandles(bars, minutes, session.open)) {
        if (candle.time >= from && candle.time <= until) candles.push(candle);
      }
      return candles;
    },
  };
}
