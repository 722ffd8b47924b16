import { ZERO_PAISE } from '@kavach/domain';
import type { ExchangeContext } from './exchange-context';
import { formatRupeesFixed } from './format-rupees';
import { rejectOrder, sendToExchange } from './order-lifecycle';
import { saveOrder } from './save-order';
import type { OrderRecord } from './order-record';
import { STATUS_REASONS } from './rejection-messages';
import { computeMarginCheck } from './required-margin';
import type { Placement } from './validate-placement';

export interface AcceptOptions {
  /** The user id, or "ADMINSQF" for the broker's own square-off orders. */
  readonly placedBy: string;
  /** The broker's square-off is not held to margin, nor to injected faults. */
  readonly checkMargin: boolean;
  readonly applyFaults: boolean;
}

function describeNewOrder(
  context: ExchangeContext,
  placement: Placement,
  placedBy: string,
): OrderRecord {
  const now = context.clock.now();
  context.account.sequence += 1;
  const orderId = context.ids.nextOrderId(now);
  const { instrument } = placement;
  return {
    orderId,
    exchangeOrderId: null,
    parentOrderId: null,
    accountId: context.userId,
    placedBy,
    status: 'PUT ORDER REQ RECEIVED',
    statusMessage: null,
    statusMessageRaw: null,
    orderTimestamp: now,
    exchangeTimestamp: null,
    exchangeUpdateTimestamp: null,
    variety: placement.variety,
    modified: false,
    exchange: instrument.exchange,
    tradingSymbol: instrument.tradingSymbol,
    instrumentToken: instrument.token,
    orderType: placement.orderType,
    transactionType: placement.side,
    validity: placement.validity,
    validityTtl: 0,
    product: placement.product,
    quantity: placement.quantity,
    disclosedQuantity: placement.disclosedQuantity,
    price: placement.price,
    triggerPrice: placement.triggerPrice,
    filledQuantity: 0,
    filledValue: ZERO_PAISE,
    pendingQuantity: placement.quantity,
    cancelledQuantity: 0,
    marketProtection: placement.marketProtection,
    tag: placement.tag,
    tags: placement.tag === null ? [] : [placement.tag],
    guid: `${context.userId.toLowerCase()}-${orderId}`,
    sequence: context.account.sequence,
    requestedOrderType: placement.orderType,
    workingPrice: null,
    marketable: false,
    modificationCount: 0,
  };
}

/**
 * An order that passed the veto gets its id and walks Kite's path: PUT ORDER REQ RECEIVED →
 * VALIDATION PENDING (RMS: injected faults, margin) → AMO REQ RECEIVED, or OPEN PENDING →
 * exchange (tick size) → OPEN / TRIGGER PENDING. Returns the order id in every case: a
 * rejection from here on is asynchronous, seen in the order book.
 */
export function acceptPlacement(
  context: ExchangeContext,
  placement: Placement,
  options: AcceptOptions,
): string {
  const received = describeNewOrder(context, placement, options.placedBy);
  context.store.save(received);
  const validating = saveOrder(context, received, { status: 'VALIDATION PENDING' });

  const fault = options.applyFaults ? context.faults.takeRejection() : null;
  if (fault !== null) return rejectOrder(context, validating, fault).orderId;

  if (options.checkMargin) {
    const { required, available } = computeMarginCheck(context, validating);
    if (required > available) {
      const reason = STATUS_REASONS.insufficientMargin(
        formatRupeesFixed(required),
        formatRupeesFixed(available),
        context.userId,
      );
      return rejectOrder(context, validating, reason).orderId;
    }
  }

  if (placement.variety === 'amo') {
    return saveOrder(context, validating, { status: 'AMO REQ RECEIVED' }).orderId;
  }
  return sendToExchange(context, validating).orderId;
}
