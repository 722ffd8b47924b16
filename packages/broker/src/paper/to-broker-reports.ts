import { computeAverageFillPrice } from '@kavach/sim';
import type { OrderRecord, PositionRecord, TradeRecord } from '@kavach/sim';
import { mapKiteStatus, paise } from '@kavach/domain';
import type { Paise } from '@kavach/domain';
import type { BrokerFillReport, BrokerOrderReport, BrokerPositionReport } from '../broker';

/** Kite writes 0 where a price does not apply (MARKET price, LIMIT trigger); the port, null. */
function priceOrNull(value: number): Paise | null {
  return value > 0 ? paise(value) : null;
}

/** Volume-weighted averages are fractional paise; the port carries whole paise. */
function roundToPaise(value: number): Paise {
  return paise(Math.round(value));
}

/**
 * An order of the simulated book as the port reports it. `venueStatus` is the status Kite
 * would send: the order's own in the book, the update's ("UPDATE" for partial fills,
 * triggers and modifications) on the ticker. A status the mapper refuses cannot come out of
 * the simulator, so it is a bug here and throws.
 */
export function toBrokerOrderReport(order: OrderRecord, venueStatus: string): BrokerOrderReport {
  const mapped = mapKiteStatus({
    status: venueStatus,
    quantity: order.quantity,
    filledQuantity: order.filledQuantity,
    orderType: order.orderType,
    triggerPrice: order.triggerPrice,
  });
  if (!mapped.ok) {
    throw new Error(`simulated order ${order.orderId}: ${mapped.error.message}`);
  }
  return {
    brokerOrderId: order.orderId,
    clientOrderId: order.tag,
    exchangeOrderId: order.exchangeOrderId,
    exchange: order.exchange,
    tradingSymbol: order.tradingSymbol,
    instrumentToken: order.instrumentToken,
    side: order.transactionType,
    // As Kite shows it: a protected MARKET order is a LIMIT at its protection price.
    orderType: order.orderType,
    product: order.product,
    status: mapped.status,
    venueStatus,
    quantity: order.quantity,
    filledQuantity: order.filledQuantity,
    averagePrice: order.filledQuantity > 0 ? roundToPaise(computeAverageFillPrice(order)) : null,
    price: priceOrNull(order.price),
    triggerPrice: priceOrNull(order.triggerPrice),
    statusMessage: order.statusMessage,
    statusMessageRaw: order.statusMessageRaw,
    updatedAt: Math.max(
      order.orderTimestamp,
      order.exchangeTimestamp ?? 0,
      order.exchangeUpdateTimestamp ?? 0,
    ),
  };
}

export function toBrokerFillReport(trade: TradeRecord): BrokerFillReport {
  return {
    tradeId: trade.tradeId,
    brokerOrderId: trade.orderId,
    instrumentToken: trade.instrumentToken,
    exchange: trade.exchange,
    tradingSymbol: trade.tradingSymbol,
    side: trade.transactionType,
    quantity: trade.quantity,
    price: trade.price,
    filledAt: trade.fillTimestamp,
  };
}

export function toBrokerPositionReport(position: PositionRecord): BrokerPositionReport {
  return {
    instrumentToken: position.instrumentToken,
    exchange: position.exchange,
    tradingSymbol: position.tradingSymbol,
    product: position.product,
    quantity: position.quantity,
    // Kite shows 0 when flat; the port says "no average".
    averagePrice: position.quantity === 0 ? null : roundToPaise(position.averagePrice),
    buyQuantity: position.buyQuantity,
    sellQuantity: position.sellQuantity,
    buyValue: position.buyValue,
    sellValue: position.sellValue,
    lastPrice: priceOrNull(position.lastPrice),
    pnl: position.pnl,
  };
}
