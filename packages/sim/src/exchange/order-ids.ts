import { istParts } from '@kavach/domain';
import type { Exchange } from '@kavach/domain';

/**
 * Deterministic identifiers shaped like Kite's: order ids are the IST date (YYMMDD) and a
 * nine-digit sequence ("171229000724687"), exchange order ids sixteen digits with a prefix
 * per exchange ("1300000001887410"), trade ids eight digits. A reset starts them over; a
 * sequence restored from its counters carries on, so no id is given twice.
 */
export interface IdSequence {
  readonly nextOrderId: (now: number) => string;
  readonly nextExchangeOrderId: (exchange: Exchange) => string;
  readonly nextTradeId: () => string;
  /** How many of each have been given out. */
  readonly counters: () => IdCounters;
  readonly reset: () => void;
}

export interface IdCounters {
  readonly orders: number;
  readonly exchangeOrders: number;
  readonly trades: number;
}

const NO_IDS: IdCounters = { orders: 0, exchangeOrders: 0, trades: 0 };

const EXCHANGE_PREFIX: Record<Exchange, string> = { NSE: '13', NFO: '15', BSE: '11', BFO: '12' };

export function createIdSequence(from: IdCounters = NO_IDS): IdSequence {
  let { orders, exchangeOrders, trades } = from;
  return {
    counters: () => ({ orders, exchangeOrders, trades }),
    nextOrderId: (now) => {
      orders += 1;
      const p = istParts(now);
      const yymmdd = `${String(p.year % 100).padStart(2, '0')}${String(p.month).padStart(2, '0')}${String(p.day).padStart(2, '0')}`;
      return `${yymmdd}${String(orders).padStart(9, '0')}`;
    },
    nextExchangeOrderId: (exchange) => {
      exchangeOrders += 1;
      return `${EXCHANGE_PREFIX[exchange]}${String(exchangeOrders).padStart(14, '0')}`;
    },
    nextTradeId: () => {
      trades += 1;
      return String(trades).padStart(8, '0');
    },
    reset: () => {
      orders = 0;
      exchangeOrders = 0;
      trades = 0;
    },
  };
}
