import type { OrderType } from '@kavach/domain';
import type { ExchangeError, ModifyOrderChanges, PlaceOrderRequest } from '@kavach/sim';
import type { BrokerFailure, ModifyOrderCommand, PlaceOrderCommand } from '../broker';

function needsMarketProtection(orderType: OrderType): boolean {
  return orderType === 'MARKET' || orderType === 'SL-M';
}

/**
 * The port's order in the simulator's (Kite's) vocabulary. Kite refuses MARKET and SL-M
 * without market protection, so the adapter fills in its default when the engine sent none.
 */
export function toPlaceOrderRequest(
  command: PlaceOrderCommand,
  defaultMarketProtection: number,
): PlaceOrderRequest {
  return {
    variety: 'regular',
    exchange: command.exchange,
    tradingsymbol: command.tradingSymbol,
    transaction_type: command.side,
    order_type: command.orderType,
    product: command.product,
    quantity: command.quantity,
    validity: command.validity,
    tag: command.clientOrderId,
    ...(command.price === null ? {} : { price: command.price }),
    ...(command.triggerPrice === null ? {} : { trigger_price: command.triggerPrice }),
    ...(needsMarketProtection(command.orderType)
      ? { market_protection: command.marketProtection ?? defaultMarketProtection }
      : {}),
  };
}

export function toModifyOrderChanges(
  command: ModifyOrderCommand,
  defaultMarketProtection: number,
): ModifyOrderChanges {
  return {
    ...(command.quantity === undefined ? {} : { quantity: command.quantity }),
    ...(command.price === undefined ? {} : { price: command.price }),
    ...(command.triggerPrice === undefined ? {} : { trigger_price: command.triggerPrice }),
    ...(command.orderType === undefined ? {} : { order_type: command.orderType }),
    // Only a change into MARKET or SL-M needs it; otherwise the order keeps its own.
    ...(command.orderType !== undefined && needsMarketProtection(command.orderType)
      ? { market_protection: command.marketProtection ?? defaultMarketProtection }
      : {}),
  };
}

/**
 * A synchronous refusal of the simulated exchange. In process nothing is ever in flight, so
 * every refusal is definitive: even Kite's "being processed. Try later" means here that the
 * order has finished, and retrying cannot help. There is no HTTP exchange to report.
 */
export function toBrokerFailure(error: ExchangeError): BrokerFailure {
  return { kind: 'NON_RETRYABLE', code: error.type, message: error.message, httpStatus: null };
}
