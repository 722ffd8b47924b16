import type { Logger } from '@kavach/config';
import type { PrismaClient } from '@kavach/db';
import {
  attachSlippageOrder,
  recordSlippageAck,
  recordSlippageCheck,
  recordSlippageFill,
} from '@kavach/db';
import type { Clock, Instrument, OrderSide, Paise } from '@kavach/domain';
import { decideSlippageAction, measureSlippage, roundToTick } from '@kavach/domain';
import type { SlippageConfig, SlippageLimits, VersionedSlippageConfig } from './slippage-config';
import { toSlippageLimits, versionSlippageConfig } from './slippage-config';

/** The pre-send check's verdict on one entry. */
export type SlippageVerdict =
  | {
      readonly action: 'PROCEED' | 'REQUOTE';
      /** The price to send: the signal's, or the market's (on the tick grid) after a requote. */
      readonly price: Paise;
      readonly marketPrice: Paise;
      readonly driftBps: number;
      readonly detail: string | null;
    }
  | {
      readonly action: 'REJECT';
      readonly reason: 'SLIPPAGE_EXCEEDED' | 'NO_MARKET_PRICE';
      readonly marketPrice: Paise | null;
      readonly driftBps: number | null;
      readonly detail: string;
    };

export interface CheckedEntry {
  readonly source: string;
  readonly strategy: string;
  readonly instrument: Instrument;
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly signalPrice: Paise;
  readonly correlationId: string;
  readonly groupId: string | null;
  /** Venue-clock time the signal arrived, and the monotonic reading then. */
  readonly signalAt: number;
  readonly signalMono: number;
  /** False for a hedge bought at market: its fill is recorded, never counted as a breach. */
  readonly countsForBreaches?: boolean;
}

/** One sample being followed from check to first fill. */
interface Followed {
  readonly entry: CheckedEntry;
  /** The sample's row, written on first asking. */
  readonly sampleId: () => Promise<string | null>;
  /** Writes for this sample run in order. */
  chain: Promise<void>;
  acked: boolean;
  filled: boolean;
}

export interface SlippageManagerOptions {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly initial: VersionedSlippageConfig;
  /** Monotonic real milliseconds: latencies stay real when the venue clock runs fast. */
  readonly elapsed?: () => number;
  /** Too many breaches in the window: pause entries and say why. Called once per episode. */
  readonly onBreachLimit: (detail: string) => void;
  /** A partly filled entry's market ran away: cancel the rest. */
  readonly abandonEntry: (groupId: string, reason: string) => void;
}

const BPS = 10_000;

/**
 * Keeps entries honest with the market: before an entry goes out its signal price is checked
 * against the live price (refused beyond tolerance, re-priced beyond the requote threshold);
 * every checked order is followed to its first fill and stored as a slippage sample with the
 * latency of each step; breaches within a rolling window pause new entries.
 */
