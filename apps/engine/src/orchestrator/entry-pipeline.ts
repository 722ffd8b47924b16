import { randomUUID } from 'node:crypto';
import type { Logger } from '@kavach/config';
import type { PrismaClient } from '@kavach/db';
import { persistDecision, persistSignal } from '@kavach/db';
import type {
  Clock,
  EntryDecision,
  Instrument,
  Paise,
  RiskConfig,
  TargetPlan,
  TradingState,
} from '@kavach/domain';
import { canEnter, istMinutesOfDay, paise, roundToTick } from '@kavach/domain';
import type { OcoManager } from '../oco/oco-manager';
import type { RiskBook } from '../portfolio/risk-book';
import type { Opportunity } from '../strategies';

/** Why an opportunity was not taken before the risk gates saw it. */
export interface Untaken {
  readonly reason: 'BELOW_MIN_SCORE' | 'RANK_LIMIT';
  readonly detail: string;
}

/**
 * A strategy's opportunity with its place in the scan's ranking; null for one that never made
 * the ranking (below the minimum score).
 */
export type RankedOpportunity = Opportunity & { readonly rank: number | null };

export interface EntryOrderConfig {
  readonly entryOrderType: 'LIMIT' | 'MARKET';
  readonly stopOrderType: 'SL' | 'SL-M';
  /** For SL stops: how far beyond the trigger the limit sits, in basis points of the stop. */
  readonly stopLimitBufferBps: number;
}

export interface SignalMessage {
  readonly id: string;
  readonly opportunity: RankedOpportunity;
  readonly instrument: Instrument;
  readonly configSha: string;
  readonly correlationId: string;
  readonly at: number;
}

export interface DecisionMessage {
  readonly id: string;
  readonly signalId: string;
  readonly decision: EntryDecision;
  /** Set when the opportunity never reached the risk gates; the stored reason is this one. */
  readonly untakenReason: Untaken['reason'] | null;
  readonly clientPlanId: string;
  readonly configSha: string;
  readonly correlationId: string;
  readonly at: number;
}

export interface EntryPipelineOptions {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly oco: OcoManager;
  readonly riskBook: RiskBook;
  readonly configSha: string;
  readonly riskConfig: RiskConfig;
  readonly capital: Paise;
  readonly orders: EntryOrderConfig;
  readonly tradingState: () => TradingState;
  /** False after the EOD entry cut-off, on holidays, or for a blocked instrument. */
  readonly entriesAllowed: (token: number, now: number) => boolean;
  readonly instrumentOf: (
    token: number,
  ) => { readonly instrument: Instrument; readonly instrumentId: string } | undefined;
  readonly onSignal: (message: SignalMessage) => void;
  readonly onDecision: (message: DecisionMessage) => void;
  readonly newId?: () => string;
}

export interface EntryOutcome {
  readonly signalId: string;
  readonly decisionId: string;
  readonly approved: boolean;
  readonly reason: string | null;
  readonly groupId: string | null;
}

const BPS = 10_000;

/** Splits an entry into TP1 and TP2 by whole lots: TP1 takes the larger half. */
export function splitTargets(
  quantity: number,
  lotSize: number,
  tp1: Paise,
  tp2: Paise,
): TargetPlan[] {
  const lots = quantity / lotSize;
  const firstLots = Math.ceil(lots / 2);
  const secondLots = lots - firstLots;
  const targets: TargetPlan[] = [{ role: 'TP1', quantity: firstLots * lotSize, price: tp1 }];
  if (secondLots > 0) targets.push({ role: 'TP2', quantity: secondLots * lotSize, price: tp2 });
  return targets;
}

/**
 * The path from a ranked opportunity to a bracket: the signal is stored and published, the
 * risk gates decide (with the SHA of the config that decided), the decision is stored and
 * published, and only an approved one becomes an OCO group. Opportunities are taken in rank
 * order, so an approval's heat counts against the next one in the same cycle.
 */
