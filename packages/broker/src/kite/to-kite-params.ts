import { paiseToRupees } from '@kavach/domain';
import type { ModifyOrderCommand, PlaceOrderCommand } from '../broker';

export type KiteParams = Record<string, string | number>;

/** Kite's tag: up to 20 alphanumeric characters. It is our only handle on an order. */
const TAG = /^[A-Za-z0-9]{1,20}$/;

/** Order types Kite refuses through the API without market protection. */
const NEEDS_PROTECTION = new Set(['MARKET', 'SL-M']);

/**
 * A new order in Kite's form: variety regular, the client order id as `tag`, prices in rupees,
 * and market protection on MARKET and SL-M orders (the command's, else the default).
 */
export function toKitePlaceParams(
  command: PlaceOrderCommand,
  defaultMarketProtection: number,
): KiteParams {
  if (!TAG.test(command.clientOrderId)) {
    throw new RangeError(
      `clientOrderId must be 1-20 alphanumeric characters (Kite's tag), got "${command.clientOrderId}"`,
    );
  }
  const params: KiteParams = {
    exchange: command.exchange,
    tradingsymbol: command.tradingSymbol,
    transaction_type: command.side,
    order_type: command.orderType,
    product: command.product,
    validity: command.validity,
    quantity: command.quantity,
    tag: command.clientOrderId,
  };
  if (command.price !== null) params.price = paiseToRupees(command.price);
  if (command.triggerPrice !== null) params.trigger_price = paiseToRupees(command.triggerPrice);
  if (NEEDS_PROTECTION.has(command.orderType)) {
    params.market_protection = command.marketProtection ?? defaultMarketProtection;
  }
  return params;
}

/**
 * A modification in Kite's form; omitted fields are not sent, so Kite keeps them. A change into
 * MARKET or SL-M carries market protection, as a new order of that type would.
 */
export function toKiteModifyParams(
  command: ModifyOrderCommand,
  defaultMarketProtection: number,
): KiteParams {
  const params: KiteParams = {};
  if (command.quantity !== undefined) params.quantity = command.quantity;
  if (command.price !== undefined) params.price = paiseToRupees(command.price);
  if (command.triggerPrice !== undefined) {
    params.trigger_price = paiseToRupees(command.triggerPrice);
  }
  if (command.orderType !== undefined) params.order_type = command.orderType;
  if (command.orderType !== undefined && NEEDS_PROTECTION.has(command.orderType)) {
    params.market_protection = command.marketProtection ?? defaultMarketProtection;
  }
  return params;
}
