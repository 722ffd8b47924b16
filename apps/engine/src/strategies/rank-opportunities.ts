import type { Opportunity } from './strategy';

export interface RankOptions {
  /** Most opportunities taken in one scan cycle. */
  readonly maxPerCycle: number;
  /** Opportunities scoring below this are not taken. */
  readonly minScore: number;
}

export interface RankedOpportunity extends Opportunity {
  /** 1 for the best of the cycle. */
  readonly rank: number;
}

export interface RankingResult {
  /** What to act on this cycle, best first: ranks 1..maxPerCycle. */
  readonly selected: readonly RankedOpportunity[];
  /** Ranked, but beyond this cycle's limit. */
  readonly overLimit: readonly RankedOpportunity[];
  /** Scored below minScore. */
  readonly belowMinScore: readonly Opportunity[];
  /** A better-ranked opportunity on the same instrument was kept instead. */
  readonly superseded: readonly Opportunity[];
}

function compareOpportunities(a: Opportunity, b: Opportunity): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.strategy !== b.strategy) return a.strategy < b.strategy ? -1 : 1;
  if (a.token !== b.token) return a.token - b.token;
  return a.side < b.side ? -1 : a.side > b.side ? 1 : 0;
}

/**
 * Orders one cycle's opportunities by score (ties broken by strategy id, then token, then
 * side, so the same input always ranks the same way), drops those below the minimum score,
 * keeps one per instrument (two strategies agreeing must not double the position; two
 * disagreeing must not open both sides) and takes the best `maxPerCycle`.
 */
export function rankOpportunities(
  opportunities: readonly Opportunity[],
  options: RankOptions,
): RankingResult {
  const { maxPerCycle, minScore } = options;
  if (!Number.isSafeInteger(maxPerCycle) || maxPerCycle < 0) {
    throw new RangeError(`maxPerCycle must be a non-negative integer, got ${maxPerCycle}`);
  }
  if (!(minScore >= 0 && minScore <= 1))
    throw new RangeError(`minScore must be in 0..1, got ${minScore}`);
  for (const o of opportunities) {
    if (!(o.score >= 0 && o.score <= 1)) {
      throw new RangeError(`${o.strategy} scored ${o.score} for ${o.token}: scores are 0..1`);
    }
  }
  const belowMinScore = opportunities.filter((o) => o.score < minScore);
  const candidates = opportunities.filter((o) => o.score >= minScore).sort(compareOpportunities);
  const seen = new Set<number>();
  const ranked: RankedOpportunity[] = [];
  const superseded: Opportunity[] = [];
  for (const o of candidates) {
    if (seen.has(o.token)) {
      superseded.push(o);
      continue;
    }
    seen.add(o.token);
    ranked.push({ ...o, rank: ranked.length + 1 });
  }
  return {
    selected: ranked.slice(0, maxPerCycle),
    overLimit: ranked.slice(maxPerCycle),
    belowMinScore,
    superseded,
  };
}
