import { paise } from '../money/paise';
import type { Paise } from '../money/paise';

/**
 * Which way to move a price onto the tick grid. `down` and `up` round toward −∞ and +∞;
 * `nearest` breaks ties upward. The caller picks: a BUY limit rounded down never pays more
 * than intended, a SELL limit rounded up never sells for less, and a protective stop rounded
 * toward the entry keeps the risk within what was sized.
 */
export type TickRounding = 'nearest' | 'down' | 'up';

function checkTick(tick: Paise): void {
  if (!Number.isSafeInteger(tick) || tick <= 0) {
    throw new RangeError(`tick size must be a positive whole number of paise, got ${tick}`);
  }
}

function checkPrice(price: Paise): void {
  if (!Number.isSafeInteger(price)) throw new RangeError(`price must be whole paise, got ${price}`);
}

export function isOnTick(price: Paise, tick: Paise): boolean {
  checkTick(tick);
  checkPrice(price);
  return price % tick === 0;
}

export function roundToTick(price: Paise, tick: Paise, mode: TickRounding): Paise {
  checkTick(tick);
  checkPrice(price);
  const remainder = ((price % tick) + tick) % tick;
  if (remainder === 0) return paise(price);
  const down = price - remainder;
  switch (mode) {
    case 'down':
      return paise(down);
    case 'up':
      return paise(down + tick);
    case 'nearest':
      return paise(remainder * 2 >= tick ? down + tick : down);
  }
}
