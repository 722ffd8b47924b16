import type { Logger } from '@kavach/config';
import { paise } from '@kavach/domain';
import type { Clock, Instrument, Paise } from '@kavach/domain';
import type { EntryProgress, ExternalEntry, SignalIntake } from '../orchestrator/external-entry';
import { describeBadRequest } from './bad-request';
import type { BadRequestBody } from './bad-request';
import { checkBracketPercents } from './bracket-levels';
import type { BracketPercents } from './bracket-levels';
import { describeFillSlippage, describeNoFill } from './describe-slippage';
import type { SlippageAnswer } from './describe-slippage';
import { executeSignalBody } from './execute-signal-body';
import type { ExecuteSignalResponse, ExecuteSignalStatus } from './execute-signal-body';
import { planSignal } from './plan-signal';
import type { SignalPlan } from './plan-signal';
import { formatRupeeAmount } from './rupee-amount';

export interface SignalExecutorOptions {
  /** Latency above this is reported as not acceptable (the slippage config's, default 500). */
  readonly maxLatencyMs: number;
  /** How long to wait for each leg's fill before answering. */
  readonly fillTimeoutMs?: number;
  /** How far out of the money the hedge is bought, in NIFTY points. */
  readonly hedgeDistancePoints?: number;
  readonly stopPct?: number;
  readonly tp1Pct?: number;
  readonly tp2Pct?: number;
  /** How long to wait for the hedge's first live price (subscribing it when needed). */
  readonly livePriceTimeoutMs?: number;
  /** Today's IST date, YYYY-MM-DD, from the engine's clock (the venue's in paper trading). */
  readonly todayIst: () => string;
}

export interface SignalExecutorDeps {
  readonly intake: SignalIntake;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly options: SignalExecutorOptions;
}

export interface UnknownContractBody {
  readonly error: { readonly code: 'UNKNOWN_CONTRACT'; readonly message: string };
}

export type ExecuteSignalReply =
  | { readonly httpStatus: 200 | 422; readonly body: ExecuteSignalResponse }
  | { readonly httpStatus: 400; readonly body: BadRequestBody }
  | { readonly httpStatus: 422; readonly body: UnknownContractBody };

export interface SignalExecutor {
  /** `body` as received (validated here); `receivedAt` epoch ms when the request arrived. */
  execute(body: unknown, receivedAt: number): Promise<ExecuteSignalReply>;
}

export const EXECUTE_SIGNAL_DEFAULTS = {
  fillTimeoutMs: 3_000,
  hedgeDistancePoints: 500,
  stopPct: 30,
  tp1Pct: 30,
  tp2Pct: 60,
  livePriceTimeoutMs: 1_000,
} as const;

const SOURCE = 'execute-signal';
const STRATEGY = 'execute-signal';

/** Entry statuses after which nothing more will fill. */
const FINISHED_STATUSES = new Set(['CANCELLED', 'REJECTED', 'EXPIRED', 'DENIED']);

/** A plan being executed: the signal and when it arrived. */
type Execution = SignalPlan & { readonly receivedAt: number };

interface Outcome {
  readonly status: ExecuteSignalStatus;
  readonly orderId: string | null;
  readonly hedgeOrderId: string | null;
  readonly averagePrice: Paise | null;
  readonly slippage: SlippageAnswer;
  /** When the main leg filled, or null to take the answer's time. */
  readonly filledAt: number | null;
}

function checkPositiveInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${what} must be a positive integer, got ${value}`);
  }
}

function describeProgress(progress: EntryProgress, quantity: number): string {
  const detail = progress.statusMessage === null ? '' : `: ${progress.statusMessage}`;
  return `${progress.status}, ${progress.filledQuantity}/${quantity} filled${detail}`;
}

/**
 * Executes one NIFTY option signal for POST /live/execute-signal. With a hedge, the far-OTM
 * option is bought first and the main leg is sent only once the hedge is filled in full, so
 * a written option is never naked, not even for the seconds between two orders. Both legs go
 * through the engine's SignalIntake: stored signal, risk gates, slippage check, bracket.
 */
export function createSignalExecutor(deps: SignalExecutorDeps): SignalExecutor {
  const { intake, clock, logger, options } = deps;
  const defaults = EXECUTE_SIGNAL_DEFAULTS;
  const settings = {
    maxLatencyMs: options.maxLatencyMs,
    fillTimeoutMs: options.fillTimeoutMs ?? defaults.fillTimeoutMs,
    hedgeDistancePoints: options.hedgeDistancePoints ?? defaults.hedgeDistancePoints,
    stopPct: options.stopPct ?? defaults.stopPct,
    tp1Pct: options.tp1Pct ?? defaults.tp1Pct,
    tp2Pct: options.tp2Pct ?? defaults.tp2Pct,
    livePriceTimeoutMs: options.livePriceTimeoutMs ?? defaults.livePriceTimeoutMs,
    todayIst: options.todayIst,
  };
  const percents: BracketPercents = {
    stopPct: settings.stopPct,
    tp1Pct: settings.tp1Pct,
    tp2Pct: settings.tp2Pct,
  };
  checkBracketPercents(percents);
  checkPositiveInteger(settings.fillTimeoutMs, 'fillTimeoutMs');
  checkPositiveInteger(settings.hedgeDistancePoints, 'hedgeDistancePoints');
  checkPositiveInteger(settings.livePriceTimeoutMs, 'livePriceTimeoutMs');
  if (!Number.isFinite(settings.maxLatencyMs) || settings.maxLatencyMs < 0) {
    throw new RangeError(
      `maxLatencyMs must be a non-negative number, got ${settings.maxLatencyMs}`,
    );
  }

  function answer(receivedAt: number, outcome: Outcome): ExecuteSignalReply {
    const latency = Math.max(0, (outcome.filledAt ?? clock.now()) - receivedAt);
    const body: ExecuteSignalResponse = {
      status: outcome.status,
      order_id: outcome.orderId,
      hedge_order_id: outcome.hedgeOrderId,
      execution_price:
        outcome.averagePrice === null
          ? null
          : formatRupeeAmount(paise(Math.round(outcome.averagePrice))),
      slippage: outcome.slippage,
      latency_ms: Math.round(latency),
      latency_acceptable: latency <= settings.maxLatencyMs,
    };
    return { httpStatus: outcome.status === 'REJECTED' ? 422 : 200, body };
  }

  function refuse(
    receivedAt: number,
    message: string,
    ids: { readonly orderId?: string | null; readonly hedgeOrderId?: string | null } = {},
  ): ExecuteSignalReply {
    return answer(receivedAt, {
      status: 'REJECTED',
      orderId: ids.orderId ?? null,
      hedgeOrderId: ids.hedgeOrderId ?? null,
      averagePrice: null,
      slippage: describeNoFill(message),
      filledAt: null,
    });
  }

  /** Best effort: a failed flatten is logged and said in the answer, never thrown over it. */
  async function flattenHedge(groupId: string, reason: string): Promise<string> {
    try {
      await intake.flattenGroup(groupId, reason);
      return 'hedge flattened';
    } catch (error) {
      logger.error({ err: error, groupId, reason }, 'execute-signal: flattening the hedge failed');
      return 'flattening the hedge FAILED: check the position';
    }
  }

  /** Below this many ticks a hedge's premium leaves no room for its protective stop. */
  const MIN_HEDGE_TICKS = 10;

  type HedgeResult =
    | {
        readonly ok: true;
        readonly groupId: string;
        readonly brokerOrderId: string | null;
        readonly correlationId: string;
      }
    | { readonly ok: false; readonly reply: ExecuteSignalReply };

  async function openHedge(plan: Execution, hedge: Instrument): Promise<HedgeResult> {
    const live = await intake.livePrice(hedge, settings.livePriceTimeoutMs);
    if (live === null) {
      return {
        ok: false,
        reply: refuse(
          plan.receivedAt,
          `no live price for the hedge ${hedge.tradingSymbol}; nothing sent`,
        ),
      };
    }
    // A stop one tick under a premium of a few ticks would trigger at once and sell the hedge:
    // an option that cheap cannot carry one, so it is refused rather than bought unprotectable.
    if (live.price < hedge.tickSize * MIN_HEDGE_TICKS) {
      return {
        ok: false,
        reply: refuse(
          plan.receivedAt,
          `the hedge ${hedge.tradingSymbol} trades at ${(live.price / 100).toFixed(2)}, under ${MIN_HEDGE_TICKS} ticks: too cheap to hold as a hedge; nothing sent`,
        ),
      };
    }
    const outcome = await intake.submitEntry({
      source: SOURCE,
      strategy: STRATEGY,
      instrument: hedge,
      side: 'BUY',
      entry: live.price,
      // A protective long has no stop of its own: one tick never triggers in practice, and
      // it is exited with its main leg.
      stop: hedge.tickSize,
      targets: [],
      sizing: { kind: 'quantity', quantity: plan.quantity },
      receivedAt: plan.receivedAt,
      hedge: true,
      atMarket: true,
      features: { leg: 'hedge', hedges: plan.main.tradingSymbol, lots: plan.body.quantity },
    });
    if (!outcome.ok) {
      return {
        ok: false,
        reply: refuse(
          plan.receivedAt,
          `hedge ${hedge.tradingSymbol} refused (${outcome.code}, ${outcome.reason}): ` +
            `${outcome.message}; main leg not sent`,
        ),
      };
    }
    let progress: EntryProgress;
    try {
      progress = await intake.awaitEntry(outcome.groupId, settings.fillTimeoutMs);
    } catch (error) {
      // Nothing depends on the hedge yet: closing it is always the safe side.
      await flattenHedge(outcome.groupId, 'execute-signal: waiting for the hedge failed');
      throw error;
    }
    if (progress.status === 'FILLED' && progress.filledQuantity >= plan.quantity) {
      return {
        ok: true,
        groupId: outcome.groupId,
        brokerOrderId: progress.brokerOrderId,
        correlationId: outcome.correlationId,
      };
    }
    const why = `hedge ${hedge.tradingSymbol} not filled within ${settings.fillTimeoutMs} ms (${describeProgress(progress, plan.quantity)})`;
    logger.warn({ groupId: outcome.groupId, status: progress.status }, `execute-signal: ${why}`);
    const flattened = await flattenHedge(outcome.groupId, `execute-signal: ${why}`);
    return {
      ok: false,
      reply: refuse(plan.receivedAt, `${why}; ${flattened}; main leg not sent`, {
        hedgeOrderId: progress.brokerOrderId,
      }),
    };
  }

  function mainEntry(plan: Execution, correlationId: string | undefined): ExternalEntry {
    return {
      source: SOURCE,
      strategy: STRATEGY,
      instrument: plan.main,
      side: plan.side,
      entry: plan.entry,
      stop: plan.stop,
      targets: plan.targets,
      sizing: { kind: 'quantity', quantity: plan.quantity },
      receivedAt: plan.receivedAt,
      // One correlation id for both legs: they are one signal in the logs and the store.
      ...(correlationId === undefined ? {} : { correlationId }),
      features: {
        leg: 'main',
        lots: plan.body.quantity,
        strike: plan.body.strike,
        option_type: plan.body.option_type,
        entry_price: plan.body.entry_price,
        hedge_enabled: plan.body.hedge_enabled,
      },
    };
  }

  function fillOutcome(
    plan: Execution,
    progress: EntryProgress,
    hedgeOrderId: string | null,
    filledAt: number,
  ): Outcome {
    const filled = progress.status === 'FILLED';
    const averagePrice = progress.averagePrice;
    const prefix = filled
      ? 'filled'
      : `partly filled (${progress.filledQuantity}/${plan.quantity}, ${progress.status})`;
    return {
      status: filled ? 'FILLED' : 'PARTIAL',
      orderId: progress.brokerOrderId,
      hedgeOrderId,
      averagePrice,
      slippage:
        averagePrice === null
          ? describeNoFill(`${prefix}; no average price reported`)
          : describeFillSlippage(plan.side, plan.signalPrice, averagePrice, prefix),
      filledAt: filled ? filledAt : null,
    };
  }

  async function executePlan(plan: Execution): Promise<ExecuteSignalReply> {
    let hedgeLeg: Extract<HedgeResult, { ok: true }> | null = null;
    if (plan.hedge !== null) {
      const opened = await openHedge(plan, plan.hedge);
      if (!opened.ok) return opened.reply;
      hedgeLeg = opened;
    }
    const hedgeOrderId = hedgeLeg?.brokerOrderId ?? null;

    // A throw from here on leaves the main leg's fate unknown: the hedge is kept (a bought
    // option costs at most its premium; a written one left naked does not) and the error
    // goes up to the route as a 500.
    const outcome = await intake.submitEntry(mainEntry(plan, hedgeLeg?.correlationId));
    if (!outcome.ok) {
      const flattened =
        hedgeLeg === null
          ? null
          : await flattenHedge(
              hedgeLeg.groupId,
              `execute-signal: main leg refused (${outcome.code})`,
            );
      const message = `main leg refused (${outcome.code}, ${outcome.reason}): ${outcome.message}`;
      return refuse(plan.receivedAt, flattened === null ? message : `${message}; ${flattened}`, {
        hedgeOrderId,
      });
    }
    if (hedgeLeg !== null) {
      try {
        await intake.linkHedge(outcome.groupId, hedgeLeg.groupId);
      } catch (error) {
        // The main leg is working; unlinked, the hedge still stands and EOD closes both.
        logger.error(
          { err: error, mainGroupId: outcome.groupId, hedgeGroupId: hedgeLeg.groupId },
          'execute-signal: linking the hedge failed',
        );
      }
    }
    const progress = await intake.awaitEntry(outcome.groupId, settings.fillTimeoutMs);
    const answeredAt = clock.now();
    if (progress.filledQuantity > 0 || progress.status === 'FILLED') {
      return answer(plan.receivedAt, fillOutcome(plan, progress, hedgeOrderId, answeredAt));
    }
    if (FINISHED_STATUSES.has(progress.status)) {
      const detail = progress.statusMessage === null ? '' : `: ${progress.statusMessage}`;
      const why = `main leg ${progress.status} before any fill${detail}`;
      const flattened =
        hedgeLeg === null ? null : await flattenHedge(hedgeLeg.groupId, `execute-signal: ${why}`);
      return refuse(plan.receivedAt, flattened === null ? why : `${why}; ${flattened}`, {
        orderId: progress.brokerOrderId,
        hedgeOrderId,
      });
    }
    return answer(plan.receivedAt, {
      status: 'PENDING',
      orderId: progress.brokerOrderId,
      hedgeOrderId,
      averagePrice: null,
      slippage: describeNoFill(
        `sent at ${formatRupeeAmount(plan.entry)}, not filled within ${settings.fillTimeoutMs} ms (${progress.status}); the engine keeps working it`,
      ),
      filledAt: null,
    });
  }

  return {
    async execute(raw, receivedAt) {
      const parsed = executeSignalBody.safeParse(raw);
      if (!parsed.success) return { httpStatus: 400, body: describeBadRequest(parsed.error) };
      const planned = planSignal(parsed.data, {
        instruments: intake.instruments(),
        todayIst: settings.todayIst(),
        percents,
        hedgeDistancePoints: settings.hedgeDistancePoints,
      });
      if (!planned.ok) {
        return planned.code === 'UNKNOWN_CONTRACT'
          ? { httpStatus: 422, body: { error: { code: planned.code, message: planned.message } } }
          : refuse(receivedAt, planned.message);
      }
      const { plan } = planned;
      const reply = await executePlan({ ...plan, receivedAt });
      logger.info(
        {
          tradingSymbol: plan.main.tradingSymbol,
          hedge: plan.hedge?.tradingSymbol ?? null,
          httpStatus: reply.httpStatus,
          ...('status' in reply.body ? { status: reply.body.status } : {}),
        },
        'execute-signal answered',
      );
      return reply;
    },
  };
}
