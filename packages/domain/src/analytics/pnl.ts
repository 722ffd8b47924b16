import { paise } from '../money/paise';
import type { Paise } from '../money/paise';
import type { OrderSide } from '../order/order-status';
import { divideRoundHalfUp } from './divide-round-half-up';

function requireCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
  }
}

/**
 * (exit − entry) × quantity × multiplier for a BUY entry (long), the negation for a SELL
 * entry (short). NSE/NFO quantities are already in units, so the multiplier is 1 there; it
 * exists for contracts quoted per unit but traded in multiples.
 */
export function computeRealisedPnl(
  entrySide: OrderSide,
  entryPrice: Paise,
  exitPrice: Paise,
  quantity: number,
  multiplier = 1,
): Paise {
  requireCount('quantity', quantity, 0);
  requireCount('multiplier', multiplier, 1);
  const move = entrySide === 'BUY' ? exitPrice - entryPrice : entryPrice - exitPrice;
  return paise(move * quantity * multiplier);
}

/** What closing at `markPrice` would realise: open P&L of a position at a mark. */
export function computeUnrealisedPnl(
  entrySide: OrderSide,
  entryPrice: Paise,
  markPrice: Paise,
  quantity: number,
  multiplier = 1,
): Paise {
  return computeRealisedPnl(entrySide, entryPrice, markPrice, quantity, multiplier);
}

/**
 * The volume-weighted average after adding `fillQuantity` at `fillPrice` to `quantity` held
 * at `averagePrice`, rounded to the nearest paisa with halves up (prices are positive, so
 * this is also half away from zero, like Kite's two-decimal averages).
 *
 * Chaining this accumulates up to half a paisa of error per add; foldPositionFills keeps the
 * exact cost instead and derives its average from it.
 */
export function addToAveragePrice(
  averagePrice: Paise,
  quantity: number,
  fillPrice: Paise,
  fillQuantity: number,
): Paise {
  requireCount('quantity', quantity, 0);
  requireCount('fill quantity', fillQuantity, 1);
  if (averagePrice < 0 || fillPrice < 0) {
    throw new RangeError(`prices must be non-negative, got ${averagePrice} and ${fillPrice}`);
  }
  const cost = BigInt(averagePrice) * BigInt(quantity) + BigInt(fillPrice) * BigInt(fillQuantity);
  return paise(Number(divideRoundHalfUp(cost, BigInt(quantity + fillQuantity))));
}
