import { randomUUID } from 'node:crypto';
import type { Logger } from '@kavach/config';
import type { PrismaClient } from '@kavach/db';
import { newRowId, persistDecision, persistSignal } from '@kavach/db';
import type {
  Clock,
  EntryApproval,
  Instrument,
  Paise,
  RiskConfig,
  TargetPlan,
  TradingState,
} from '@kavach/domain';
import { applyRequestedSize, canEnter, istMinutesOfDay, paise, roundToTick } from '@kavach/domain';
import type { OcoManager } from '../oco/oco-manager';
import type { RiskBook } from '../portfolio/risk-book';
import type { SlippageManager } from '../slippage/slippage-manager';
import type { Opportunity } from '../strategies';
import type { EntrySizing, ExternalEntryRefusal } from './external-entry';

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

/** The gates' answer, or a later check's refusal (slippage, requested size, entry window). */
export type GateDecision =
  EntryApproval | { readonly approved: false; readonly reason: string; readonly detail: string };

/**
 * One entry on its way through the pipeline: a strategy's opportunity, or an outside signal
 * (webhook, execute-signal) shaped like one, with how it wants to be sized and sent.
 */
export interface EntryIntent {
  readonly opportunity: RankedOpportunity;
  readonly source: 'strategy' | 'webhook' | 'execute-signal';
  /** The bracket's targets: [TP1, TP2] for strategies, fewer for outside signals and hedges. */
  readonly targets: readonly Paise[];
  readonly sizing: EntrySizing;
  /** When the signal reached the engine: venue clock, and the monotonic reading then. */
  readonly receivedAt: number;
  readonly receivedMono: number;
  readonly correlationId: string;
  readonly atMarket: boolean;
  readonly hedge: boolean;
  /** Kept with the signal beside the strategy's features. */
  readonly extraFeatures: Readonly<Record<string, string | number | boolean | null>>;
  /** 0 for a first try; a re-try after a price rejection counts up. */
  readonly attempt: number;
}

export interface DecisionMessage {
  readonly id: string;
  readonly signalId: string;
  readonly decision: GateDecision;
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
  /** The pre-send check against the live price; without it entries go at the signal's price. */
  readonly slippage?: {
    readonly manager: SlippageManager;
    /** A live price for the instrument, waiting briefly for one; null when none came. */
    readonly price: (instrument: Instrument) => Promise<Paise | null>;
  };
  /** A bracket was opened for this intent (to retry or queue it when its entry is refused). */
  readonly onOpened?: (groupId: string, intent: EntryIntent) => void;
  readonly newId?: () => string;
  /** Monotonic milliseconds, for latency. */
  readonly elapsed?: () => number;
}

export interface EntryOutcome {
  readonly signalId: string;
  readonly decisionId: string;
  readonly approved: boolean;
  readonly reason: string | null;
  readonly detail: string | null;
  /** Why nothing was sent, in the intake's terms; null when a bracket opened. */
  readonly refusal: ExternalEntryRefusal | null;
  readonly groupId: string | null;
  readonly correlationId: string;
  readonly quantity: number;
  readonly sentPrice: Paise | null;
  readonly repriced: boolean;
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

  function decideSized(
    intent: EntryIntent,
    instrument: Instrument,
    entry: Paise,
    now: number,
  ): GateDecision {
    const { opportunity } = intent;
    const gate = decide({ ...opportunity, entry }, instrument, now);
    if (intent.sizing.kind === 'config') return gate;
    const stopDistance = paise(Math.abs(entry - opportunity.stop));
    return applyRequestedSize(gate, intent.sizing, stopDistance, instrument.lotSize);
  }

  function targetsOf(intent: EntryIntent, quantity: number, lotSize: number): TargetPlan[] {
    const [tp1, tp2] = intent.targets;
    if (tp1 === undefined) return [];
    if (tp2 === undefined) return [{ role: 'TP1', quantity, price: tp1 }];
    return splitTargets(quantity, lotSize, tp1, tp2);
  }

  /**
   * Counts an approved entry's planned risk in the book (a position and its heat) until it
   * opens or is refused, so that the gates of every entry decided meanwhile see it.
   */
  function reserve(
    groupId: string,
    opportunity: RankedOpportunity,
    decision: GateDecision,
    price: Paise,
  ): void {
    if (!decision.approved) return;
    riskBook.track(
      groupId,
      opportunity.token,
      opportunity.side,
      paise(Math.abs(price - opportunity.stop)),
      decision.quantity,
    );
  }

