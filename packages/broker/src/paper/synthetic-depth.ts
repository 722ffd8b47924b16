import { paise } from '@kavach/domain';
import type { Paise } from '@kavach/domain';
import type { DepthLevel } from '@kavach/sim';

/** Kite shows five levels a side; so does the simulator's matching engine. */
const LEVELS = 5;

export interface DepthInput {
  readonly lastPrice: Paise;
  readonly tickSize: Paise;
  /** The venue's best prices when the tick carried them (0 or null: none). */
  readonly bestBid: Paise | null;
  readonly bestAsk: Paise | null;
  /** Quantity shown at every level. */
  readonly levelQuantity: number;
}

export interface SyntheticDepth {
  readonly buy: readonly DepthLevel[];
  readonly sell: readonly DepthLevel[];
}

function ladder(best: number, step: number, quantity: number): DepthLevel[] {
  return Array.from({ length: LEVELS }, (_, i) => ({
    price: paise(best + i * step),
    quantity,
    orders: 1,
  }));
}

function isPrice(value: Paise | null): value is Paise {
  return value !== null && value > 0;
}

/**
 * Five levels a side, `levelQuantity` each, stepping one tick away from the best prices. The
 * best prices are the tick's own when it sent a sane pair; otherwise one tick either side of
 * the last price. With that spread a marketable order pays one tick, and a resting limit fills
 * once the market trades through it by a tick, as it would behind a queue at its price.
 */
export function buildSyntheticDepth(input: DepthInput): SyntheticDepth {
  const { lastPrice, tickSize, levelQuantity } = input;
  let bid = isPrice(input.bestBid) ? input.bestBid : lastPrice - tickSize;
  let ask = isPrice(input.bestAsk) ? input.bestAsk : lastPrice + tickSize;
  if (bid >= ask) {
    bid = lastPrice - tickSize;
    ask = lastPrice + tickSize;
  }
  // Levels at or below zero are never traded against; the matching engine skips them.
  return {
    buy: ladder(bid, -(tickSize as number), levelQuantity),
    sell: ladder(ask, tickSize, levelQuantity),
  };
}
