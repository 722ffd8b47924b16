import type {
  Exchange,
  KiteOrderStatus,
  OrderSide,
  OrderType,
  Paise,
  Product,
} from '@kavach/domain';
import type { KiteValidity, Variety } from './order-request';

/** Statuses an order-book entry can show; "UPDATE" exists only in updates and postbacks. */
export type OrderBookStatus = Exclude<KiteOrderStatus, 'UPDATE'>;

/** Statuses after which an order never changes again. */
export const FINISHED_STATUSES: readonly OrderBookStatus[] = ['COMPLETE', 'CANCELLED', 'REJECTED'];

export function isFinished(status: OrderBookStatus): boolean {
  return FINISHED_STATUSES.includes(status);
}

/**
 * One immutable snapshot of an order. Every change produces a new record, so the current order
 * and its history (GET /orders/:id) are the same type. Times are epoch ms; the serializer
 * writes Kite's IST strings. Fields Kite does not show (how the order works inside the
 * simulator) are grouped at the end.
 */
export interface OrderRecord {
  readonly orderId: string;
  readonly exchangeOrderId: string | null;
  readonly parentOrderId: string | null;
  readonly accountId: string;
  /** The user id, or "ADMINSQF" for the broker's square-off orders. */
  readonly placedBy: string;
  readonly status: OrderBookStatus;
  readonly statusMessage: string | null;
  readonly statusMessageRaw: string | null;
  /** Time of the latest change Kite's OMS made to the order. */
  readonly orderTimestamp: number;
  /** When the exchange accepted (or last accepted a change to) the order; null before. */
  readonly exchangeTimestamp: number | null;
  readonly exchangeUpdateTimestamp: number | null;
  readonly variety: Variety;
  readonly modified: boolean;
  readonly exchange: Exchange;
  readonly tradingSymbol: string;
  readonly instrumentToken: number;
  /** As Kite shows it: a protected MARKET order is stored as LIMIT at its protection price. */
  readonly orderType: OrderType;
  readonly transactionType: OrderSide;
  readonly validity: KiteValidity;
  readonly validityTtl: number;
  readonly product: Product;
  readonly quantity: number;
  readonly disclosedQuantity: number;
  readonly price: Paise;
  readonly triggerPrice: Paise;
  readonly filledQuantity: number;
  /** Sum of fill price × quantity: the exact numerator of average_price. */
  readonly filledValue: Paise;
  readonly pendingQuantity: number;
  readonly cancelledQuantity: number;
  readonly marketProtection: number;
  readonly tag: string | null;
  readonly tags: readonly string[];
  readonly guid: string;

  /** Placement sequence: time priority among resting orders. */
  readonly sequence: number;
  /** The type the client asked for (MARKET stays MARKET here). */
  readonly requestedOrderType: OrderType;
  /**
   * The price the order matches at or better: the limit, or the protection price of a
   * MARKET / triggered SL-M order; null while a stop waits for its trigger.
   */
  readonly workingPrice: Paise | null;
  /** Takes liquidity at the depth's prices on every market update (MARKET, triggered SL-M). */
  readonly marketable: boolean;
  readonly modificationCount: number;
}

/** One execution. */
export interface TradeRecord {
  readonly tradeId: string;
  readonly orderId: string;
  readonly exchangeOrderId: string;
  readonly exchange: Exchange;
  readonly tradingSymbol: string;
  readonly instrumentToken: number;
  readonly product: Product;
  readonly transactionType: OrderSide;
  readonly price: Paise;
  readonly quantity: number;
  readonly fillTimestamp: number;
  readonly orderTimestamp: number;
  readonly exchangeTimestamp: number;
}

/** Volume-weighted average fill price in paise (fractional); 0 before the first fill. */
export function computeAverageFillPrice(
  order: Pick<OrderRecord, 'filledQuantity' | 'filledValue'>,
): number {
  return order.filledQuantity === 0 ? 0 : order.filledValue / order.filledQuantity;
}
