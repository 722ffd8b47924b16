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
  // -0 would survive every comparison yet print as "-₹0.00"; there is one zero amount.
  return (value === 0 ? 0 : value) as Paise;
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

/**
 * Sum of amounts. Every partial sum must stay an exact float integer: beyond 2^53 an addition
 * silently rounds, and a later subtraction could bring a wrong total back into range.
 */
export function addPaise(...values: readonly Paise[]): Paise {
  let total = 0;
  for (const v of values) {
    total += v;
    if (!Number.isSafeInteger(total)) {
      throw new RangeError(`paise sum left the exact integer range at ${total}`);
    }
  }
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
  if (!Number.isSafeInteger(quantity)) {
    throw new RangeError(`quantity must be an integer, got ${quantity}`);
  }
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

/** floor(a / b) for b > 0: how many whole b fit in a (rounds toward −∞ when a < 0). */
export function floorDivPaise(a: Paise, b: Paise): number {
  if (b <= 0) throw new RangeError(`divisor must be positive, got ${b}`);
  return Math.floor(a / b);
}

/**
 * a × bps / 10 000, rounded half away from zero: basis-point fractions of money. Computed in
 * BigInt because a × bps passes 2^53 for large amounts (₹1 000 crore × 10 000 bps does), and a
 * float product would then round before the division.
 */
export function percentOfPaise(a: Paise, basisPoints: number): Paise {
  if (!Number.isSafeInteger(basisPoints)) {
    throw new RangeError(`basis points must be an integer, got ${basisPoints}`);
  }
  const product = BigInt(a) * BigInt(basisPoints);
  const negative = product < 0n;
  const magnitude = negative ? -product : product;
  const quotient = magnitude / 10_000n;
  const remainder = magnitude % 10_000n;
  const rounded = remainder * 2n >= 10_000n ? quotient + 1n : quotient;
  if (rounded > BigInt(MAX_PAISE)) {
    throw new RangeError(`${a} paise × ${basisPoints} bps is beyond ±${MAX_PAISE} paise`);
  }
  return paise(Number(negative ? -rounded : rounded));
}
