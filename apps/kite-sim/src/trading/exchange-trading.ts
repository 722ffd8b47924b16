import {
  toKiteMargins,
  toKiteOrder,
  toKiteOrderMargin,
  toKitePositions,
  toKiteTrade,
} from '@kavach/sim';
import type {
  ExchangeResult,
  OrderMarginRequest,
  OrderResult,
  OrderUpdateEvent,
  PlaceOrderRequest,
  SimExchange,
} from '@kavach/sim';
import type { KiteWire, PortResult, TradingPort } from './trading-port';

function fromOrderResult(result: OrderResult): PortResult<string> {
  return result.ok ? { ok: true, value: result.orderId } : result;
}

function mapResult<T, U>(result: ExchangeResult<T>, map: (value: T) => U): PortResult<U> {
  return result.ok ? { ok: true, value: map(result.value) } : result;
}

/**
 * packages/sim's exchange as the facade's trading port. Requests already carry Kite's field
 * names and paise; the enumerations the routes could not check (variety) the exchange checks.
 */
export function createExchangeTrading(exchange: SimExchange): TradingPort {
  return {
    placeOrder: (input) => fromOrderResult(exchange.placeOrder(input as PlaceOrderRequest)),
    modifyOrder: (orderId, changes) => fromOrderResult(exchange.modifyOrder(orderId, changes)),
    cancelOrder: (orderId) => fromOrderResult(exchange.cancelOrder(orderId)),
    orders: () => exchange.orders().map(toKiteOrder),
    orderHistory: (orderId) => mapResult(exchange.orderHistory(orderId), (h) => h.map(toKiteOrder)),
    trades: () => exchange.trades().map(toKiteTrade),
    orderTrades: (orderId) => mapResult(exchange.orderTrades(orderId), (t) => t.map(toKiteTrade)),
    positions: () => toKitePositions(exchange.positions()),
    convertPosition: (input) => {
      const result = exchange.convertPosition(input);
      return result.ok ? { ok: true, value: true } : result;
    },
    margins: () => toKiteMargins(exchange.margins()),
    orderMargins: (inputs) =>
      mapResult(exchange.orderMargins(inputs as readonly OrderMarginRequest[]), (rows) =>
        rows.map(toKiteOrderMargin),
      ),
  };
}

/**
 * Which exchange updates Kite would publish. Kite sends nothing when an order is merely
 * placed (OPEN or TRIGGER PENDING right after placement, or an AMO reaching the exchange).
 */
export function isPublishedUpdate(event: OrderUpdateEvent): boolean {
  return event.reason !== 'open' && event.reason !== 'trigger_pending';
}

/** Subscribes the facade to the exchange's order updates; returns the unsubscribe function. */
export function forwardOrderUpdates(
  exchange: SimExchange,
  publish: (order: KiteWire, updateStatus: string) => void,
): () => void {
  return exchange.subscribe((event) => {
    if (isPublishedUpdate(event)) publish(toKiteOrder(event.order), event.updateStatus);
  });
}
