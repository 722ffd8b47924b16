import { type Paise, paise } from '@kavach/domain';

const INT4_MAX = 2_147_483_647;

/**
 * Paise cross into the database here and nowhere else: amounts as BigInt (bigint columns),
 * per-unit prices as Int (int4 columns, checked to fit).
 */
export function toDbAmount(value: Paise): bigint {
  return BigInt(value);
}

export function fromDbAmount(value: bigint): Paise {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`amount ${value} paise does not fit a safe integer`);
  }
  return paise(Number(value));
}

export function toDbPrice(value: Paise): number {
  if (Math.abs(value) > INT4_MAX) {
    throw new RangeError(`price ${value} paise does not fit an int4 column`);
  }
  return value;
}

export function fromDbPrice(value: number): Paise {
  return paise(value);
}

export function toDbPriceOrNull(value: Paise | null | undefined): number | null {
  return value === null || value === undefined ? null : toDbPrice(value);
}

export function fromDbPriceOrNull(value: number | null): Paise | null {
  return value === null ? null : fromDbPrice(value);
}
