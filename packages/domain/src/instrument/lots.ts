import type { Instrument } from './instrument';

/** What an order quantity is checked against. */
export type LotSpec = Pick<Instrument, 'lotSize' | 'freezeQuantity'>;

export type QuantityRejection =
  | { readonly ok: false; readonly reason: 'NOT_POSITIVE_INTEGER'; readonly quantity: number }
  | {
      readonly ok: false;
      readonly reason: 'NOT_LOT_MULTIPLE';
      readonly quantity: number;
      readonly lotSize: number;
    }
  | {
      readonly ok: false;
      readonly reason: 'ABOVE_FREEZE_QUANTITY';
      readonly quantity: number;
      readonly freezeQuantity: number;
    };

export type QuantityCheck = { readonly ok: true; readonly lots: number } | QuantityRejection;

function checkLotSize(lotSize: number): void {
  if (!Number.isSafeInteger(lotSize) || lotSize <= 0) {
    throw new RangeError(`lot size must be a positive integer, got ${lotSize}`);
  }
}

function checkCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
  }
}

function checkSpec(spec: LotSpec): void {
  checkLotSize(spec.lotSize);
  const freeze = spec.freezeQuantity;
  if (freeze !== null && (!Number.isSafeInteger(freeze) || freeze < spec.lotSize)) {
    throw new RangeError(`freeze quantity must be an integer of at least one lot, got ${freeze}`);
  }
}

/** Whether a quantity is a whole number of lots (0 included); false for non-integers. */
export function isLotMultiple(quantity: number, lotSize: number): boolean {
  checkLotSize(lotSize);
  return Number.isSafeInteger(quantity) && quantity % lotSize === 0;
}

export function lotsToQuantity(lots: number, lotSize: number): number {
  checkLotSize(lotSize);
  checkCount(lots, 'lots');
  const quantity = lots * lotSize;
  if (!Number.isSafeInteger(quantity))
    throw new RangeError(`${lots} lots of ${lotSize} is too large`);
  return quantity;
}

/** Whole lots in a quantity, rounding down: a remainder smaller than a lot cannot be traded. */
export function quantityToLots(quantity: number, lotSize: number): number {
  checkLotSize(lotSize);
  checkCount(quantity, 'quantity');
  return Math.floor(quantity / lotSize);
}

/** The exchange refuses an order above the freeze quantity; at it is still allowed. */
export function exceedsFreezeQuantity(quantity: number, freezeQuantity: number | null): boolean {
  return freezeQuantity !== null && quantity > freezeQuantity;
}

/** The largest lot multiple one order may carry, or null when there is no freeze limit. */
export function maxQuantityPerOrder(spec: LotSpec): number | null {
  checkSpec(spec);
  if (spec.freezeQuantity === null) return null;
  return Math.floor(spec.freezeQuantity / spec.lotSize) * spec.lotSize;
}

/** Whether the exchange would take this quantity in one order; the reason when it would not. */
export function checkOrderQuantity(quantity: number, spec: LotSpec): QuantityCheck {
  checkSpec(spec);
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    return { ok: false, reason: 'NOT_POSITIVE_INTEGER', quantity };
  }
  if (quantity % spec.lotSize !== 0) {
    return { ok: false, reason: 'NOT_LOT_MULTIPLE', quantity, lotSize: spec.lotSize };
  }
  if (spec.freezeQuantity !== null && quantity > spec.freezeQuantity) {
    return {
      ok: false,
      reason: 'ABOVE_FREEZE_QUANTITY',
      quantity,
      freezeQuantity: spec.freezeQuantity,
    };
  }
  return { ok: true, lots: quantity / spec.lotSize };
}

/**
 * Splits a quantity into orders the exchange accepts, largest first, as Kite's autoslice
 * does: each slice a lot multiple no larger than the freeze quantity. Used to exit a
 * position bigger than one order may carry.
 */
export function splitByFreezeQuantity(quantity: number, spec: LotSpec): readonly number[] {
  const max = maxQuantityPerOrder(spec);
  if (!Number.isSafeInteger(quantity) || quantity <= 0 || quantity % spec.lotSize !== 0) {
    throw new RangeError(
      `quantity must be a positive multiple of ${spec.lotSize}, got ${quantity}`,
    );
  }
  if (max === null) return [quantity];
  const slices: number[] = [];
  let remaining = quantity;
  while (remaining > 0) {
    const slice = Math.min(max, remaining);
    slices.push(slice);
    remaining -= slice;
  }
  return slices;
}
