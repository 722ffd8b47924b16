import {
  checkOrderQuantity,
  isOnTick,
  isTradable,
  maxQuantityPerOrder,
  ORDER_SIDES,
  ORDER_TYPES,
  PRODUCTS,
  ZERO_PAISE,
} from '@kavach/domain';
import type { OrderSide, OrderType, Paise, Product } from '@kavach/domain';
import type { Quote, SimInstrument } from '../market/market-view';
import type { ExchangeError, ExchangeResult } from './exchange-error';
import { formatRupeesShort } from './format-rupees';
import type { KiteValidity, PlaceOrderRequest, Variety } from './order-request';
import { KITE_VALIDITIES, VARIETIES } from './order-request';
import { isValidMarketProtection } from './protection-price';
import { VETOES, vetoWith } from './rejection-messages';

/** A placement that passed every synchronous check, in the exchange's own terms. */
export interface Placement {
  readonly variety: Variety;
  readonly instrument: SimInstrument;
  readonly quote: Quote;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly product: Product;
  readonly validity: KiteValidity;
  readonly quantity: number;
  readonly disclosedQuantity: number;
  /** 0 for MARKET and SL-M, as Kite shows them. */
  readonly price: Paise;
  /** 0 unless SL or SL-M. */
  readonly triggerPrice: Paise;
  readonly tag: string | null;
  /** 0 when the order type needs none. */
  readonly marketProtection: number;
}

export interface PlacementContext {
  readonly instrument: SimInstrument | undefined;
  readonly quote: Quote | undefined;
  readonly marketOpen: boolean;
  /** IST date, to refuse expired contracts. */
  readonly today: string;
  /**
   * Square-off orders placed by the broker skip the client-facing checks (market protection
   * wording, AMO window); they are still held to quantity and circuit rules.
   */
  readonly placedByBroker?: boolean;
}

const TAG = /^[A-Za-z0-9]{1,20}$/;

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return (values as readonly unknown[]).includes(value);
}

function isWholePositive(value: number | undefined): value is number {
  return value !== undefined && Number.isSafeInteger(value) && value > 0;
}

function fail(error: ExchangeError): { readonly ok: false; readonly error: ExchangeError } {
  return { ok: false, error };
}

export const isStopType = (type: OrderType): boolean => type === 'SL' || type === 'SL-M';
export const needsMarketProtection = (type: OrderType): boolean =>
  type === 'MARKET' || type === 'SL-M';
export const hasLimitPrice = (type: OrderType): boolean => type === 'LIMIT' || type === 'SL';

/** Kite's order-type and price rules, shared by placement and modification. */
export function checkPrices(
  orderType: OrderType,
  side: OrderSide,
  price: Paise | undefined,
  triggerPrice: Paise | undefined,
  marketProtection: number | undefined,
): ExchangeError | null {
  if (needsMarketProtection(orderType)) {
    if (marketProtection === undefined || marketProtection === 0) {
      return vetoWith(VETOES.marketProtectionRequired);
    }
    if (!isValidMarketProtection(marketProtection)) return vetoWith(VETOES.marketProtectionInvalid);
  }
  if (hasLimitPrice(orderType) && !isWholePositive(price))
    return vetoWith(VETOES.invalidField, 'price');
  if (isStopType(orderType)) {
    if (!isWholePositive(triggerPrice)) return vetoWith(VETOES.invalidField, 'trigger_price');
    if (orderType === 'SL' && price !== undefined) {
      if (side === 'BUY' && triggerPrice > price)
        return vetoWith(VETOES.stoplossBuyTriggerAboveLimit);
      if (side === 'SELL' && triggerPrice < price) {
        return vetoWith(VETOES.stoplossSellTriggerBelowLimit);
      }
    }
  }
  return null;
}

/** Lot multiple and freeze quantity, with Kite's lots wording. */
export function checkQuantity(quantity: number, instrument: SimInstrument): ExchangeError | null {
  const check = checkOrderQuantity(quantity, instrument);
  if (check.ok) return null;
  switch (check.reason) {
    case 'NOT_POSITIVE_INTEGER':
      return vetoWith(VETOES.invalidField, 'quantity');
    case 'NOT_LOT_MULTIPLE':
      return vetoWith(VETOES.notLotMultiple, quantity, instrument.lotSize);
    case 'ABOVE_FREEZE_QUANTITY': {
      const maximum = maxQuantityPerOrder(instrument) ?? check.freezeQuantity;
      return vetoWith(
        VETOES.aboveFreezeQuantity,
        quantity,
        quantity / instrument.lotSize,
        maximum,
        Math.floor(maximum / instrument.lotSize),
      );
    }
  }
}

/** Prices outside today's circuit band are refused before they reach the book. */
export function checkCircuit(prices: readonly Paise[], quote: Quote): ExchangeError | null {
  for (const price of prices) {
    if (price > quote.upperCircuit) {
      return vetoWith(VETOES.aboveUpperCircuit, formatRupeesShort(quote.upperCircuit));
    }
    if (price < quote.lowerCircuit) {
      return vetoWith(VETOES.belowLowerCircuit, formatRupeesShort(quote.lowerCircuit));
    }
  }
  return null;
}

