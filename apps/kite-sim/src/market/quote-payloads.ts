import { toKiteTimestamp, toRupees } from '../kite/wire-format';
import type { DepthLevel, Quote } from './market-contract';

const DEPTH_LEVELS = 5;
const EMPTY_LEVEL = { price: 0, quantity: 0, orders: 0 };

/** Five levels a side, zero-filled where the book is thinner, as Kite sends them. */
function toKiteDepth(levels: readonly DepthLevel[]) {
  return Array.from({ length: DEPTH_LEVELS }, (_unused, i) => {
    const level = levels[i];
    return level === undefined
      ? EMPTY_LEVEL
      : { price: toRupees(level.price), quantity: level.quantity, orders: level.orders };
  });
}

function toKiteOhlcBlock(quote: Quote) {
  return {
    open: toRupees(quote.open),
    high: toRupees(quote.high),
    low: toRupees(quote.low),
    close: toRupees(quote.close),
  };
}

/** GET /quote, one instrument. */
export function toKiteQuote(quote: Quote) {
  return {
    instrument_token: quote.token,
    timestamp: toKiteTimestamp(quote.timestamp),
    // Indices never trade; Kite has no trade time for them.
    last_trade_time: quote.lastTradeTime > 0 ? toKiteTimestamp(quote.lastTradeTime) : null,
    last_price: toRupees(quote.lastPrice),
    last_quantity: quote.lastQuantity,
    buy_quantity: quote.buyQuantity,
    sell_quantity: quote.sellQuantity,
    volume: quote.volume,
    average_price: toRupees(quote.averagePrice),
    oi: quote.oi,
    oi_day_high: quote.oiDayHigh,
    oi_day_low: quote.oiDayLow,
    net_change: toRupees(quote.lastPrice - quote.close),
    lower_circuit_limit: toRupees(quote.lowerCircuit),
    upper_circuit_limit: toRupees(quote.upperCircuit),
    ohlc: toKiteOhlcBlock(quote),
    depth: { buy: toKiteDepth(quote.depth.buy), sell: toKiteDepth(quote.depth.sell) },
  };
}

/** GET /quote/ohlc, one instrument. */
export function toKiteOhlc(quote: Quote) {
  return {
    instrument_token: quote.token,
    last_price: toRupees(quote.lastPrice),
    ohlc: toKiteOhlcBlock(quote),
  };
}

/** GET /quote/ltp, one instrument. */
export function toKiteLtp(quote: Quote) {
  return { instrument_token: quote.token, last_price: toRupees(quote.lastPrice) };
}