export function createSlippageManager(options: SlippageManagerOptions) {
  const { prisma, clock, logger } = options;
  const elapsed = options.elapsed ?? (() => performance.now());
  let versioned = options.initial;
  let limits: SlippageLimits = toSlippageLimits(versioned.config);
  const byClientOrderId = new Map<string, Followed>();
  /** Partly filled entries whose rest still works, by client order id. */
  const partials = new Map<string, Followed>();
  let breaches: number[] = [];
  let breachEpisode = false;
  let lastSampleAt: number | null = null;
  let samples = 0;

  function recordBreach(why: string): void {
    const now = elapsed();
    breaches = breaches.filter((t) => now - t <= limits.breachWindowMs);
    // A quiet window ends the episode: the next run of breaches may pause again.
    if (breaches.length === 0) breachEpisode = false;
    breaches.push(now);
    logger.warn({ why, breaches: breaches.length }, 'slippage breach');
    if (breaches.length >= limits.breachesToPause && !breachEpisode) {
      breachEpisode = true;
      options.onBreachLimit(
        `${breaches.length} slippage/latency breaches within ${limits.breachWindowMs / 60_000} min (last: ${why})`,
      );
    }
  }

  function write(followed: Followed, work: (sampleId: string) => Promise<unknown>): void {
    followed.chain = followed.chain
      .then(async () => {
        const id = await followed.sampleId();
        if (id !== null) await work(id);
      })
      .catch((error: unknown) => {
        logger.error({ error }, 'slippage sample not written');
      });
  }

  function monoToDate(followed: Followed, mono: number): Date {
    return new Date(followed.entry.signalAt + Math.max(0, mono - followed.entry.signalMono));
  }

  return {
    config: (): VersionedSlippageConfig => versioned,
    limits: (): SlippageLimits => limits,
    setConfig(config: SlippageConfig): VersionedSlippageConfig {
      versioned = versionSlippageConfig(config);
      limits = toSlippageLimits(config);
      return versioned;
    },

    /** The verdict for an entry's signal price against the market's last price. */
    check(
      side: OrderSide,
      signalPrice: Paise,
      market: Paise | null,
      tickSize: Paise,
    ): SlippageVerdict {
      if (market === null) {
        return {
          action: 'REJECT',
          reason: 'NO_MARKET_PRICE',
          marketPrice: null,
          driftBps: null,
          detail: 'no live price to check the signal against',
        };
      }
      const drift = measureSlippage(side, signalPrice, market);
      const action = decideSlippageAction(drift, limits.tolerance);
      if (action.action === 'REJECT') {
        return {
          action: 'REJECT',
          reason: 'SLIPPAGE_EXCEEDED',
          marketPrice: market,
          driftBps: drift.bps,
          detail: action.detail,
        };
      }
      if (action.action === 'REQUOTE') {
        // On the grid, towards the market: a BUY's limit rounds up so it can still fill.
        const price = roundToTick(market, tickSize, side === 'BUY' ? 'up' : 'down');
        return {
          action: 'REQUOTE',
          price,
          marketPrice: market,
          driftBps: drift.bps,
          detail: action.detail,
        };
      }
      return {
        action: 'PROCEED',
        price: signalPrice,
        marketPrice: market,
        driftBps: drift.bps,
        detail: null,
      };
    },

    /**
     * Stores the check (refusals too) and, for an entry that goes out, follows its order;
     * `sent` must be called with the entry's order once it exists.
     */
    recordCheck(entry: CheckedEntry, verdict: SlippageVerdict) {
      const validatedMono = elapsed();
      const refused = verdict.action === 'REJECT';
      if (refused) recordBreach(verdict.detail);
      samples += 1;
      lastSampleAt = clock.now();
      const { marketPrice } = verdict;
      let stored: Promise<string | null> | null = null;
      const store = (): Promise<string | null> =>
        (stored ??=
          marketPrice === null
            ? Promise.resolve(null)
            : recordSlippageCheck(prisma, {
                orderId: null,
                groupId: entry.groupId,
                correlationId: entry.correlationId,
                source: entry.source,
                strategy: entry.strategy,
                instrumentId: entry.instrumentId,
                side: entry.side,
                quantity: entry.quantity,
                signalPrice: entry.signalPrice,
                marketPrice,
                sentPrice: refused ? null : verdict.price,
                quoteDriftBps: verdict.driftBps ?? 0,
                check: refused
                  ? 'REJECTED'
                  : verdict.action === 'REQUOTE'
                    ? 'REPRICED'
                    : 'ACCEPTED',
                checkReason: verdict.detail,
                breach: refused,
                signalAt: new Date(entry.signalAt),
                validatedAt: new Date(
                  entry.signalAt + Math.max(0, validatedMono - entry.signalMono),
                ),
                configSha: versioned.sha,
              }).then(
                (row) => row.id,
                (error: unknown) => {
                  logger.error({ error }, 'slippage check not stored');
                  return null;
                },
              ));
      const followed: Followed = {
        entry,
        sampleId: store,
        chain: Promise.resolve(),
        acked: false,
        filled: false,
      };
      // The sample is written once the entry went out (or did not): not on the way to the order.
      return {
        /** The entry's order was written and sent. */
        sent(clientOrderId: string, orderRowId: string): void {
          byClientOrderId.set(clientOrderId, followed);
          const sentAt = monoToDate(followed, elapsed());
          write(followed, (id) => attachSlippageOrder(prisma, id, { orderId: orderRowId, sentAt }));
        },
        /** No order went out for it (refused, or the bracket could not be opened). */
        notSent(): void {
          void store();
        },
      };
    },

    /** The broker acknowledged an order (SUBMITTED or later). */
    acknowledged(clientOrderId: string): void {
      const followed = byClientOrderId.get(clientOrderId);
      if (followed === undefined || followed.acked) return;
      followed.acked = true;
      const mono = elapsed();
      const latency = mono - followed.entry.signalMono;
      if (latency > limits.maxLatencyMs) {
        recordBreach(`signal to broker acknowledgement took ${Math.round(latency)} ms`);
      }
      const ackAt = monoToDate(followed, mono);
      write(followed, (id) => recordSlippageAck(prisma, id, ackAt));
    },

    /** A fill of a followed order: the first one is measured; a partial one is watched. */
    filled(clientOrderId: string, price: Paise, complete: boolean): void {
      const followed = byClientOrderId.get(clientOrderId);
      if (followed === undefined) return;
      if (complete) {
        byClientOrderId.delete(clientOrderId);
        partials.delete(clientOrderId);
      } else partials.set(clientOrderId, followed);
      if (followed.filled) return;
      followed.filled = true;
      const mono = elapsed();
      const measured = measureSlippage(followed.entry.side, followed.entry.signalPrice, price);
      const beyond = decideSlippageAction(measured, limits.tolerance).action === 'REJECT';
      if (beyond && followed.entry.countsForBreaches !== false) {
        recordBreach(`filled ${measured.bps.toFixed(1)} bps from the signal`);
      }
      const fill = {
        fillPrice: price,
        slippagePaise: measured.perUnit,
        slippageBps: measured.bps,
        favourable: measured.favourable,
        firstFillAt: monoToDate(followed, mono),
        totalMs: Math.round(mono - followed.entry.signalMono),
        breach: beyond,
      };
      write(followed, (id) => recordSlippageFill(prisma, id, fill));
    },

    /** The order is finished (filled, cancelled, rejected): nothing more to follow. */
    finished(clientOrderId: string): void {
      byClientOrderId.delete(clientOrderId);
      partials.delete(clientOrderId);
    },

    /** A tick: a partly filled entry whose market ran away beyond the threshold is cut. */
    marked(token: number, price: Paise): void {
      for (const [clientOrderId, followed] of partials) {
        const { groupId } = followed.entry;
        if (followed.entry.instrument.token !== token || groupId === null) continue;
        const drift = measureSlippage(followed.entry.side, followed.entry.signalPrice, price);
        if (
          BigInt(drift.perUnit) * BigInt(BPS) <=
          BigInt(limits.partialFillBps) * BigInt(followed.entry.signalPrice)
        ) {
          continue;
        }
        partials.delete(clientOrderId);
        options.abandonEntry(
          groupId,
          `market ${drift.bps.toFixed(1)} bps away from a partly filled entry (threshold ${limits.partialFillBps} bps)`,
        );
      }
    },

    /** A person resumed: a new breach episode may pause again. */
    resetBreaches(): void {
      breaches = [];
      breachEpisode = false;
    },

    status() {
      const now = elapsed();
      const inWindow = breaches.filter((t) => now - t <= limits.breachWindowMs).length;
      return {
        configSha: versioned.sha,
        config: versioned.config,
        breachesInWindow: inWindow,
        breachesToPause: limits.breachesToPause,
        paused: breachEpisode,
        samples,
        lastSampleAt,
        following: byClientOrderId.size,
      };
    },
  };
}

export type SlippageManager = ReturnType<typeof createSlippageManager>;
