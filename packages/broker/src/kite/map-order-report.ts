import { mapKiteStatus, ORDER_SIDES, ORDER_TYPES, PRODUCTS } from '@kavach/domain';
import type { OrderSide, OrderType, Product } from '@kavach/domain';
import type { BrokerOrderReport } from '../broker';
import { readKiteTimestamp } from './kite-time';
import type { MapResult } from './map-result';
import {
  isWireRecord,
  readId,
  readInteger,
  readNullableString,
  readString,
  required,
  WireFieldError,
} from './wire-fields';
import type { WireRecord } from './wire-fields';
import { readOptionalPrice } from './wire-money';

function readOneOf<T extends string>(
  record: WireRecord,
  field: string,
  allowed: readonly T[],
): T | undefined {
  const value = readString(record, field);
  return allowed.find((candidate) => candidate === value);
}

/** The newest of Kite's three timestamps: the latest change the venue told us about. */
function readUpdatedAt(record: WireRecord): number | undefined {
  const stamps = ['exchange_update_timestamp', 'exchange_timestamp', 'order_timestamp']
    .map((field) => readKiteTimestamp(record[field]))
    .filter((ms): ms is number => ms !== null);
  return stamps.length === 0 ? undefined : Math.max(...stamps);
}

/**
 * One Kite order (order book entry, ticker order update or postback: the same fields) as the
 * port's report. Anything unreadable, including a status Kite never documented, is refused
 * with a message: the caller raises `invalidUpdate` rather than guess.
 */
export function toBrokerOrderReport(raw: unknown): MapResult<BrokerOrderReport> {
  if (!isWireRecord(raw)) return { ok: false, message: 'order payload is not an object' };
  const result = readReport(raw);
  if (result.ok) return result;
  // Name the order, so whoever reads the invalidUpdate can look it up at the broker.
  const orderId = readId(raw, 'order_id');
  return orderId === undefined
    ? result
    : { ok: false, message: `order ${orderId}: ${result.message}` };
}

function readReport(raw: WireRecord): MapResult<BrokerOrderReport> {
  try {
    const venueStatus = required(readString(raw, 'status'), 'status');
    const quantity = required(readInteger(raw, 'quantity'), 'quantity');
    const filledQuantity = required(readInteger(raw, 'filled_quantity'), 'filled_quantity');
    const orderType: OrderType = required(readOneOf(raw, 'order_type', ORDER_TYPES), 'order_type');
    const triggerPrice = required(readOptionalPrice(raw, 'trigger_price'), 'trigger_price');
    const mapped = mapKiteStatus({
      status: venueStatus,
      quantity,
      filledQuantity,
      orderType,
      triggerPrice,
    });
    if (!mapped.ok) return { ok: false, message: mapped.error.message };
    const side: OrderSide = required(
      readOneOf(raw, 'transaction_type', ORDER_SIDES),
      'transaction_type',
    );
    const product: Product = required(readOneOf(raw, 'product', PRODUCTS), 'product');
    const tag = required(readNullableString(raw, 'tag'), 'tag');
    return {
      ok: true,
      value: {
        brokerOrderId: required(readId(raw, 'order_id'), 'order_id'),
        clientOrderId: tag === '' ? null : tag,
        exchangeOrderId: readId(raw, 'exchange_order_id') ?? null,
        exchange: required(readString(raw, 'exchange'), 'exchange'),
        tradingSymbol: required(readString(raw, 'tradingsymbol'), 'tradingsymbol'),
        instrumentToken: required(readInteger(raw, 'instrument_token'), 'instrument_token'),
        side,
        orderType,
        product,
        status: mapped.status,
        venueStatus,
        quantity,
        filledQuantity,
        averagePrice: required(readOptionalPrice(raw, 'average_price'), 'average_price'),
        price: required(readOptionalPrice(raw, 'price'), 'price'),
        triggerPrice,
        statusMessage: required(readNullableString(raw, 'status_message'), 'status_message'),
        statusMessageRaw: required(
          readNullableString(raw, 'status_message_raw'),
          'status_message_raw',
        ),
        updatedAt: required(readUpdatedAt(raw), 'order_timestamp'),
      },
    };
  } catch (error) {
    if (error instanceof WireFieldError) return { ok: false, message: error.message };
    throw error;
  }
}
