import type { Logger } from '@kavach/config';
import type { Clock, Instrument } from '@kavach/domain';
import { istMinutesOfDay } from '@kavach/domain';
import type { Bar } from '../market-data/bar';
import type { BarBuilder } from '../market-data/bar-builder';
import type { Opportunity, RankOptions, Strategy } from '../strategies';
import { rankOpportunities } from '../strategies';
import type { EntryOutcome, EntryPipeline } from './entry-pipeline';

export interface ScanResult {
  readonly at: number;
  readonly barsClosed: number;
  readonly opportunities: number;
  readonly selected: number;
  /** Scored below the configured minimum: what the trader sees as "found but too weak". */
  readonly belowMinScore: number;
  readonly bestScore: number | null;
  readonly outcomes: readonly EntryOutcome[];
  readonly durationMs: number;
}

export interface ScanCycleOptions {
  readonly bars: BarBuilder;
  readonly strategies: readonly Strategy[];
  readonly universe: () => readonly number[];
  readonly instrumentOf: (token: number) => Instrument | undefined;
  readonly rank: RankOptions;
  readonly pipeline: EntryPipeline;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly onOpportunity?: (opportunity: Opportunity) => void;
  readonly onScan?: (result: ScanResult) => void;
}

/**
 * The scan cycle: on the clock, close the bars whose minute has ended; every instrument of
 * the universe that got a new bar is evaluated by every strategy; the opportunities are
 * ranked and the best go through the entry pipeline. Runs one at a time: a cycle that finds
 * the previous one still running waits for the next bar.
 */
export function createScanCycle(options: ScanCycleOptions) {
  const { bars, strategies, clock, logger } = options;
  let running = false;
  /** Instruments with a bar closed since the last cycle, by a later tick or by the clock. */
  const fresh = new Set<number>();

  async function run(now: number): Promise<ScanResult | null> {
    if (running) return null;
    running = true;
    const startedAt = performance.now();
    try {
      for (const bar of bars.closeUpTo(now)) fresh.add(bar.token);
      if (fresh.size === 0) return null;
      const universe = new Set(options.universe());
      const tokens = [...fresh].filter((t) => universe.has(t));
      const barsClosed = fresh.size;
      fresh.clear();
      const nowIstMinutes = istMinutesOfDay(now);
      const opportunities: Opportunity[] = [];
      for (const token of tokens) {
        const instrument = options.instrumentOf(token);
        if (instrument === undefined) continue;
        const history = bars.history(token);
        for (const strategy of strategies) {
          const found = strategy.evaluate({ instrument, bars: history, nowIstMinutes });
          if (found !== null) {
            opportunities.push(found);
            options.onOpportunity?.(found);
          }
        }
      }
      const ranking = rankOpportunities(opportunities, options.rank);
      const outcomes =
        ranking.selected.length === 0 ? [] : await options.pipeline.processAll(ranking.selected);
      await options.pipeline.recordUntaken(ranking.overLimit, {
        reason: 'RANK_LIMIT',
        detail: `ranked beyond this cycle's ${options.rank.maxPerCycle} signals`,
      });
      await options.pipeline.recordUntaken(
        ranking.belowMinScore.map((o) => ({ ...o, rank: null })),
        {
          reason: 'BELOW_MIN_SCORE',
          detail: `score below the minimum ${options.rank.minScore}`,
        },
      );
      const result: ScanResult = {
        at: now,
        barsClosed,
        opportunities: opportunities.length,
        selected: ranking.selected.length,
        belowMinScore: ranking.belowMinScore.length,
        bestScore: opportunities.reduce<number | null>(
          (best, o) => Math.max(best ?? 0, o.score),
          null,
        ),
        outcomes,
        durationMs: performance.now() - startedAt,
      };
      options.onScan?.(result);
      if (opportunities.length > 0) logger.info({ ...result, outcomes: outcomes.length }, 'scan');
      return result;
    } finally {
      running = false;
    }
  }

  return {
    /** The bar builder's onBar: remembers which instruments have something new. */
    noteBar: (bar: Bar): void => {
      fresh.add(bar.token);
    },
    run,
    /** Runs a cycle at the clock's time. */
    runNow: () => run(clock.now()),
  };
}

export type ScanCycle = ReturnType<typeof createScanCycle>;
