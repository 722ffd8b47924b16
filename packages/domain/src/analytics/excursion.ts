import { mulPaise, paise, ZERO_PAISE } from '../money/paise';
import type { Paise } from '../money/paise';
import type { OrderSide } from '../order/order-status';

/**
 * Maximum favourable and adverse excursion of a trade so far, per unit, both as non-negative
 * magnitudes: how far price went for the trade and against it after entry.
 */
export interface Excursion {
  readonly entrySide: OrderSide;
  readonly entryPrice: Paise;
  /** MFE: best move in the trade's favour, ≥ 0. */
  readonly mfePerUnit: Paise;
  /** MAE: worst move against the trade, ≥ 0. */
  readonly maePerUnit: Paise;
}

function requirePrice(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be positive integer paise, got ${value}`);
  }
}

/** At entry nothing has moved yet: both excursions are zero. */
export function startExcursion(entrySide: OrderSide, entryPrice: Paise): Excursion {
  requirePrice('entry price', entryPrice);
  return { entrySide, entryPrice, mfePerUnit: ZERO_PAISE, maePerUnit: ZERO_PAISE };
}

export function updateExcursion(excursion: Excursion, markPrice: Paise): Excursion {
  requirePrice('mark price', markPrice);
  const gain =
    excursion.entrySide === 'BUY'
      ? markPrice - excursion.entryPrice
      : excursion.entryPrice - markPrice;
  if (gain > excursion.mfePerUnit) return { ...excursion, mfePerUnit: paise(gain) };
  if (-gain > excursion.maePerUnit) return { ...excursion, maePerUnit: paise(-gain) };
  return excursion;
}

/** Folds marks (ticks, or bar highs and lows) in any order: the result depends on none. */
export function trackExcursion(
  entrySide: OrderSide,
  entryPrice: Paise,
  marks: Iterable<Paise>,
): Excursion {
  let excursion = startExcursion(entrySide, entryPrice);
  for (const mark of marks) excursion = updateExcursion(excursion, mark);
  return excursion;
}

/**
 * MFE and MAE in money for a quantity, normally the entry quantity: after partial exits the
 * per-unit figures still describe the trade, the totals describe the full-size position.
 */
export function computeExcursionTotals(
  excursion: Excursion,
  quantity: number,
): { readonly mfe: Paise; readonly mae: Paise } {
  if (!Number.isSafeInteger(quantity) || quantity < 0) {
    throw new RangeError(`quantity must be a non-negative integer, got ${quantity}`);
  }
  return {
    mfe: mulPaise(excursion.mfePerUnit, quantity),
    mae: mulPaise(excursion.maePerUnit, quantity),
  };
}
