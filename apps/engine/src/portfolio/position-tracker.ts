import type { Logger } from '@kavach/config';
import type { PrismaClient } from '@kavach/db';
import { savePosition } from '@kavach/db';
import type { Clock, Excursion, NetPosition, OrderSide, Paise, Product } from '@kavach/domain';
import { type WriteBehind, writeThrough } from '../storage/write-behind';
import {
  applyPositionFill,
  computeExcursionTotals,
  FLAT_POSITION,
  markPositionToMarket,
  paise,
  startExcursion,
  updateExcursion,
  ZERO_PAISE,
} from '@kavach/domain';
import { createKeyedQueue } from '../oco/keyed-queue';

export interface TrackedPosition {
  readonly token: number;
  readonly instrumentId: string;
  position: NetPosition;
  lastPrice: Paise | null;
  excursion: Excursion | null;
  dirty: boolean;
}

/** An instrument's open position as the engine last had it: taken up again after a restart. */
export interface RestoredPosition {
  readonly token: number;
  readonly instrumentId: string;
  readonly position: NetPosition;
  readonly lastPrice: Paise | null;
  readonly excursion: Excursion | null;
  /** True when it differs from the stored row: written at once. */
  readonly unsaved: boolean;
}

export interface PositionFillInput {
  readonly token: number;
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: Paise;
}

/**
 * The engine's net position per instrument, from its own fills, with MFE/MAE from ticks. A
 * position opens on the first fill from flat and closes when it is flat again; each is one
 * Position row. Marks are kept in memory and written by flush(), not on every tick.
 */
export function createPositionTracker(options: {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly product: Product;
  /** Kept while PostgreSQL is away (ADR 7); default: written at once. */
  readonly writes?: WriteBehind;
}) {
  const { prisma, clock, logger, product } = options;
  const writes = options.writes ?? writeThrough;
  const positions = new Map<number, TrackedPosition>();
  const queue = createKeyedQueue();

  async function persist(tracked: TrackedPosition): Promise<void> {
    tracked.dirty = false;
    const { position, excursion, lastPrice } = tracked;
    const totals =
      excursion === null
        ? { mfe: ZERO_PAISE, mae: ZERO_PAISE }
        : computeExcursionTotals(excursion, Math.abs(position.netQuantity));
    const row = {
      instrumentId: tracked.instrumentId,
      product,
      position,
      lastPrice,
      unrealisedPnl: lastPrice === null ? ZERO_PAISE : markPositionToMarket(position, lastPrice),
      mfe: totals.mfe,
      mae: totals.mae,
      riskAmount: ZERO_PAISE,
      at: new Date(clock.now()),
    };
    await writes.write(`position ${tracked.instrumentId}`, () => savePosition(prisma, row));
  }

  return {
    applyFill: (fill: PositionFillInput): Promise<void> =>
      queue.run(String(fill.token), async () => {
        const tracked = positions.get(fill.token) ?? {
          token: fill.token,
          instrumentId: fill.instrumentId,
          position: FLAT_POSITION,
          lastPrice: null,
          excursion: null,
          dirty: false,
        };
        positions.set(fill.token, tracked);
        const wasFlat = tracked.position.netQuantity === 0;
        const before = Math.sign(tracked.position.netQuantity);
        tracked.position = applyPositionFill(tracked.position, fill);
        const after = Math.sign(tracked.position.netQuantity);
        tracked.lastPrice ??= fill.price;
        if (after === 0) {
          await persist(tracked);
          // A closed position's row is final; the next fill opens a new one.
          tracked.position = FLAT_POSITION;
          tracked.excursion = null;
          return;
        }
        if (wasFlat || before !== after) {
          tracked.excursion = startExcursion(
            after > 0 ? 'BUY' : 'SELL',
            tracked.position.averagePrice,
          );
        }
        await persist(tracked);
      }),

    mark: (token: number, lastPrice: Paise): void => {
      const tracked = positions.get(token);
      if (tracked === undefined) return;
      tracked.lastPrice = lastPrice;
      if (tracked.excursion !== null && lastPrice > 0) {
        tracked.excursion = updateExcursion(tracked.excursion, paise(lastPrice));
      }
      tracked.dirty = true;
    },

    /** Writes every position marked since its last write. */
    flush: async (): Promise<void> => {
      for (const tracked of positions.values()) {
        if (!tracked.dirty || tracked.position.netQuantity === 0) continue;
        await queue
          .run(String(tracked.token), () => persist(tracked))
          .catch((error: unknown) => {
            logger.error({ error, token: tracked.token }, 'position write failed');
          });
      }
    },

    /**
     * After a restart, before any fill: fills and marks go on from this position. Without it
     * the first exit fill would start a new position from flat and overwrite the open row.
     */
    restore: (restored: RestoredPosition): Promise<void> =>
      queue.run(String(restored.token), async () => {
        const tracked: TrackedPosition = {
          token: restored.token,
          instrumentId: restored.instrumentId,
          position: restored.position,
          lastPrice: restored.lastPrice,
          excursion: restored.excursion,
          dirty: false,
        };
        if (restored.unsaved) await persist(tracked);
        // A flat one is only written (its row closed); the next fill opens a new position.
        if (restored.position.netQuantity === 0) positions.delete(restored.token);
        else positions.set(restored.token, tracked);
      }),

    open: (): readonly TrackedPosition[] =>
      [...positions.values()].filter((p) => p.position.netQuantity !== 0),

    idle: () => queue.idle(),
  };
}

export type PositionTracker = ReturnType<typeof createPositionTracker>;
