import { PRODUCTS } from '@kavach/domain';
import type { BrokerPositionReport } from '../broker';
import type { MapResult } from './map-result';
import { isWireRecord, readInteger, readString, required, WireFieldError } from './wire-fields';
import { readOptionalPrice, readPaise } from './wire-money';

/** One entry of Kite's `day` positions as the port's position report. */
export function toBrokerPositionReport(raw: unknown): MapResult<BrokerPositionReport> {
  if (!isWireRecord(raw)) return { ok: false, message: 'position payload is not an object' };
  try {
    const productText = readString(raw, 'product');
    return {
      ok: true,
      value: {
        instrumentToken: required(readInteger(raw, 'instrument_token'), 'instrument_token'),
        exchange: required(readString(raw, 'exchange'), 'exchange'),
        tradingSymbol: required(readString(raw, 'tradingsymbol'), 'tradingsymbol'),
        product: required(
          PRODUCTS.find((candidate) => candidate === productText),
          'product',
        ),
        quantity: required(readInteger(raw, 'quantity'), 'quantity'),
        // Kite writes 0 for a flat position's average and for an unknown last price.
        averagePrice: required(readOptionalPrice(raw, 'average_price'), 'average_price'),
        buyQuantity: required(readInteger(raw, 'buy_quantity'), 'buy_quantity'),
        sellQuantity: required(readInteger(raw, 'sell_quantity'), 'sell_quantity'),
        buyValue: required(readPaise(raw, 'buy_value'), 'buy_value'),
        sellValue: required(readPaise(raw, 'sell_value'), 'sell_value'),
        lastPrice: required(readOptionalPrice(raw, 'last_price'), 'last_price'),
        pnl: required(readPaise(raw, 'pnl'), 'pnl'),
      },
    };
  } catch (error) {
    if (error instanceof WireFieldError) return { ok: false, message: error.message };
    throw error;
  }
}