export function createEntryPipeline(options: EntryPipelineOptions) {
  const { prisma, clock, logger, oco, riskBook } = options;
  const newId = options.newId ?? randomUUID;

  function decide(opportunity: RankedOpportunity, instrument: Instrument, now: number) {
    const book = riskBook.snapshot();
    const stopDistance = paise(Math.abs(opportunity.entry - opportunity.stop));
    return canEnter(
      options.riskConfig,
      {
        tradingState: options.tradingState(),
        openPositions: book.openPositions,
        openRisk: book.openRisk,
        realisedPnlToday: book.realisedPnlToday,
        unrealisedPnlToday: book.unrealisedPnlToday,
        nowIstMinutes: istMinutesOfDay(now),
      },
      stopDistance,
      instrument,
      opportunity.entry,
      options.capital,
    );
  }

  function stopPricing(opportunity: RankedOpportunity, instrument: Instrument) {
    if (options.orders.stopOrderType === 'SL-M') {
      return { orderType: 'SL-M' as const, price: null, triggerPrice: opportunity.stop };
    }
    const buffer = Math.round((opportunity.stop * options.orders.stopLimitBufferBps) / BPS);
    // The stop exits on the other side: a long's stop sells, so its limit sits below.
    const raw = opportunity.side === 'BUY' ? opportunity.stop - buffer : opportunity.stop + buffer;
    const price = roundToTick(
      paise(raw),
      instrument.tickSize,
      opportunity.side === 'BUY' ? 'down' : 'up',
    );
    return { orderType: 'SL' as const, price, triggerPrice: opportunity.stop };
  }

  async function process(
    opportunity: RankedOpportunity,
    untaken: Untaken | null = null,
  ): Promise<EntryOutcome | null> {
    const resolved = options.instrumentOf(opportunity.token);
    if (resolved === undefined) {
      logger.warn({ token: opportunity.token }, 'opportunity for an unknown instrument skipped');
      return null;
    }
    const { instrument, instrumentId } = resolved;
    const now = clock.now();
    const correlationId = newId();
    const signal = await persistSignal(prisma, {
      strategy: opportunity.strategy,
      instrumentId,
      side: opportunity.side,
      entryPrice: opportunity.entry,
      stopPrice: opportunity.stop,
      tp1Price: opportunity.tp1,
      tp2Price: opportunity.tp2,
      features: { ...opportunity.features, reason: opportunity.reason },
      featureScores: opportunity.featureScores,
      score: opportunity.score,
      rank: opportunity.rank,
      configSha: options.configSha,
      correlationId,
      createdAt: new Date(now),
    });
    options.onSignal({
      id: signal.id,
      opportunity,
      instrument,
      configSha: options.configSha,
      correlationId,
      at: now,
    });

    const gate: EntryDecision =
      untaken === null
        ? decide(opportunity, instrument, now)
        : { approved: false, reason: 'INVALID_INPUT', detail: untaken.detail };
    const decision: EntryDecision =
      gate.approved && !options.entriesAllowed(opportunity.token, now)
        ? {
            approved: false,
            reason: 'OUTSIDE_ENTRY_WINDOW',
            detail: 'no new entries now (end-of-day cut-off, holiday or blocked instrument)',
          }
        : gate;
    const groupId = newId();
    const heatNow = riskBook.snapshot().openRisk;
    const stored = await persistDecision(prisma, {
      signalId: signal.id,
      approved: decision.approved,
      reason: decision.approved ? null : (untaken?.reason ?? decision.reason),
      capital: options.capital,
      riskAmount: decision.approved ? decision.riskAmount : paise(0),
      riskPctBps: decision.approved ? Math.round((decision.riskAmount * BPS) / options.capital) : 0,
      quantity: decision.approved ? decision.quantity : 0,
      lots: decision.approved ? decision.lots : 0,
      heatBefore: decision.approved ? decision.heatBefore : heatNow,
      heatAfter: decision.approved ? decision.heatAfter : heatNow,
      configSha: options.configSha,
      clientPlanId: groupId,
      correlationId,
      createdAt: new Date(now),
    });
    options.onDecision({
      id: stored.id,
      signalId: signal.id,
      decision,
      untakenReason: untaken?.reason ?? null,
      clientPlanId: groupId,
      configSha: options.configSha,
      correlationId,
      at: now,
    });
    if (!decision.approved) {
      return {
        signalId: signal.id,
        decisionId: stored.id,
        approved: false,
        reason: decision.reason,
        groupId: null,
      };
    }

    riskBook.track(
      groupId,
      instrument.token,
      opportunity.side,
      paise(Math.abs(opportunity.entry - opportunity.stop)),
      decision.quantity,
    );
    const opened = await oco.openBracket({
      groupId,
      decisionId: stored.id,
      correlationId,
      strategy: opportunity.strategy,
      instrument,
      instrumentId,
      side: opportunity.side,
      quantity: decision.quantity,
      entry:
        options.orders.entryOrderType === 'MARKET'
          ? { orderType: 'MARKET', price: null, triggerPrice: null }
          : { orderType: 'LIMIT', price: opportunity.entry, triggerPrice: null },
      stop: stopPricing(opportunity, instrument),
      targets: splitTargets(
        decision.quantity,
        instrument.lotSize,
        opportunity.tp1,
        opportunity.tp2,
      ),
      signalPrice: opportunity.entry,
    });
    if (!opened.ok) {
      riskBook.stopEntering(groupId);
      logger.error({ groupId, error: opened }, 'approved bracket could not be opened');
    }
    return {
      signalId: signal.id,
      decisionId: stored.id,
      approved: true,
      reason: null,
      groupId: opened.ok ? groupId : null,
    };
  }

  return {
    /** Records opportunities that were found but not taken: a signal and a rejected decision. */
    recordUntaken: async (
      opportunities: readonly RankedOpportunity[],
      untaken: Untaken,
    ): Promise<EntryOutcome[]> => {
      const outcomes: EntryOutcome[] = [];
      for (const opportunity of opportunities) {
        try {
          const outcome = await process(opportunity, untaken);
          if (outcome !== null) outcomes.push(outcome);
        } catch (error) {
          logger.error({ error, token: opportunity.token }, 'untaken opportunity not recorded');
        }
      }
      return outcomes;
    },
    /** Takes the opportunities in rank order; one failing does not stop the others. */
    processAll: async (ranked: readonly RankedOpportunity[]): Promise<EntryOutcome[]> => {
      const outcomes: EntryOutcome[] = [];
      for (const opportunity of [...ranked].sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))) {
        try {
          const outcome = await process(opportunity);
          if (outcome !== null) outcomes.push(outcome);
        } catch (error) {
          logger.error({ error, token: opportunity.token }, 'opportunity failed');
        }
      }
      return outcomes;
    },
  };
}

export type EntryPipeline = ReturnType<typeof createEntryPipeline>;
