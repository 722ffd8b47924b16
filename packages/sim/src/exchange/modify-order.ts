import { ZERO_PAISE } from '@kavach/domain';
import type { OrderType, Paise } from '@kavach/domain';
import type { ExchangeContext } from './exchange-context';
import type { OrderResult } from './exchange-error';
import { formatRupeesFixed } from './format-rupees';
import { activateOrder } from './order-lifecycle';
import { publish, saveOrder } from './save-order';
import type { OrderRecord } from './order-record';
import type { KiteValidity, ModifyOrderChanges } from './order-request';
import { VETOES, vetoWith } from './rejection-messages';
import { computeMarginCheck } from './required-margin';
import {
  checkCircuit,
  checkPrices,
  checkQuantity,
  checkTriggerSide,
  findOffTickPrice,
  hasLimitPrice,
  isStopType,
  needsMarketProtection,
} from './validate-placement';

const MODIFIABLE = new Set<OrderRecord['status']>(['OPEN', 'TRIGGER PENDING', 'AMO REQ RECEIVED']);

function refuse(error: ReturnType<typeof vetoWith>): OrderResult {
  return { ok: false, error };
}

interface Revision {
  readonly orderType: OrderType;
  readonly quantity: number;
  readonly price: Paise | undefined;
  readonly triggerPrice: Paise | undefined;
  readonly validity: KiteValidity;
  readonly disclosedQuantity: number;
  readonly marketProtection: number;
}

/** The order as it would be after the changes: omitted fields keep their values. */
function reviseOrder(order: OrderRecord, changes: ModifyOrderChanges): Revision {
  const orderType = changes.order_type ?? order.requestedOrderType;
  return {
    orderType,
    quantity: changes.quantity ?? order.quantity,
    price: changes.price ?? (hasLimitPrice(order.requestedOrderType) ? order.price : undefined),
    triggerPrice:
      changes.trigger_price ??
      (isStopType(order.requestedOrderType) ? order.triggerPrice : undefined),
    validity: changes.validity ?? order.validity,
    disclosedQuantity: changes.disclosed_quantity ?? order.disclosedQuantity,
    marketProtection: changes.market_protection ?? order.marketProtection,
  };
}

/**
 * PUT /orders/{variety}/{id}. Refusals are synchronous (the order keeps its values); an
 * accepted change walks MODIFY VALIDATION PENDING → MODIFY PENDING → MODIFIED and back to
 * OPEN / TRIGGER PENDING with the new values, then matches as an incoming order.
 */
export function modifyOrder(
  context: ExchangeContext,
  orderId: string,
  changes: ModifyOrderChanges,
): OrderResult {
  const order = context.store.get(orderId);
  if (order === undefined) return refuse(vetoWith(VETOES.unknownOrder));
  if (!MODIFIABLE.has(order.status)) return refuse(vetoWith(VETOES.cannotModify));
  if (order.modificationCount >= context.config.maxModificationsPerOrder) {
    return refuse(vetoWith(VETOES.modificationCapReached));
  }
  const instrument = context.market.instrument(order.instrumentToken);
  const quote = context.market.quote(order.instrumentToken);
  if (instrument === undefined || quote === undefined)
    return refuse(vetoWith(VETOES.unknownInstrument));

  const revision = reviseOrder(order, changes);
  const { orderType, quantity } = revision;
  if (!['DAY', 'IOC'].includes(revision.validity))
    return refuse(vetoWith(VETOES.invalidField, 'validity'));
  const priceError = checkPrices(
    orderType,
    order.transactionType,
    revision.price,
    revision.triggerPrice,
    revision.marketProtection,
  );
  if (priceError !== null) return refuse(priceError);
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    return refuse(vetoWith(VETOES.invalidField, 'quantity'));
  }
  if (quantity <= order.filledQuantity) {
    return refuse(vetoWith(VETOES.quantityBelowFilled, order.filledQuantity));
  }
  const quantityError = checkQuantity(quantity, instrument);
  if (quantityError !== null) return refuse(quantityError);
  const disclosed = revision.disclosedQuantity;
  if (!Number.isSafeInteger(disclosed) || disclosed < 0 || disclosed > quantity) {
    return refuse(vetoWith(VETOES.invalidField, 'disclosed_quantity'));
  }

  const price = hasLimitPrice(orderType) ? (revision.price ?? ZERO_PAISE) : ZERO_PAISE;
  const triggerPrice = isStopType(orderType) ? (revision.triggerPrice ?? ZERO_PAISE) : ZERO_PAISE;
  const banded = [
    ...(hasLimitPrice(orderType) ? [price] : []),
    ...(isStopType(orderType) ? [triggerPrice] : []),
  ];
  const circuitError = checkCircuit(banded, quote);
  if (circuitError !== null) return refuse(circuitError);
  // A stop that has already triggered stays triggered; only a waiting one is held to the LTP.
  const triggered = order.status === 'OPEN' && isStopType(order.requestedOrderType);
  const waitsForTrigger = isStopType(orderType) && !triggered;
  if (waitsForTrigger && order.status !== 'AMO REQ RECEIVED') {
    const triggerError = checkTriggerSide(order.transactionType, triggerPrice, quote);
    if (triggerError !== null) return refuse(triggerError);
  }
  const offTick = findOffTickPrice(orderType, price, triggerPrice, instrument.tickSize);
  if (offTick !== null) {
    return refuse(vetoWith(offTick === 'trigger' ? VETOES.triggerOffTick : VETOES.priceOffTick));
  }

  const revised: OrderRecord = {
    ...order,
    requestedOrderType: orderType,
    orderType,
    quantity,
    price,
    triggerPrice,
    validity: revision.validity,
    disclosedQuantity: disclosed,
    marketProtection: needsMarketProtection(orderType) ? revision.marketProtection : 0,
    pendingQuantity: quantity - order.filledQuantity,
    modified: true,
    modificationCount: order.modificationCount + 1,
  };
  const { required, available } = computeMarginCheck(context, revised);
  if (required > available) {
    return refuse(
      vetoWith(
        VETOES.insufficientMarginSync,
        formatRupeesFixed(required),
        formatRupeesFixed(available),
      ),
    );
  }

  applyRevision(context, order, revised, waitsForTrigger);
  return { ok: true, orderId };
}

function applyRevision(
  context: ExchangeContext,
  order: OrderRecord,
  revised: OrderRecord,
  waitsForTrigger: boolean,
): void {
  const now = context.clock.now();
  const validating = saveOrder(context, order, {
    status: 'MODIFY VALIDATION PENDING',
    orderTimestamp: now,
  });
  const pending = saveOrder(context, validating, { status: 'MODIFY PENDING' });
  const modified = saveOrder(context, pending, {
    status: 'MODIFIED',
    exchangeTimestamp: order.exchangeOrderId === null ? null : now,
  });
  const next: OrderRecord = {
    ...revised,
    status: modified.status,
    orderTimestamp: now,
    exchangeTimestamp: modified.exchangeTimestamp,
    exchangeUpdateTimestamp: order.exchangeOrderId === null ? null : now,
  };
  if (order.status === 'AMO REQ RECEIVED') {
    publish(
      context,
      'modified',
      saveOrder(context, next, { status: 'AMO REQ RECEIVED' }),
      'UPDATE',
    );
    return;
  }
  if (waitsForTrigger) {
    const waiting = saveOrder(context, next, {
      status: 'TRIGGER PENDING',
      workingPrice: null,
      marketable: false,
    });
    publish(context, 'modified', waiting, 'UPDATE');
    return;
  }
  activateOrder(context, next, 'modified');
}
