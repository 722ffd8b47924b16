import type { IndexSpec, UniverseSpec } from './universe-spec';

/**
 * The universe with every option chain listing `strikes` strikes each side of the money: a
 * wider market for load tests (hundreds of instruments on the ticker) without touching the
 * default, whose seeded prices other tests rely on.
 */
export function withStrikesEachSide(universe: UniverseSpec, strikes: number): UniverseSpec {
  if (!Number.isSafeInteger(strikes) || strikes < 1) {
    throw new RangeError(`strikes each side must be a whole number ≥ 1, got ${strikes}`);
  }
  const widen = (index: IndexSpec): IndexSpec =>
    index.derivatives === null
      ? index
      : { ...index, derivatives: { ...index.derivatives, strikesEachSide: strikes } };
  return { ...universe, indices: universe.indices.map(widen) };
}
