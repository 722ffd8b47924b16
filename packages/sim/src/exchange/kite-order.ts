import { formatIstTimestamp } from '@kavach/domain';
import type { OrderRecord } from './order-record';
import { computeAverageFillPrice } from './order-record';

/** One entry of Kite's GET /orders (and of GET /orders/:id), field for field. */
export interface KiteOrder {
  readonly account_id: string;
  readonly placed_by: string;
  readonly order_id: string;
  readonly exchange_order_id: string | null;
  readonly parent_order_id: string | null;
  readonly status: string;
  readonly status_message: string | null;
  readonly status_message_raw: string | null;
  readonly order_timestamp: string;
  readonly exchange_update_timestamp: string | null;
  readonly exchange_timestamp: string | null;
  readonly variety: string;
  readonly modified: boolean;
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly instrument_token: number;
  readonly order_type: string;
  readonly transaction_type: string;
  readonly validity: string;
  readonly validity_ttl: number;
  readonly product: string;
  readonly quantity: number;
  readonly disclosed_quantity: number;
  readonly price: number;
  readonly trigger_price: number;
  readonly average_price: number;
  readonly filled_quantity: number;
  readonly pending_quantity: number;
  readonly cancelled_quantity: number;
  readonly market_protection: number;
  readonly meta: Record<string, unknown>;
  readonly tag: string | null;
  /** Present only when the order carries tags, as in Kite's samples. */
  readonly tags?: readonly string[];
  readonly guid: string | null;
}

function formatOptional(ms: number | null): string | null {
  return ms === null ? null : formatIstTimestamp(ms);
}

/** Rupees from paise for the wire; also fractional averages. */
function toRupees(amountPaise: number): number {
  return amountPaise / 100;
}

/** The Kite wire form of an order snapshot: rupees, IST strings, snake_case. */
export function toKiteOrder(order: OrderRecord): KiteOrder {
  const kite: KiteOrder = {
    account_id: order.accountId,
    placed_by: order.placedBy,
    order_id: order.orderId,
    exchange_order_id: order.exchangeOrderId,
    parent_order_id: order.parentOrderId,
    status: order.status,
    status_message: order.statusMessage,
    status_message_raw: order.statusMessageRaw,
    order_timestamp: formatIstTimestamp(order.orderTimestamp),
    exchange_update_timestamp: formatOptional(order.exchangeUpdateTimestamp),
    exchange_timestamp: formatOptional(order.exchangeTimestamp),
    variety: order.variety,
    modified: order.modified,
    exchange: order.exchange,
    tradingsymbol: order.tradingSymbol,
    instrument_token: order.instrumentToken,
    order_type: order.orderType,
    transaction_type: order.transactionType,
    validity: order.validity,
    validity_ttl: order.validityTtl,
    product: order.product,
    quantity: order.quantity,
    disclosed_quantity: order.disclosedQuantity,
    price: toRupees(order.price),
    trigger_price: toRupees(order.triggerPrice),
    average_price: toRupees(computeAverageFillPrice(order)),
    filled_quantity: order.filledQuantity,
    pending_quantity: order.pendingQuantity,
    cancelled_quantity: order.cancelledQuantity,
    market_protection: order.marketProtection,
    meta: {},
    tag: order.tag,
    guid: order.guid,
  };
  return order.tags.length === 0 ? kite : { ...kite, tags: [...order.tags] };
}
