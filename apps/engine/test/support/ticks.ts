import type { Tick } from '@kavach/broker';
import type { Paise } from '@kavach/domain';

/** A full-mode tick with what the engine reads (price, time, day volume); the rest as given. */
export function fullTick(
  token: number,
  lastPrice: Paise,
  at: number,
  volume: number,
  extra: Partial<Tick> = {},
): Tick {
  return {
    token,
    mode: 'full',
    lastPrice,
    at,
    lastQuantity: 1,
    averagePrice: null,
    volume,
    buyQuantity: null,
    sellQuantity: null,
    open: null,
    high: null,
    low: null,
    close: null,
    bestBid: null,
    bestAsk: null,
    ...extra,
  };
}