  /**
   * The pre-send check: the signal's price against the market's, before anything goes out. A
   * requote re-sizes the entry at the new price, against the book without its own reservation.
   */
  async function priceEntry(
    intent: EntryIntent,
    instrument: Instrument,
    instrumentId: string,
    groupId: string,
    gate: GateDecision,
  ): Promise<{
    readonly decision: GateDecision;
    readonly sendPrice: Paise;
    readonly repriced: boolean;
    readonly check: ReturnType<SlippageManager['recordCheck']> | null;
  }> {
    const { opportunity, correlationId } = intent;
    const slippage = options.slippage;
    const unchecked = {
      decision: gate,
      sendPrice: opportunity.entry,
      repriced: false,
      check: null,
    };
    if (!gate.approved || slippage === undefined) return unchecked;
    const market = await slippage.price(instrument);
    let verdict = slippage.manager.check(
      opportunity.side,
      opportunity.entry,
      market,
      instrument.tickSize,
    );
    // A re-try after a price refusal goes at the market's price (still within tolerance).
    if (
      verdict.action === 'PROCEED' &&
      intent.attempt > 0 &&
      verdict.marketPrice !== opportunity.entry
    ) {
      verdict = {
        ...verdict,
        action: 'REQUOTE',
        price: roundToTick(
          verdict.marketPrice,
          instrument.tickSize,
          opportunity.side === 'BUY' ? 'up' : 'down',
        ),
        detail: `re-try ${intent.attempt}: re-priced to the market`,
      };
    }
    let decision: GateDecision = gate;
    if (verdict.action === 'REQUOTE') {
      // Re-sized at the new price: the stop is further away, so the same risk buys less.
      riskBook.release(groupId);
      const resized = decideSized(intent, instrument, verdict.price, clock.now());
      reserve(groupId, opportunity, resized, verdict.price);
      decision = resized.approved
        ? resized
        : { ...resized, detail: `after re-pricing to the market: ${resized.detail}` };
    }
    const check = slippage.manager.recordCheck(
      {
        source: intent.source,
        strategy: opportunity.strategy,
        instrument,
        instrumentId,
        side: opportunity.side,
        quantity: decision.approved ? decision.quantity : Math.max(1, instrument.lotSize),
        signalPrice: opportunity.entry,
        correlationId,
        groupId: verdict.action === 'REJECT' || !decision.approved ? null : groupId,
        signalAt: intent.receivedAt,
        signalMono: intent.receivedMono,
        countsForBreaches: !intent.hedge,
      },
      verdict,
    );
    if (verdict.action === 'REJECT') {
      return {
        decision: { approved: false, reason: verdict.reason, detail: verdict.detail },
        sendPrice: opportunity.entry,
        repriced: false,
        check,
      };
    }
    return decision.approved
      ? { decision, sendPrice: verdict.price, repriced: verdict.action === 'REQUOTE', check }
      : { decision, sendPrice: opportunity.entry, repriced: false, check };
  }

  async function process(
    intent: EntryIntent,
    untaken: Untaken | null = null,
  ): Promise<EntryOutcome | null> {
    const { opportunity } = intent;
    const resolved = options.instrumentOf(opportunity.token);
    if (resolved === undefined) {
      logger.warn({ token: opportunity.token }, 'opportunity for an unknown instrument skipped');
      return null;
    }
    return processResolved(intent, untaken, resolved.instrument, resolved.instrumentId);
  }