/** A stop must wait on the far side of the last price, or it would trigger at once. */
export function checkTriggerSide(
  side: OrderSide,
  triggerPrice: Paise,
  quote: Quote,
): ExchangeError | null {
  if (side === 'BUY' && triggerPrice <= quote.lastPrice) {
    return vetoWith(VETOES.stoplossBuyTriggerNotAboveLtp);
  }
  if (side === 'SELL' && triggerPrice >= quote.lastPrice) {
    return vetoWith(VETOES.stoplossSellTriggerNotBelowLtp);
  }
  return null;
}

/**
 * Which price is off the tick grid, if any. The exchange (not the veto) checks this, so a new
 * order is rejected asynchronously and a modification refused.
 */
export function findOffTickPrice(
  orderType: OrderType,
  price: Paise,
  triggerPrice: Paise,
  tickSize: Paise,
): 'trigger' | 'price' | null {
  if (isStopType(orderType) && !isOnTick(triggerPrice, tickSize)) return 'trigger';
  if (hasLimitPrice(orderType) && !isOnTick(price, tickSize)) return 'price';
  return null;
}

/**
 * Every synchronous ("veto") check Kite makes before an order gets an id, in the order Kite
 * appears to make them: request shape, instrument, market protection, prices, session,
 * quantity, circuit band, and the stop trigger against the last price.
 */
export function validatePlacement(
  request: PlaceOrderRequest,
  context: PlacementContext,
): ExchangeResult<Placement> {
  if (!isOneOf(VARIETIES, request.variety)) return fail(vetoWith(VETOES.invalidField, 'variety'));
  if (request.variety === 'co' || request.variety === 'iceberg') {
    return fail(vetoWith(VETOES.varietyNotSimulated, request.variety));
  }
  const { instrument, quote } = context;
  if (instrument === undefined || quote === undefined || !isTradable(instrument, context.today)) {
    return fail(vetoWith(VETOES.unknownInstrument));
  }
  if (!isOneOf(ORDER_SIDES, request.transaction_type)) {
    return fail(vetoWith(VETOES.invalidField, 'transaction_type'));
  }
  if (!isOneOf(ORDER_TYPES, request.order_type))
    return fail(vetoWith(VETOES.invalidField, 'order_type'));
  if (!isOneOf(PRODUCTS, request.product)) return fail(vetoWith(VETOES.invalidField, 'product'));
  const validity = request.validity ?? 'DAY';
  if (!isOneOf(KITE_VALIDITIES, validity) || validity === 'TTL') {
    return fail(vetoWith(VETOES.invalidField, 'validity'));
  }
  if (!isWholePositive(request.quantity)) return fail(vetoWith(VETOES.invalidField, 'quantity'));
  const disclosed = request.disclosed_quantity ?? 0;
  if (!Number.isSafeInteger(disclosed) || disclosed < 0 || disclosed > request.quantity) {
    return fail(vetoWith(VETOES.invalidField, 'disclosed_quantity'));
  }
  const tag = request.tag === undefined || request.tag === '' ? null : request.tag;
  if (tag !== null && !TAG.test(tag)) return fail(vetoWith(VETOES.invalidTag));

  const orderType = request.order_type;
  const side = request.transaction_type;
  const priceError = checkPrices(
    orderType,
    side,
    request.price,
    request.trigger_price,
    request.market_protection,
  );
  if (priceError !== null) return fail(priceError);

  if (context.placedByBroker !== true) {
    if (request.variety === 'regular' && !context.marketOpen)
      return fail(vetoWith(VETOES.marketClosed));
    if (request.variety === 'amo' && context.marketOpen)
      return fail(vetoWith(VETOES.amoWhileMarketOpen));
  }

  const quantityError = checkQuantity(request.quantity, instrument);
  if (quantityError !== null) return fail(quantityError);

  const price = hasLimitPrice(orderType) ? (request.price ?? ZERO_PAISE) : ZERO_PAISE;
  const triggerPrice = isStopType(orderType) ? (request.trigger_price ?? ZERO_PAISE) : ZERO_PAISE;
  const banded = [
    ...(hasLimitPrice(orderType) ? [price] : []),
    ...(isStopType(orderType) ? [triggerPrice] : []),
  ];
  const circuitError = checkCircuit(banded, quote);
  if (circuitError !== null) return fail(circuitError);
  if (isStopType(orderType)) {
    const triggerError = checkTriggerSide(side, triggerPrice, quote);
    if (triggerError !== null) return fail(triggerError);
  }

  return {
    ok: true,
    value: {
      variety: request.variety,
      instrument,
      quote,
      side,
      orderType,
      product: request.product,
      validity,
      quantity: request.quantity,
      disclosedQuantity: disclosed,
      price,
      triggerPrice,
      tag,
      marketProtection: needsMarketProtection(orderType) ? (request.market_protection ?? 0) : 0,
    },
  };
}
