import type { ExchangeError, ExchangeErrorType } from './exchange-error';

/**
 * Every text the simulated exchange refuses or ends an order with, in one table so a wrong
 * wording is a one-line fix. Source tags as in the Kite reference: [O] official sample,
 * [S] Zerodha staff, [C] community report, [G] guessed because Kite's real text was not found.
 * Numbers arrive already formatted (see format-rupees.ts) so the table holds only words.
 */

/** [S] the exchange's text for a trigger off the tick grid. */
const TRIGGER_OFF_TICK = '16316 : The trigger price is not a multiple of tick size';
/** [G] its sibling for the limit price; Kite's text was not found. */
const PRICE_OFF_TICK = 'The order price is not a multiple of tick size';

/** A synchronous refusal ("veto"): the order never reaches the order book. */
interface Veto<A extends readonly unknown[]> {
  readonly type: ExchangeErrorType;
  readonly text: (...args: A) => string;
}

function veto<A extends readonly unknown[]>(
  type: ExchangeErrorType,
  text: (...args: A) => string,
): Veto<A> {
  return { type, text };
}

export const VETOES = {
  /** [C]; the rule (MARKET and SL-M need market_protection) confirmed by staff. */
  marketProtectionRequired: veto(
    'InputException',
    () =>
      'Market orders without market protection are not allowed via API. Please set market protection or use a Limit order.',
  ),
  /** [G] */
  marketProtectionInvalid: veto(
    'InputException',
    () =>
      'Invalid `market_protection`. Use a percentage above 0 and up to 100, or -1 for automatic.',
  ),
  /** [C] */
  marketClosed: veto(
    'InputException',
    () => 'Markets are closed right now. Use GTT for placing long standing orders instead.',
  ),
  /** [G] */
  amoWhileMarketOpen: veto(
    'InputException',
    () => 'After market orders can be placed only when the market is closed. Use a regular order.',
  ),
  /** [O] */
  aboveUpperCircuit: veto(
    'InputException',
    (limit: string) =>
      `Your order price is higher than the current upper circuit limit of ${limit}. You can place an order within the range or use GTT for long-standing orders.`,
  ),
  /** [O] */
  belowLowerCircuit: veto(
    'InputException',
    (limit: string) =>
      `Your order price is lower than the current lower circuit limit of ${limit}. You can place an order within the range or use GTT for long-standing orders.`,
  ),
  /** [S] */
  aboveFreezeQuantity: veto(
    'InputException',
    (quantity: number, lots: number, maximum: number, maximumLots: number) =>
      `The order quantity ${quantity} (${lots} lots) is higher than the maximum quantity of ${maximum} (${maximumLots} lots) allowed by the exchanges. Please reduce the order quantity or use iceberg orders.`,
  ),
  /** [G] */
  notLotMultiple: veto(
    'InputException',
    (quantity: number, lotSize: number) =>
      `Quantity ${quantity} is not a multiple of the lot size ${lotSize}. Enter the quantity in multiples of the lot size.`,
  ),
  /** [C] */
  stoplossBuyTriggerNotAboveLtp: veto(
    'InputException',
    () => 'Trigger price for stoploss buy orders should be higher than the last traded price',
  ),
  /** [C] */
  stoplossSellTriggerNotBelowLtp: veto(
    'InputException',
    () => 'Trigger price for stoploss sell orders should be lower than the last traded price',
  ),
  /** [G] NSE requires trigger ≤ limit for a stop-loss buy. */
  stoplossBuyTriggerAboveLimit: veto(
    'InputException',
    () => 'Trigger price for stoploss buy orders should be lower than or equal to the limit price',
  ),
  /** [G] NSE requires trigger ≥ limit for a stop-loss sell. */
  stoplossSellTriggerBelowLimit: veto(
    'InputException',
    () =>
      'Trigger price for stoploss sell orders should be higher than or equal to the limit price',
  ),
  /** [C] Kite's text for an unknown or expired instrument. */
  unknownInstrument: veto(
    'InputException',
    () => 'The instrument you are placing an order for has either expired or does not exist.',
  ),
  /** [G] Kite's style for a bad parameter. */
  invalidField: veto('InputException', (field: string) => `Invalid \`${field}\`.`),
  /** [G] */
  invalidTag: veto(
    'InputException',
    () => 'Invalid `tag`. A tag can be up to 20 alphanumeric characters.',
  ),
  /** [G] cover and iceberg orders are not simulated; said plainly rather than faked. */
  varietyNotSimulated: veto(
    'InputException',
    (variety: string) => `Order variety \`${variety}\` is not supported by the simulator.`,
  ),
  /** [G] */
  quantityBelowFilled: veto(
    'InputException',
    (filled: number) => `Quantity cannot be less than the filled quantity of ${filled}.`,
  ),
  /** [C] Kite answers this as a NetworkException. */
  modificationCapReached: veto(
    'NetworkException',
    () => 'Maximum allowed order modifications exceeded.',
  ),
  /** [S] finished, or still changing; error type [G]. */
  cannotModify: veto(
    'OrderException',
    () => 'Order cannot be modified as it is being processed. Try later.',
  ),
  /** [S] finished, or still changing; error type [G]. */
  cannotCancel: veto(
    'OrderException',
    () => 'Order cannot be cancelled as it is being processed. Try later.',
  ),
  /** [C] */
  unknownOrder: veto('GeneralException', () => "Couldn't find that `order_id`."),
  /** A modification the exchange refuses keeps the old values, so it is answered at once. */
  triggerOffTick: veto('OrderException', () => TRIGGER_OFF_TICK),
  priceOffTick: veto('OrderException', () => PRICE_OFF_TICK),
  /** [G] position conversion: Kite's own texts were not found; these say what is wrong. */
  conversionSameProduct: veto(
    'InputException',
    () => 'The old and new product of a conversion cannot be the same.',
  ),
  /** [G] */
  conversionNotAllowed: veto(
    'InputException',
    (from: string, to: string, segment: string) =>
      `Conversion from ${from} to ${to} is not allowed for ${segment} positions.`,
  ),
  /** [G] */
  conversionMarketClosed: veto(
    'InputException',
    () => 'Positions can be converted only while the market is open.',
  ),
  /** [G] the broker's square-off has run: an MIS position made now would never be closed. */
  conversionToMisAfterSquareOff: veto(
    'InputException',
    (time: string) => `Positions cannot be converted to MIS after the ${time} square-off.`,
  ),
  /** [G] */
  conversionNoPosition: veto(
    'InputException',
    (side: string, positionType: string, symbol: string, product: string) =>
      `There is no open ${side} ${positionType} position in ${symbol} (${product}) to convert.`,
  ),
  /** [G] */
  conversionAboveOpenQuantity: veto(
    'InputException',
    (quantity: number, open: number) =>
      `Cannot convert ${quantity}: the open quantity is only ${open}.`,
  ),
  /** [G] delivery (CNC) cannot hold a short. */
  conversionShortToCnc: veto('InputException', () => 'Short positions cannot be converted to CNC.'),
  /** [O] the synchronous form, used when a modification needs more margin than is free. */
  insufficientMarginSync: veto(
    'MarginException',
    (required: string, available: string) =>
      `Insufficient funds. Required margin is ${required} but available margin is ${available}.`,
  ),
} as const;

