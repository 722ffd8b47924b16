import type { Tick, TickMode } from '../broker';

const RANK: Readonly<Record<TickMode, number>> = { ltp: 0, quote: 1, full: 2 };

/**
 * A tick as Kite would send it to a subscriber of `mode`: `ltp` carries the price alone,
 * `quote` adds the day's trading fields, `full` the depth. A tick never gains fields it did
 * not have, so the result's mode is the lesser of the two.
 */
export function shapeTick(tick: Tick, mode: TickMode): Tick {
  const shaped: TickMode = RANK[tick.mode] <= RANK[mode] ? tick.mode : mode;
  if (shaped === 'full') return tick;
  if (shaped === 'quote') return { ...tick, mode: shaped, bestBid: null, bestAsk: null };
  return {
    token: tick.token,
    mode: shaped,
    lastPrice: tick.lastPrice,
    at: tick.at,
    lastQuantity: null,
    averagePrice: null,
    volume: null,
    buyQuantity: null,
    sellQuantity: null,
    open: null,
    high: null,
    low: null,
    close: null,
    bestBid: null,
    bestAsk: null,
  };
}
