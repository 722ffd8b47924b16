import { paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { rankOpportunities } from './rank-opportunities';
import type { Opportunity } from './strategy';

function opportunity(
  strategy: string,
  token: number,
  score: number,
  side: 'BUY' | 'SELL' = 'BUY',
): Opportunity {
  return {
    strategy,
    token,
    side,
    entry: paise(100_00),
    stop: paise(side === 'BUY' ? 99_00 : 101_00),
    tp1: paise(side === 'BUY' ? 101_00 : 99_00),
    tp2: paise(side === 'BUY' ? 102_00 : 98_00),
    features: {},
    featureScores: {},
    score,
    reason: `${strategy} on ${token}`,
  };
}

const keyOf = (o: Opportunity) => `${o.strategy}:${o.token}`;

describe('rankOpportunities', () => {
  it('sorts by score, ranks from 1, and takes at most maxPerCycle', () => {
    const result = rankOpportunities(
      [opportunity('orb', 1, 0.6), opportunity('orb', 2, 0.9), opportunity('vwap_ema', 3, 0.75)],
      { maxPerCycle: 2, minScore: 0 },
    );
    expect(result.selected.map((o) => [keyOf(o), o.rank])).toEqual([
      ['orb:2', 1],
      ['vwap_ema:3', 2],
    ]);
    expect(result.overLimit.map((o) => [keyOf(o), o.rank])).toEqual([['orb:1', 3]]);
  });

  it('sets aside those scoring below the minimum', () => {
    const result = rankOpportunities(
      [opportunity('orb', 1, 0.49), opportunity('orb', 2, 0.5), opportunity('orb', 3, 0.2)],
      { maxPerCycle: 5, minScore: 0.5 },
    );
    expect(result.selected.map(keyOf)).toEqual(['orb:2']);
    expect(result.belowMinScore.map(keyOf)).toEqual(['orb:1', 'orb:3']);
  });

  it('breaks ties by strategy, then token, whatever the input order', () => {
    const tied = [
      opportunity('vwap_ema', 1, 0.7),
      opportunity('orb', 9, 0.7),
      opportunity('orb', 4, 0.7),
    ];
    const forward = rankOpportunities(tied, { maxPerCycle: 5, minScore: 0 });
    const backward = rankOpportunities([...tied].reverse(), { maxPerCycle: 5, minScore: 0 });
    expect(forward.selected.map(keyOf)).toEqual(['orb:4', 'orb:9', 'vwap_ema:1']);
    expect(backward.selected).toEqual(forward.selected);
  });

  it('keeps one opportunity per instrument, the best ranked', () => {
    const result = rankOpportunities(
      [
        opportunity('orb', 7, 0.6, 'SELL'),
        opportunity('vwap_ema', 7, 0.8),
        opportunity('orb', 8, 0.5),
      ],
      { maxPerCycle: 5, minScore: 0 },
    );
    expect(result.selected.map((o) => [keyOf(o), o.rank])).toEqual([
      ['vwap_ema:7', 1],
      ['orb:8', 2],
    ]);
    expect(result.superseded.map(keyOf)).toEqual(['orb:7']);
  });

  it('throws on a score outside 0..1: a strategy bug, not a market event', () => {
    expect(() =>
      rankOpportunities([opportunity('orb', 1, Number.NaN)], { maxPerCycle: 1, minScore: 0 }),
    ).toThrow(RangeError);
    expect(() =>
      rankOpportunities([opportunity('orb', 1, 1.2)], { maxPerCycle: 1, minScore: 0 }),
    ).toThrow(RangeError);
  });

  it('does not change its input', () => {
    const input = [opportunity('orb', 1, 0.1), opportunity('orb', 2, 0.9)];
    rankOpportunities(input, { maxPerCycle: 1, minScore: 0 });
    expect(input.map(keyOf)).toEqual(['orb:1', 'orb:2']);
  });
});
