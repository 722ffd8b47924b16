import type { OrderSide, Paise } from '@kavach/domain';
import type { DepthLevel } from '../market/market-view';

export interface DepthFill {
  readonly price: Paise;
  readonly quantity: number;
}

export interface DepthMatchInput {
  /** The order's side: a BUY walks the sell levels, a SELL the buy levels. */
  readonly side: OrderSide;
  readonly quantity: number;
  /** Never pay more (BUY) or receive less (SELL) than this. */
  readonly limit: Paise;
  /** The opposite side of the book, in any order. */
  readonly levels: readonly DepthLevel[];
  /** What our earlier fills already took at a level of this snapshot. */
  readonly taken: (price: Paise) => number;
  /**
   * 'level': the order takes liquidity and pays each level's price (an incoming order).
   * 'limit': the order was resting, so the counterparty came to it at its own price.
   */
  readonly priceAt: 'level' | 'limit';
  readonly lowerCircuit: Paise;
  readonly upperCircuit: Paise;
}

/** A fill from one level, with the level price the liquidity was taken from. */
export interface LevelFill extends DepthFill {
  readonly levelPrice: Paise;
}

function isUsable(level: DepthLevel, input: DepthMatchInput): boolean {
  if (level.quantity <= 0 || level.price <= 0) return false;
  if (level.price < input.lowerCircuit || level.price > input.upperCircuit) return false;
  return input.side === 'BUY' ? level.price <= input.limit : level.price >= input.limit;
}

/**
 * Walks the opposite depth from the best price outwards and fills as much as the displayed
 * (and not yet taken) quantity allows at or better than the limit. Pure: the caller records
 * what was taken. Levels outside the circuit band are never traded against.
 */
export function matchAgainstDepth(input: DepthMatchInput): readonly LevelFill[] {
  const limitOutsideBand = input.limit < input.lowerCircuit || input.limit > input.upperCircuit;
  if (input.priceAt === 'limit' && limitOutsideBand) return [];
  const usable = input.levels.filter((level) => isUsable(level, input));
  usable.sort((a, b) => (input.side === 'BUY' ? a.price - b.price : b.price - a.price));
  const fills: LevelFill[] = [];
  let remaining = input.quantity;
  for (const level of usable) {
    if (remaining <= 0) break;
    const available = level.quantity - input.taken(level.price);
    if (available <= 0) continue;
    const quantity = Math.min(available, remaining);
    const price = input.priceAt === 'level' ? level.price : input.limit;
    fills.push({ price, quantity, levelPrice: level.price });
    remaining -= quantity;
  }
  return fills;
}