  async function processResolved(
    intent: EntryIntent,
    untaken: Untaken | null,
    instrument: Instrument,
    instrumentId: string,
  ): Promise<EntryOutcome> {
    const { opportunity, correlationId } = intent;
    const now = clock.now();
    const signalFields = {
      strategy: opportunity.strategy,
      instrumentId,
      side: opportunity.side,
      entryPrice: opportunity.entry,
      stopPrice: opportunity.stop,
      tp1Price: intent.targets[0] ?? null,
      tp2Price: intent.targets[1] ?? null,
      features: {
        ...opportunity.features,
        ...intent.extraFeatures,
        reason: opportunity.reason,
        ...(intent.source === 'strategy' ? {} : { source: intent.source }),
        ...(intent.attempt > 0 ? { attempt: intent.attempt } : {}),
      },
      featureScores: opportunity.featureScores,
      score: opportunity.score,
      rank: opportunity.rank,
      configSha: options.configSha,
      correlationId,
      createdAt: new Date(now),
    };
    const signalMessage = (id: string): SignalMessage => ({
      id,
      opportunity,
      instrument,
      configSha: options.configSha,
      correlationId,
      at: now,
    });

    let decision: GateDecision =
      untaken === null
        ? decideSized(intent, instrument, opportunity.entry, now)
        : { approved: false, reason: 'INVALID_INPUT', detail: untaken.detail };
    if (decision.approved && !options.entriesAllowed(opportunity.token, now)) {
      decision = {
        approved: false,
        reason: 'OUTSIDE_ENTRY_WINDOW',
        detail: 'no new entries now (end-of-day cut-off, holiday or blocked instrument)',
      };
    }
    const groupId = newId();
    // Held from the approval on, not from the stored decision: an entry decided meanwhile (a
    // concurrent webhook or execute-signal, while this one is priced and stored) counts it.
    reserve(groupId, opportunity, decision, opportunity.entry);
    const priced = await priceEntry(intent, instrument, instrumentId, groupId, decision).catch(
      (error: unknown) => {
        riskBook.release(groupId);
        throw error;
      },
    );
    decision = priced.decision;
    const { sendPrice, repriced, check } = priced;
    if (!decision.approved) riskBook.release(groupId);
    const heatNow = riskBook.snapshot().openRisk;
    const decisionFields = {
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
    };
    const decisionMessage = (id: string, signalId: string): DecisionMessage => ({
      id,
      signalId,
      decision,
      untakenReason: untaken?.reason ?? null,
      clientPlanId: groupId,
      configSha: options.configSha,
      correlationId,
      at: now,
    });
    if (!decision.approved) {
      check?.notSent();
      // Off the path to an order: stored one after the other, as they are published.
      const signal = await persistSignal(prisma, signalFields);
      options.onSignal(signalMessage(signal.id));
      const stored = await persistDecision(prisma, { ...decisionFields, signalId: signal.id });
      options.onDecision(decisionMessage(stored.id, signal.id));
      return {
        signalId: signal.id,
        decisionId: stored.id,
        correlationId,
        approved: false,
        reason: decision.reason,
        detail: decision.detail,
        refusal: refusalOf(decision.reason),
        groupId: null,
        quantity: 0,
        sentPrice: null,
        repriced: false,
      };
    }
    const approved = decision;
    const signalRow = { ...signalFields, id: newRowId() };
    const decisionRow = { ...decisionFields, id: newRowId(), signalId: signalRow.id };
    let recorded = false;

    const market = intent.atMarket || options.orders.entryOrderType === 'MARKET';
    const opened = await oco
      .openBracket({
        groupId,
        decisionId: decisionRow.id,
        correlationId,
        strategy: opportunity.strategy,
        instrument,
        instrumentId,
        side: opportunity.side,
        quantity: approved.quantity,
        entry: market
          ? { orderType: 'MARKET', price: null, triggerPrice: null }
          : { orderType: 'LIMIT', price: sendPrice, triggerPrice: null },
        stop: stopPricing(opportunity, instrument),
        targets: targetsOf(intent, approved.quantity, instrument.lotSize),
        signalPrice: opportunity.entry,
        // The signal and decision commit with the bracket and the entry's row: one round trip.
        records: { signal: signalRow, decision: decisionRow },
        onRecorded: () => {
          recorded = true;
          options.onSignal(signalMessage(signalRow.id));
          options.onDecision(decisionMessage(decisionRow.id, signalRow.id));
        },
      })
      .catch((error: unknown) => {
        // Nothing was recorded, so nothing was sent: the reservation goes.
        if (!recorded) riskBook.release(groupId);
        check?.notSent();
        throw error;
      });
    const entryOrder = opened.ok
      ? oco.ordersOf(groupId).find((o) => o.role === 'ENTRY')
      : undefined;
    if (entryOrder === undefined) check?.notSent();
    else check?.sent(entryOrder.clientOrderId, entryOrder.rowId);
    if (!opened.ok) {
      riskBook.stopEntering(groupId);
      logger.error({ groupId, error: opened }, 'approved bracket could not be opened');
    } else {
      options.onOpened?.(groupId, intent);
    }
    return {
      signalId: signalRow.id,
      decisionId: decisionRow.id,
      correlationId,
      approved: true,
      reason: opened.ok ? null : opened.code,
      detail: opened.ok ? null : opened.message,
      refusal: opened.ok ? null : 'NOT_OPENED',
      groupId: opened.ok ? groupId : null,
      quantity: approved.quantity,
      sentPrice: market ? null : sendPrice,
      repriced,
    };
  }

  const elapsed = options.elapsed ?? (() => performance.now());

  /** A strategy's opportunity as an intent: sized by the risk config, both targets. */
  function intentOf(opportunity: RankedOpportunity): EntryIntent {
    return {
      opportunity,
      source: 'strategy',
      targets: [opportunity.tp1, opportunity.tp2],
      sizing: { kind: 'config' },
      receivedAt: clock.now(),
      receivedMono: elapsed(),
      correlationId: newId(),
      atMarket: false,
      hedge: false,
      extraFeatures: {},
      attempt: 0,
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
          const outcome = await process(intentOf(opportunity), untaken);
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
          const outcome = await process(intentOf(opportunity));
          if (outcome !== null) outcomes.push(outcome);
        } catch (error) {
          logger.error({ error, token: opportunity.token }, 'opportunity failed');
        }
      }
      return outcomes;
    },
    /** One intent from outside the scan (webhook, execute-signal, a retry, a queued entry). */
    submit: (intent: EntryIntent): Promise<EntryOutcome | null> => process(intent),
  };
}

function refusalOf(reason: string): ExternalEntryRefusal {
  switch (reason) {
    case 'SLIPPAGE_EXCEEDED':
      return 'SLIPPAGE';
    case 'NO_MARKET_PRICE':
      return 'NO_MARKET_PRICE';
    case 'OUTSIDE_ENTRY_WINDOW':
      return 'OUTSIDE_ENTRY_WINDOW';
    case 'INVALID_INPUT':
      return 'INVALID_SIGNAL';
    default:
      return 'RISK_GATE';
  }
}

export type EntryPipeline = ReturnType<typeof createEntryPipeline>;
