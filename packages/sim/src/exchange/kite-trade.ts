import { formatIstTimestamp } from '@kavach/domain';
import type { TradeRecord } from './order-record';

/** One entry of Kite's GET /trades and GET /orders/:id/trades. */
export interface KiteTrade {
  readonly trade_id: string;
  readonly order_id: string;
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly instrument_token: number;
  readonly product: string;
  readonly average_price: number;
  readonly quantity: number;
  readonly exchange_order_id: string;
  readonly transaction_type: string;
  readonly fill_timestamp: string;
  /** Time of day only ("16:00:36"), as Kite's samples show it. */
  readonly order_timestamp: string;
  readonly exchange_timestamp: string;
}

export function toKiteTrade(trade: TradeRecord): KiteTrade {
  return {
    trade_id: trade.tradeId,
    order_id: trade.orderId,
    exchange: trade.exchange,
    tradingsymbol: trade.tradingSymbol,
    instrument_token: trade.instrumentToken,
    product: trade.product,
    average_price: trade.price / 100,
    quantity: trade.quantity,
    exchange_order_id: trade.exchangeOrderId,
    transaction_type: trade.transactionType,
    fill_timestamp: formatIstTimestamp(trade.fillTimestamp),
    order_timestamp: formatIstTimestamp(trade.orderTimestamp).slice(11),
    exchange_timestamp: formatIstTimestamp(trade.exchangeTimestamp),
  };
}
