import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * Standard normal distribution function, Hart's double-precision algorithm as given by
 * G. West, "Better approximations to cumulative normal functions" (2005): absolute error
 * below 1e-14, far inside what a 5-paise tick can show. N(-x) is computed as the exact
 * complement, so call and put prices obey put–call parity to float precision.
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x);
  let tail: number;
  if (z > 37) {
    tail = 0;
  } else {
    const e = Math.exp((-z * z) / 2);
    if (z < 7.07106781186547) {
      let n = 3.52624965998911e-2 * z + 0.700383064443688;
      n = n * z + 6.37396220353165;
      n = n * z + 33.912866078383;
      n = n * z + 112.079291497871;
      n = n * z + 221.213596169931;
      n = n * z + 220.206867912376;
      let d = 8.83883476483184e-2 * z + 1.75566716318264;
      d = d * z + 16.064177579207;
      d = d * z + 86.7807322029461;
      d = d * z + 296.564248779674;
      d = d * z + 637.333633378831;
      d = d * z + 793.826512519948;
      d = d * z + 440.413735824752;
      tail = (e * n) / d;
    } else {
      let d = z + 0.65;
      d = z + 4 / d;
      d = z + 3 / d;
      d = z + 2 / d;
      d = z + 1 / d;
      tail = e / d / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

/** Standard normal draws from a seeded generator (Box–Muller, both values of each pair used). */
export interface NormalSource {
  readonly next: () => number;
  /** Uniform in [0, 1) with 53 random bits. */
  readonly uniform: () => number;
  /** Uniform in [0, 1) with 32 random bits: one generator call, for coin flips and sizes. */
  readonly coarseUniform: () => number;
  /** Where the source stands: the generator's state and the unused value of the last pair. */
  readonly state: () => NormalSourceState;
}

/** Enough to continue a source's draws exactly (see createNormalSource's `spare`). */
export interface NormalSourceState {
  readonly generator: readonly number[];
  readonly spare: number | null;
}

const TWO_TO_MINUS_32 = 2 ** -32;

/** `spare` continues a saved source: pass the generator rebuilt from its state and its spare. */
export function createNormalSource(
  rng: RandomGenerator,
  initialSpare: number | null = null,
): NormalSource {
  let spare = initialSpare;
  return {
    state: () => ({ generator: [...rng.getState()], spare }),
    uniform: () => uniformFloat64(rng),
    coarseUniform: () => (rng.next() >>> 0) * TWO_TO_MINUS_32,
    next: () => {
      if (spare !== null) {
        const value = spare;
        spare = null;
        return value;
      }
      // 1 - u lies in (0, 1], so the logarithm is finite.
      const radius = Math.sqrt(-2 * Math.log(1 - uniformFloat64(rng)));
      const angle = 2 * Math.PI * uniformFloat64(rng);
      spare = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
  };
}
