/**
 * round(numerator / denominator) with halves going up, for numerator ≥ 0 and denominator > 0,
 * in exact BigInt arithmetic: float division can land a true x.4999… on x.5 and round it the
 * wrong way once the operands pass about 2^40.
 */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) {
    throw new RangeError(
      `expected numerator ≥ 0 and denominator > 0, got ${numerator}/${denominator}`,
    );
  }
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  return remainder * 2n >= denominator ? quotient + 1n : quotient;
}
