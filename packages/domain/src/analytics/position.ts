import { addPaise, mulPaise, paise, subPaise, ZERO_PAISE } from '../money/paise';
import type { Paise } from '../money/paise';
import type { OrderSide } from '../order/order-status';
import { divideRoundHalfUp } from './divide-round-half-up';

export interface PositionFill {
  readonly side: OrderSide;
  readonly price: Paise;
  readonly quantity: number;
}

/**
 * A net position built from fills by average cost. Besides the net, it keeps the exact cost
 * of the open units (not a rounded average times quantity), so no paisa is created or lost:
 * once flat, realisedPnl is exactly sellValue − buyValue.
 */
export interface NetPosition {
  /** Positive long, negative short, zero flat. */
  readonly netQuantity: number;
  /** What the open units cost (long) or brought in (short); zero when flat. */
  readonly openCost: Paise;
  /** openCost / |netQuantity| rounded half up to the paisa; zero when flat. For display. */
  readonly averagePrice: Paise;
  readonly realisedPnl: Paise;
  readonly buyQuantity: number;
  readonly buyValue: Paise;
  readonly sellQuantity: number;
  readonly sellValue: Paise;
}

export const FLAT_POSITION: NetPosition = {
  netQuantity: 0,
  openCost: ZERO_PAISE,
  averagePrice: ZERO_PAISE,
  realisedPnl: ZERO_PAISE,
  buyQuantity: 0,
  buyValue: ZERO_PAISE,
  sellQuantity: 0,
  sellValue: ZERO_PAISE,
};

function averageOf(openCost: Paise, netQuantity: number): Paise {
  if (netQuantity === 0) return ZERO_PAISE;
  return paise(Number(divideRoundHalfUp(BigInt(openCost), BigInt(Math.abs(netQuantity)))));
}

/**
 * The share of the open cost that `closing` of `open` units carried, rounded half up. The
 * rounding residue stays with the units still open, and closing the last of them releases
 * all of it (closing = open divides exactly), so no paisa outlives a flat position.
 */
function releasedCost(openCost: Paise, open: number, closing: number): Paise {
  return paise(Number(divideRoundHalfUp(BigInt(openCost) * BigInt(closing), BigInt(open))));
}

/**
 * Applies one fill. A fill against the position first closes (realising against the average
 * cost), and whatever is left of it opens a new position on the other side at the fill price:
 * a flip through zero is a close plus an open, never an average across the two sides.
 */
export function applyPositionFill(position: NetPosition, fill: PositionFill): NetPosition {
  if (!Number.isSafeInteger(fill.quantity) || fill.quantity <= 0) {
    throw new RangeError(`fill quantity must be a positive integer, got ${fill.quantity}`);
  }
  if (!Number.isSafeInteger(fill.price) || fill.price <= 0) {
    throw new RangeError(`fill price must be positive integer paise, got ${fill.price}`);
  }
  const value = mulPaise(fill.price, fill.quantity);
  const direction = fill.side === 'BUY' ? 1 : -1;
  const totals =
    fill.side === 'BUY'
      ? {
          buyQuantity: position.buyQuantity + fill.quantity,
          buyValue: addPaise(position.buyValue, value),
        }
      : {
          sellQuantity: position.sellQuantity + fill.quantity,
          sellValue: addPaise(position.sellValue, value),
        };

  let { netQuantity, openCost, realisedPnl } = position;
  let remaining = fill.quantity;
  if (netQuantity * direction < 0) {
    const open = Math.abs(netQuantity);
    const closing = Math.min(open, remaining);
    const released = releasedCost(openCost, open, closing);
    const closingValue = mulPaise(fill.price, closing);
    // A long sells above its cost for a profit; a short buys back below what it received.
    const pnl = direction < 0 ? subPaise(closingValue, released) : subPaise(released, closingValue);
    realisedPnl = addPaise(realisedPnl, pnl);
    openCost = subPaise(openCost, released);
    netQuantity += direction * closing;
    remaining -= closing;
  }
  if (remaining > 0) {
    openCost = addPaise(openCost, mulPaise(fill.price, remaining));
    netQuantity += direction * remaining;
  }
  return {
    ...position,
    ...totals,
    netQuantity,
    openCost,
    averagePrice: averageOf(openCost, netQuantity),
    realisedPnl,
  };
}

/** Folds fills in the order they happened, from `start` (flat by default). */
export function foldPositionFills(
  fills: Iterable<PositionFill>,
  start: NetPosition = FLAT_POSITION,
): NetPosition {
  let position = start;
  for (const fill of fills) position = applyPositionFill(position, fill);
  return position;
}

/** Open P&L at a mark: what closing every open unit at `markPrice` would realise. */
export function markPositionToMarket(position: NetPosition, markPrice: Paise): Paise {
  const markValue = mulPaise(markPrice, Math.abs(position.netQuantity));
  return position.netQuantity >= 0
    ? subPaise(markValue, position.openCost)
    : subPaise(position.openCost, markValue);
}
