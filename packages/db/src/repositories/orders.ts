import type {
  LegRole,
  OrderSide,
  OrderStatus,
  OrderType,
  Paise,
  Product,
  Validity,
} from '@kavach/domain';
import { DuplicateKeyError, NotFoundError, StaleVersionError } from '../errors';
import type {
  OrderType as DbOrderType,
  Order as OrderRow,
  Prisma,
  UpdateSource,
} from '../generated/prisma/client';
import { fromDbPriceOrNull, toDbPriceOrNull } from '../money';
import { isUniqueViolation } from '../unique-violation';
import { type DbClient, runInTransaction } from './db-client';

export type OrderUpdateSource = UpdateSource;

export interface NewOrder {
  /** The row's id when the caller must know it before the row is written; else generated. */
  readonly id?: string;
  /** Sent to Kite as the order tag: 1-20 letters and digits. */
  readonly clientOrderId: string;
  /** The OCO group this order belongs to. */
  readonly parentGroup?: string | null;
  readonly role: LegRole;
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly product: Product;
  readonly validity: Validity;
  readonly quantity: number;
  readonly price?: Paise | null;
  readonly triggerPrice?: Paise | null;
  readonly decisionId?: string | null;
  readonly correlationId: string;
  /** The OCO group's id for the order (domain legId). */
  readonly legId?: string | null;
  /** From the engine's Clock; defaults to now. */
  readonly createdAt?: Date;
}