export function vetoWith<A extends readonly unknown[]>(rule: Veto<A>, ...args: A): ExchangeError {
  return { type: rule.type, message: rule.text(...args) };
}

/** What an order that turns REJECTED (or CANCELLED) carries in status_message(_raw). */
export interface StatusReason {
  readonly message: string | null;
  readonly raw: string | null;
}

/** Reasons an accepted order ends REJECTED (OMS/RMS or exchange) or CANCELLED by the system. */
export const STATUS_REASONS = {
  /** [O] both texts; the raw one keeps Kite's trailing space. */
  insufficientMargin: (required: string, available: string, userId: string): StatusReason => ({
    message: `Insufficient funds. Required margin is ${required} but available margin is ${available}. Check the orderbook for open orders.`,
    raw: `RMS:Margin Exceeds,Required:${required}, Available:${available} for entity account-${userId} across exchange across segment across product `,
  }),
  /** An exchange rejection: the texts above, as both fields. */
  triggerOffTick: (): StatusReason => ({ message: TRIGGER_OFF_TICK, raw: TRIGGER_OFF_TICK }),
  priceOffTick: (): StatusReason => ({ message: PRICE_OFF_TICK, raw: PRICE_OFF_TICK }),
  /** [G] Kite's CANCELLED orders in the samples carry no message; the IOC remainder alike. */
  iocRemainderCancelled: (): StatusReason => ({ message: null, raw: null }),
  /** [G] an unfilled DAY order at the close. */
  expiredAtClose: (): StatusReason => ({ message: null, raw: null }),
  /** [G] pending MIS orders the broker cancels before its square-off. */
  cancelledForSquareOff: (): StatusReason => ({ message: null, raw: null }),
  /** Fault injection: the text the control API asked for, as both fields. */
  injected: (reason: string): StatusReason => ({ message: reason, raw: reason }),
} as const;
