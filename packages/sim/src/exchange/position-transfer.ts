import { addPaise, paise, subPaise, ZERO_PAISE } from '@kavach/domain';
import type { NetPosition, OrderSide, Paise } from '@kavach/domain';

/**
 * Open units moving from one product's position to another's (a position conversion): BUY
 * units are long, SELL units short, `cost` is what they cost (long) or brought in (short).
 */
export interface OpenLot {
  readonly side: OrderSide;
  readonly quantity: number;
  readonly cost: Paise;
}

/**
 * round(total × part / whole), halves up, in BigInt: the same exact share the domain's
 * position arithmetic releases when it closes units, so no paisa appears or vanishes.
 */
function shareOf(total: Paise, part: number, whole: number): Paise {
  const numerator = BigInt(total) * BigInt(part);
  const denominator = BigInt(whole);
  const quotient = numerator / denominator;
  const rounded = (numerator % denominator) * 2n >= denominator ? quotient + 1n : quotient;
  return paise(Number(rounded));
}

function averageOf(openCost: Paise, netQuantity: number): Paise {
  return netQuantity === 0 ? ZERO_PAISE : shareOf(openCost, 1, Math.abs(netQuantity));
}

/**
 * Takes `quantity` open units (at most the open quantity) out of a position with their share
 * of the open cost. They leave as if this product had never bought (long) or sold (short)
 * them: that side's totals shrink by the lot, so what stays behind still satisfies
 * value = sell value − buy value and keeps its realised P&L.
 */
export function takeOpenLot(
  position: NetPosition,
  quantity: number,
): { readonly position: NetPosition; readonly lot: OpenLot } {
  const open = Math.abs(position.netQuantity);
  if (!Number.isSafeInteger(quantity) || quantity <= 0 || quantity > open) {
    throw new RangeError(`cannot take ${quantity} of ${open} open units`);
  }
  const side: OrderSide = position.netQuantity > 0 ? 'BUY' : 'SELL';
  const cost = shareOf(position.openCost, quantity, open);
  const netQuantity = position.netQuantity - (side === 'BUY' ? quantity : -quantity);
  const openCost = subPaise(position.openCost, cost);
  const totals =
    side === 'BUY'
      ? {
          buyQuantity: position.buyQuantity - quantity,
          buyValue: subPaise(position.buyValue, cost),
        }
      : {
          sellQuantity: position.sellQuantity - quantity,
          sellValue: subPaise(position.sellValue, cost),
        };
  return {
    position: {
      ...position,
      ...totals,
      netQuantity,
      openCost,
      averagePrice: averageOf(openCost, netQuantity),
    },
    lot: { side, quantity, cost },
  };
}

/**
 * Adds a lot to a position as a fill at the lot's average cost would, without rounding that
 * average: against an opposite position it closes first (realising against both costs), and
 * the rest opens on the lot's side with its share of the lot's cost.
 */
export function receiveOpenLot(position: NetPosition, lot: OpenLot): NetPosition {
  const direction = lot.side === 'BUY' ? 1 : -1;
  const totals =
    lot.side === 'BUY'
      ? {
          buyQuantity: position.buyQuantity + lot.quantity,
          buyValue: addPaise(position.buyValue, lot.cost),
        }
      : {
          sellQuantity: position.sellQuantity + lot.quantity,
          sellValue: addPaise(position.sellValue, lot.cost),
        };
  let { netQuantity, openCost, realisedPnl } = position;
  let remaining = lot.quantity;
  let remainingCost = lot.cost;
  if (netQuantity * direction < 0) {
    const open = Math.abs(netQuantity);
    const closing = Math.min(open, remaining);
    const released = shareOf(openCost, closing, open);
    const closingCost = shareOf(lot.cost, closing, lot.quantity);
    // Long units arriving buy back a short (profit if cheaper); short units sell a long.
    const pnl = direction > 0 ? subPaise(released, closingCost) : subPaise(closingCost, released);
    realisedPnl = addPaise(realisedPnl, pnl);
    openCost = subPaise(openCost, released);
    netQuantity += direction * closing;
    remaining -= closing;
    remainingCost = subPaise(remainingCost, closingCost);
  }
  if (remaining > 0) {
    openCost = addPaise(openCost, remainingCost);
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