export interface StoredOrder {
  readonly id: string;
  readonly clientOrderId: string;
  readonly brokerOrderId: string | null;
  readonly exchangeOrderId: string | null;
  readonly parentGroup: string | null;
  readonly role: LegRole;
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly product: Product;
  readonly validity: Validity;
  readonly quantity: number;
  readonly filledQuantity: number;
  readonly price: Paise | null;
  readonly triggerPrice: Paise | null;
  readonly averagePrice: Paise | null;
  readonly status: OrderStatus;
  readonly statusBeforePending: OrderStatus | null;
  readonly statusMessage: string | null;
  readonly isExternal: boolean;
  readonly decisionId: string | null;
  readonly correlationId: string;
  readonly modificationCount: number;
  /** The OCO group's id for the order (domain legId); null outside a group. */
  readonly legId: string | null;
  /** The engine's stored order machine state (JSON), when it wrote one. */
  readonly machineState: unknown;
  readonly submittedAt: Date | null;
  readonly exchangeUpdatedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

export interface OrderStatusUpdate {
  readonly orderId: string;
  /** The version the caller read; the update is refused if the row moved on. */
  readonly expectedVersion: number;
  readonly status: OrderStatus;
  readonly source: OrderUpdateSource;
  readonly reason?: string | null;
  readonly statusMessage?: string | null;
  readonly brokerOrderId?: string;
  readonly exchangeOrderId?: string;
  readonly filledQuantity?: number;
  readonly averagePrice?: Paise | null;
  readonly submittedAt?: Date;
  readonly exchangeUpdatedAt?: Date;
  /** From the engine's Clock; defaults to now. */
  readonly at?: Date;
}

const CLIENT_ORDER_ID = { table: 'orders', column: 'client_order_id' } as const;
const BROKER_ORDER_ID = { table: 'orders', column: 'broker_order_id' } as const;
const KITE_TAG = /^[A-Za-z0-9]{1,20}$/;
const PENDING_STATES: ReadonlySet<OrderStatus> = new Set(['MODIFY_PENDING', 'CANCEL_PENDING']);

/**
 * The write-ahead intent: the order row, status PENDING_SUBMIT, and its first history row,
 * committed together before any broker call. Throws DuplicateKeyError
 * ('DUPLICATE_CLIENT_ORDER_ID') when the tag is taken, writing nothing.
 */
export async function persistOrder(db: DbClient, order: NewOrder): Promise<StoredOrder> {
  if (!KITE_TAG.test(order.clientOrderId)) {
    throw new RangeError(
      `clientOrderId must be 1-20 letters or digits (Kite's tag), got ${JSON.stringify(order.clientOrderId)}`,
    );
  }
  if (!Number.isSafeInteger(order.quantity) || order.quantity <= 0) {
    throw new RangeError(`quantity must be a positive integer, got ${order.quantity}`);
  }
  const at = order.createdAt;
  try {
    // One statement with a nested write: Prisma runs it in a single transaction.
    const row = await db.order.create({
      data: {
        ...(order.id === undefined ? {} : { id: order.id }),
        clientOrderId: order.clientOrderId,
        parentGroup: order.parentGroup ?? null,
        role: order.role,
        instrumentId: order.instrumentId,
        side: order.side,
        orderType: toDbOrderType(order.orderType),
        product: order.product,
        validity: order.validity,
        quantity: order.quantity,
        pricePaise: toDbPriceOrNull(order.price),
        triggerPricePaise: toDbPriceOrNull(order.triggerPrice),
        status: 'PENDING_SUBMIT',
        decisionId: order.decisionId ?? null,
        correlationId: order.correlationId,
        legId: order.legId ?? null,
        ...(at === undefined ? {} : { createdAt: at }),
        statusHistory: {
          create: {
            fromStatus: null,
            toStatus: 'PENDING_SUBMIT',
            reason: 'write-ahead intent',
            source: 'ENGINE',
            ...(at === undefined ? {} : { at }),
          },
        },
      },
    });
    return toStoredOrder(row);
  } catch (error) {
    if (isUniqueViolation(error, CLIENT_ORDER_ID)) {
      throw new DuplicateKeyError('DUPLICATE_CLIENT_ORDER_ID', order.clientOrderId, {
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * Moves an order to `update.status` and appends the history row, in one transaction, if the
 * row is still at `expectedVersion` (else StaleVersionError, nothing written). Whether the
 * transition is legal is the caller's (domain's) call; this records it.
 * Entering MODIFY_PENDING / CANCEL_PENDING remembers the state to return to on a refusal;
 * leaving them forgets it.
 */
export function updateOrderStatus(db: DbClient, update: OrderStatusUpdate): Promise<StoredOrder> {
  return runInTransaction(db, async (tx) => {
    const current = await tx.order.findUnique({
      where: { id: update.orderId },
      select: { status: true, version: true, statusBeforePending: true },
    });
    if (current === null) throw new NotFoundError('order', update.orderId);
    if (current.version !== update.expectedVersion) {
      throw new StaleVersionError('order', update.orderId, update.expectedVersion, current.version);
    }

    const data: Prisma.OrderUpdateManyMutationInput = {
      status: update.status,
      statusBeforePending: PENDING_STATES.has(update.status)
        ? PENDING_STATES.has(current.status)
          ? current.statusBeforePending
          : current.status
        : null,
      version: { increment: 1 },
    };
    if (update.statusMessage !== undefined) data.statusMessage = update.statusMessage;
    if (update.brokerOrderId !== undefined) data.brokerOrderId = update.brokerOrderId;
    if (update.exchangeOrderId !== undefined) data.exchangeOrderId = update.exchangeOrderId;
    if (update.filledQuantity !== undefined) data.filledQuantity = update.filledQuantity;
    if (update.averagePrice !== undefined) {
      data.averagePricePaise = toDbPriceOrNull(update.averagePrice);
    }
    if (update.submittedAt !== undefined) data.submittedAt = update.submittedAt;
    if (update.exchangeUpdatedAt !== undefined) data.exchangeUpdatedAt = update.exchangeUpdatedAt;
    if (update.at !== undefined) data.updatedAt = update.at;

    let updated;
    try {
      updated = await tx.order.updateMany({
        where: { id: update.orderId, version: update.expectedVersion },
        data,
      });
    } catch (error) {
      if (update.brokerOrderId !== undefined && isUniqueViolation(error, BROKER_ORDER_ID)) {
        throw new DuplicateKeyError('DUPLICATE_BROKER_ORDER_ID', update.brokerOrderId, {
          cause: error,
        });
      }
      throw error;
    }
    if (updated.count !== 1) {
      const now = await tx.order.findUniqueOrThrow({
        where: { id: update.orderId },
        select: { version: true },
      });
      throw new StaleVersionError('order', update.orderId, update.expectedVersion, now.version);
    }

    await tx.orderStatusHistory.create({
      data: {
        orderId: update.orderId,
        fromStatus: current.status,
        toStatus: update.status,
        reason: update.reason ?? null,
        source: update.source,
        ...(update.at === undefined ? {} : { at: update.at }),
      },
    });
    return toStoredOrder(await tx.order.findUniqueOrThrow({ where: { id: update.orderId } }));
  });
}

/** The order behind a Kite tag: how reconciliation matches broker orders to ours. */
export async function findOrderByClientOrderId(
  db: DbClient,
  clientOrderId: string,
): Promise<StoredOrder | null> {
  const row = await db.order.findUnique({ where: { clientOrderId } });
  return row === null ? null : toStoredOrder(row);
}

/** The orders of one OCO group, oldest first: what a restarted engine rebuilds it from. */
export async function listOrdersOfGroup(db: DbClient, groupId: string): Promise<StoredOrder[]> {
  const rows = await db.order.findMany({
    where: { parentGroup: groupId },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(toStoredOrder);
}

export function toDbOrderType(type: OrderType): DbOrderType {
  return type === 'SL-M' ? 'SL_M' : type;
}

function fromDbOrderType(type: DbOrderType): OrderType {
  return type === 'SL_M' ? 'SL-M' : type;
}

function toStoredOrder(row: OrderRow): StoredOrder {
  return {
    id: row.id,
    clientOrderId: row.clientOrderId,
    brokerOrderId: row.brokerOrderId,
    exchangeOrderId: row.exchangeOrderId,
    parentGroup: row.parentGroup,
    role: row.role,
    instrumentId: row.instrumentId,
    side: row.side,
    orderType: fromDbOrderType(row.orderType),
    product: row.product,
    validity: row.validity,
    quantity: row.quantity,
    filledQuantity: row.filledQuantity,
    price: fromDbPriceOrNull(row.pricePaise),
    triggerPrice: fromDbPriceOrNull(row.triggerPricePaise),
    averagePrice: fromDbPriceOrNull(row.averagePricePaise),
    status: row.status,
    statusBeforePending: row.statusBeforePending,
    statusMessage: row.statusMessage,
    isExternal: row.isExternal,
    decisionId: row.decisionId,
    correlationId: row.correlationId,
    modificationCount: row.modificationCount,
    legId: row.legId,
    machineState: row.machineState,
    submittedAt: row.submittedAt,
    exchangeUpdatedAt: row.exchangeUpdatedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}
