/** Feature scores: each maps a measurement to 0..1, 1 being the most favourable. */

export function clamp01(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

/** 0 at or below `low`, 1 at or above `high`, linear between. */
export function scoreRising(value: number, low: number, high: number): number {
  if (!(high > low)) throw new RangeError(`scoreRising needs low < high, got ${low}, ${high}`);
  return clamp01((value - low) / (high - low));
}

/** 1 at or below `low`, 0 at or above `high`, linear between. */
export function scoreFalling(value: number, low: number, high: number): number {
  return 1 - scoreRising(value, low, high);
}

/** 0 outside (low, high), 1 at `peak`, linear on each side: "enough, but not too much". */
export function scoreTent(value: number, low: number, peak: number, high: number): number {
  if (!(low < peak && peak < high)) {
    throw new RangeError(`scoreTent needs low < peak < high, got ${low}, ${peak}, ${high}`);
  }
  return value <= peak ? scoreRising(value, low, peak) : scoreFalling(value, peak, high);
}

/** Σ weight × score / Σ weight over the weighted keys; every score must be present. */
export function combineScores(
  scores: Readonly<Record<string, number>>,
  weights: Readonly<Record<string, number>>,
): number {
  let total = 0;
  let weightSum = 0;
  for (const [key, weight] of Object.entries(weights)) {
    const score = scores[key];
    if (score === undefined) throw new RangeError(`no score for weighted feature ${key}`);
    total += weight * score;
    weightSum += weight;
  }
  if (!(weightSum > 0)) throw new RangeError('weights must sum to more than zero');
  return clamp01(total / weightSum);
}

/** Features are stored and compared later: a fixed precision keeps them readable and stable. */
export function roundFeature(value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`feature must be finite, got ${value}`);
  return Math.round(value * 10_000) / 10_000;
}
