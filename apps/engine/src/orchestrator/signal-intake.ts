import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@kavach/db';
import type { Clock, Instrument } from '@kavach/domain';
import { isClosedStatus } from '@kavach/domain';
import type { PriceBook } from '../market-data/price-book';
import type { OcoManager } from '../oco/oco-manager';
import type { EntryIntent, EntryPipeline } from './entry-pipeline';
import type {
  EntryProgress,
  ExternalEntry,
  ExternalEntryOutcome,
  SignalIntake,
} from './external-entry';

export interface SignalIntakeOptions {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly pipeline: EntryPipeline;
  readonly oco: OcoManager;
  readonly priceBook: PriceBook;
  readonly bySymbol: (key: string) => Instrument | undefined;
  readonly allInstruments: () => readonly Instrument[];
  /** How old a last price may be to count as live. */
  readonly maxQuoteAgeMs: () => number;
  /** Hedge group id → its main group id, kept by the engine for flatten ordering. */
  readonly hedges: Map<string, string>;
  readonly elapsed?: () => number;
  readonly pollMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The engine side of outside signals: webhooks and execute-signal enter the pipeline here. */
export function createSignalIntake(options: SignalIntakeOptions): SignalIntake {
  const { prisma, clock, pipeline, oco, priceBook } = options;
  const elapsed = options.elapsed ?? (() => performance.now());
  const pollMs = options.pollMs ?? 20;

  function intentOf(entry: ExternalEntry): EntryIntent {
    const [tp1, tp2] = entry.targets;
    const now = clock.now();
    return {
      opportunity: {
        strategy: entry.strategy,
        token: entry.instrument.token,
        side: entry.side,
        entry: entry.entry,
        stop: entry.stop,
        // The signal message shows two targets; a hedge has none, so both read as its entry.
        tp1: tp1 ?? entry.entry,
        tp2: tp2 ?? tp1 ?? entry.entry,
        features: {},
        featureScores: {},
        score: 1,
        reason: `${entry.source} ${entry.hedge === true ? 'hedge ' : ''}${entry.side}`,
        rank: null,
      },
      source: entry.source,
      targets: entry.targets,
      sizing: entry.sizing,
      receivedAt: entry.receivedAt,
      // The monotonic reading when it arrived, from the venue-clock age of the signal.
      receivedMono: elapsed() - Math.max(0, now - entry.receivedAt),
      correlationId: entry.correlationId ?? randomUUID(),
      atMarket: entry.atMarket === true,
      hedge: entry.hedge === true,
      extraFeatures: entry.features ?? {},
      attempt: 0,
    };
  }

  function progressOf(groupId: string): EntryProgress {
    const entry = oco.ordersOf(groupId).find((o) => o.role === 'ENTRY');
    if (entry === undefined) {
      return {
        groupId,
        status: 'UNKNOWN',
        brokerOrderId: null,
        filledQuantity: 0,
        averagePrice: null,
        statusMessage: null,
      };
    }
    return {
      groupId,
      status: entry.state.status,
      brokerOrderId: entry.brokerOrderId,
      filledQuantity: entry.state.filledQuantity,
      averagePrice: entry.state.averageFillPrice,
      statusMessage: entry.state.statusMessage,
    };
  }

  return {
    resolveInstrument: (exchange, tradingSymbol) =>
      options.bySymbol(`${exchange.toUpperCase()}:${tradingSymbol.toUpperCase()}`),

    submitEntry: async (entry): Promise<ExternalEntryOutcome> => {
      const intent = intentOf(entry);
      const outcome = await pipeline.submit(intent);
      if (outcome === null) {
        return {
          ok: false,
          code: 'INVALID_SIGNAL',
          reason: 'UNKNOWN_INSTRUMENT',
          message: `${entry.instrument.exchange}:${entry.instrument.tradingSymbol} is not in the instrument master`,
          signalId: null,
          decisionId: null,
          correlationId: intent.correlationId,
        };
      }
      if (outcome.groupId === null || outcome.refusal !== null) {
        return {
          ok: false,
          code: outcome.refusal ?? 'NOT_OPENED',
          reason: outcome.reason ?? 'NOT_OPENED',
          message: outcome.detail ?? 'the bracket could not be opened',
          signalId: outcome.signalId,
          decisionId: outcome.decisionId,
          correlationId: outcome.correlationId,
        };
      }
      return {
        ok: true,
        signalId: outcome.signalId,
        decisionId: outcome.decisionId,
        groupId: outcome.groupId,
        correlationId: outcome.correlationId,
        quantity: outcome.quantity,
        sentPrice: outcome.sentPrice,
        repriced: outcome.repriced,
      };
    },

    exitPositions: async ({ strategy, instrument, reason }) => {
      const groups = oco
        .openGroups()
        .filter((g) => g.strategy === strategy && g.instrument.token === instrument.token);
      await Promise.all(groups.map((g) => oco.flattenGroup(g.id, reason)));
      return { groups: groups.length };
    },

    awaitEntry: async (groupId, timeoutMs) => {
      const until = elapsed() + timeoutMs;
      for (;;) {
        const progress = progressOf(groupId);
        const entry = oco.ordersOf(groupId).find((o) => o.role === 'ENTRY');
        const done =
          entry !== undefined &&
          (isClosedStatus(entry.state.status) ||
            entry.state.filledQuantity >= entry.state.quantity);
        if (done || elapsed() >= until) return progress;
        await sleep(pollMs);
      }
    },

    linkHedge: async (mainGroupId, hedgeGroupId) => {
      options.hedges.set(hedgeGroupId, mainGroupId);
      await prisma.$transaction([
        prisma.ocoGroup.update({
          where: { id: mainGroupId },
          data: { linkedGroupId: hedgeGroupId },
        }),
        prisma.ocoGroup.update({
          where: { id: hedgeGroupId },
          data: { linkedGroupId: mainGroupId },
        }),
      ]);
    },

    flattenGroup: (groupId, reason) => oco.flattenGroup(groupId, reason),

    livePrice: (instrument, timeoutMs) =>
      priceBook.fresh(instrument.token, clock.now(), options.maxQuoteAgeMs(), timeoutMs),

    instruments: () => options.allInstruments(),
  };
}
