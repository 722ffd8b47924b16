import type { Paise } from '@kavach/domain';
import { TICK_MODES } from '../src/broker';
import type { Tick } from '../src/broker';
import type { MapResult } from '../src/kite/map-result';
import {
  isWireRecord,
  readInteger,
  readString,
  required,
  WireFieldError,
} from '../src/kite/wire-fields';
import type { WireRecord } from '../src/kite/wire-fields';
import { readOptionalPrice, readPaise } from '../src/kite/wire-money';

function optionalInteger(record: WireRecord, field: string): number | null {
  return readInteger(record, field) ?? null;
}

function optionalPrice(record: WireRecord | undefined, field: string): Paise | null {
  return record === undefined ? null : (readOptionalPrice(record, field) ?? null);
}

/** The best level of one side of the depth, when it has quantity. */
function bestLevel(depth: unknown, side: 'buy' | 'sell'): Paise | null {
  if (!isWireRecord(depth)) return null;
  const levels = depth[side];
  if (!Array.isArray(levels)) return null;
  const top: unknown = levels[0];
  if (!isWireRecord(top) || (readInteger(top, 'quantity') ?? 0) <= 0) return null;
  return optionalPrice(top, 'price');
}

function exchangeTime(record: WireRecord): number | null {
  const stamp = record.exchange_timestamp;
  // The ticker sends epoch seconds and KiteTicker makes a real Date of them (no zone games).
  return stamp instanceof Date && !Number.isNaN(stamp.getTime()) ? stamp.getTime() : null;
}

/**
 * One KiteTicker tick (prices as rupee floats: paise / 100) as the port's Tick in paise.
 * `receivedAt` stands in for the exchange timestamp, which only full mode carries.
 *
 * The engine's mapping while it read ticks through KiteTicker; since ADR 8 it is only the
 * second half of the stock path (stock-tick-path.ts), the oracle decodeTicks is tested against.
 */
export function toTick(raw: unknown, receivedAt: number): MapResult<Tick> {
  if (!isWireRecord(raw)) return { ok: false, message: 'tick is not an object' };
  try {
    const modeText = readString(raw, 'mode');
    const ohlc = isWireRecord(raw.ohlc) ? raw.ohlc : undefined;
    return {
      ok: true,
      value: {
        token: required(readInteger(raw, 'instrument_token'), 'instrument_token'),
        mode: required(
          TICK_MODES.find((mode) => mode === modeText),
          'mode',
        ),
        lastPrice: required(readPaise(raw, 'last_price'), 'last_price'),
        at: exchangeTime(raw) ?? receivedAt,
        lastQuantity: optionalInteger(raw, 'last_traded_quantity'),
        averagePrice: optionalPrice(raw, 'average_traded_price'),
        volume: optionalInteger(raw, 'volume_traded'),
        buyQuantity: optionalInteger(raw, 'total_buy_quantity'),
        sellQuantity: optionalInteger(raw, 'total_sell_quantity'),
        open: optionalPrice(ohlc, 'open'),
        high: optionalPrice(ohlc, 'high'),
        low: optionalPrice(ohlc, 'low'),
        close: optionalPrice(ohlc, 'close'),
        bestBid: bestLevel(raw.depth, 'buy'),
        bestAsk: bestLevel(raw.depth, 'sell'),
      },
    };
  } catch (error) {
    if (error instanceof WireFieldError) return { ok: false, message: error.message };
    throw error;
  }
}
