import type { OrderState, OrderType, Paise } from '@kavach/domain';
import type { UpdateSource } from '../generated/prisma/client';
import { toDbPrice, toDbPriceOrNull } from '../money';
import { type DbClient, type JsonObject, runInTransaction } from './db-client';
import { toDbOrderType } from './orders';

export interface OrderMachineUpdate {
  /** The order row's id. */
  readonly orderId: string;
  readonly previous: OrderState;
  readonly next: OrderState;
  readonly source: UpdateSource;
  readonly brokerOrderId?: string | null;
  readonly exchangeUpdatedAt?: Date;
  readonly submittedAt?: Date;
  readonly modificationCount?: number;
  /** A modify changed the order's type and prices (a stop turned into a MARKET exit). */
  readonly repriced?: {
    readonly orderType: OrderType;
    readonly price: Paise | null;
    readonly triggerPrice: Paise | null;
  };
  readonly at: Date;
}

/**
 * Records what the order machine decided: the columns the dashboard reads, the machine state
 * a restarted engine reloads, one history row per new transition and one fill row per new
 * priced fill, in one transaction. The machine already refused illegal transitions and
 * duplicate fills; this only writes what is new.
 */
export function saveOrderMachineState(db: DbClient, update: OrderMachineUpdate): Promise<void> {
  const { previous, next } = update;
  const newTransitions = next.history.slice(previous.history.length);
  const knownFills = new Set(previous.fills.map((f) => f.fillId));
  const newFills = next.fills.filter((f) => !knownFills.has(f.fillId));
  return runInTransaction(db, async (tx) => {
    await tx.order.update({
      where: { id: update.orderId },
      data: {
        status: next.status,
        statusBeforePending: next.previousWorkingStatus,
        quantity: next.quantity,
        filledQuantity: next.filledQuantity,
        averagePricePaise: toDbPriceOrNull(next.averageFillPrice),
        statusMessage: next.statusMessage,
        machineState: toJson(next),
        version: { increment: 1 },
        updatedAt: update.at,
        ...(update.brokerOrderId == null ? {} : { brokerOrderId: update.brokerOrderId }),
        ...(update.exchangeUpdatedAt === undefined
          ? {}
          : { exchangeUpdatedAt: update.exchangeUpdatedAt }),
        ...(update.submittedAt === undefined ? {} : { submittedAt: update.submittedAt }),
        ...(update.modificationCount === undefined
          ? {}
          : { modificationCount: update.modificationCount }),
        ...(update.repriced === undefined
          ? {}
          : {
              orderType: toDbOrderType(update.repriced.orderType),
              pricePaise: toDbPriceOrNull(update.repriced.price),
              triggerPricePaise: toDbPriceOrNull(update.repriced.triggerPrice),
            }),
      },
    });
    if (newTransitions.length > 0) {
      await tx.orderStatusHistory.createMany({
        data: newTransitions.map((t) => ({
          orderId: update.orderId,
          fromStatus: t.from,
          toStatus: t.to,
          reason: t.reason,
          source: update.source,
          at: new Date(t.at),
        })),
      });
    }
    const priced = newFills.filter((f) => f.price !== null);
    if (priced.length > 0) {
      await tx.fill.createMany({
        data: priced.map((f) => ({
          orderId: update.orderId,
          tradeId: f.fillId,
          quantity: f.quantity,
          pricePaise: f.price === null ? 0 : toDbPrice(f.price),
          filledAt: new Date(f.at),
          source: f.source === 'TRADE' ? update.source : 'RECONCILIATION',
        })),
        skipDuplicates: true,
      });
    }
  });
}

/** The machine state as a JSON column (it is plain data: numbers, strings, arrays). */
export function toJson(value: object): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
