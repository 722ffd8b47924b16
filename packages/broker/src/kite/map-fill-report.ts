import { ORDER_SIDES } from '@kavach/domain';
import type { BrokerFillReport } from '../broker';
import { readKiteTimestamp } from './kite-time';
import type { MapResult } from './map-result';
import {
  isWireRecord,
  readId,
  readInteger,
  readString,
  required,
  WireFieldError,
} from './wire-fields';
import { readPaise } from './wire-money';

/** One Kite trade (GET /trades, GET /orders/:id/trades) as the port's fill report. */
export function toBrokerFillReport(raw: unknown): MapResult<BrokerFillReport> {
  if (!isWireRecord(raw)) return { ok: false, message: 'trade payload is not an object' };
  try {
    const sideText = readString(raw, 'transaction_type');
    const side = required(
      ORDER_SIDES.find((candidate) => candidate === sideText),
      'transaction_type',
    );
    // fill_timestamp is the exchange's fill time; older payloads carry only exchange_timestamp.
    const filledAt =
      readKiteTimestamp(raw.fill_timestamp) ?? readKiteTimestamp(raw.exchange_timestamp);
    return {
      ok: true,
      value: {
        tradeId: required(readId(raw, 'trade_id'), 'trade_id'),
        brokerOrderId: required(readId(raw, 'order_id'), 'order_id'),
        instrumentToken: required(readInteger(raw, 'instrument_token'), 'instrument_token'),
        exchange: required(readString(raw, 'exchange'), 'exchange'),
        tradingSymbol: required(readString(raw, 'tradingsymbol'), 'tradingsymbol'),
        side,
        quantity: required(readInteger(raw, 'quantity'), 'quantity'),
        price: required(readPaise(raw, 'average_price'), 'average_price'),
        filledAt: required(filledAt ?? undefined, 'fill_timestamp'),
      },
    };
  } catch (error) {
    if (error instanceof WireFieldError) return { ok: false, message: error.message };
    throw error;
  }
}
