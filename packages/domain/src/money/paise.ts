/**
 * Money is an integer number of paise (1 rupee = 100 paise). The brand keeps rupee floats
 * from being passed where paise are expected; every constructor checks integrality.
 */
export type Paise = number & { readonly __unit: 'paise' };

/** Largest amount we accept: far above any account, well inside exact float integers. */
export const MAX_PAISE = 10 ** 15;

export function paise(value: number): Paise {
  if (!Number.isSafeInteger(value) || Math.abs(value) > MAX_PAISE) {
    throw new RangeError(`paise must be a safe integer within ±${MAX_PAISE}, got ${value}`);
  }
  return value as Paise;
}

export const ZERO_PAISE = paise(0);

/** Rupees (as Kite sends them, e.g. 1234.55) to paise, rounding half away from zero. */
export function rupeesToPaise(rupees: number): Paise {
  if (!Number.isFinite(rupees)) throw new RangeError(`rupees must be finite, got ${rupees}`);
  // 1.005 * 100 is 100.49999…; 15 significant digits recover the decimal the sender wrote.
  const scaled = Number((Math.abs(rupees) * 100).toPrecision(15));
  const rounded = Math.round(scaled);
  return paise(rupees < 0 ? -rounded : rounded);
}

/** Paise to rupees for display or for the Kite wire format only. */
export function paiseToRupees(value: Paise): number {
  return value / 100;
}

export function addPaise(...values: readonly Paise[]): Paise {
  let total = 0;
  for (const v of values) total += v;
  return paise(total);
}

export function subPaise(a: Paise, b: Paise): Paise {
  return paise(a - b);
}

export function negatePaise(a: Paise): Paise {
  return paise(-(a as number));
}

/** Price × quantity: exact, since both are integers. */
export function mulPaise(price: Paise, quantity: number): Paise {
  if (!Number.isSafeInteger(quantity)) throw new RangeError(`quantity must be an integer, got ${quantity}`);
  return paise(price * quantity);
}

export function absPaise(a: Paise): Paise {
  return paise(Math.abs(a));
}

export function minPaise(a: Paise, b: Paise): Paise {
  return a <= b ? a : b;
}

export function maxPaise(a: Paise, b: Paise): Paise {
  return a >= b ? a : b;
}

/** floor(a / b) for a ≥ 0, b > 0: how many whole b fit in a. */
export function floorDivPaise(a: Paise, b: Paise): number {
  if (b <= 0) throw new RangeError(`divisor must be positive, got ${b}`);
  return Math.floor(a / b);
}

/** a × bps / 10 000, rounded half away from zero: basis-point fractions of money. */
export function percentOfPaise(a: Paise, basisPoints: number): Paise {
  const raw = (a * basisPoints) / 10_000;
  return paise(Math.sign(raw) * Math.round(Math.abs(raw)));
}
