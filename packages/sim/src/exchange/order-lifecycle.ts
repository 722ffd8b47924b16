import type { ExchangeContext } from './exchange-context';
import { executeOrder } from './execute-order';
import type { OrderUpdateReason } from './order-events';
import { describeWorkingPrice } from './order-pricing';
import type { OrderRecord } from './order-record';
import { isFinished } from './order-record';
import { STATUS_REASONS } from './rejection-messages';
import type { StatusReason } from './rejection-messages';
import { publish, saveOrder } from './save-order';
import { findOffTickPrice, isStopType } from './validate-placement';

/** An RMS or exchange rejection of an accepted order: nothing fills, nothing stays pending. */
export function rejectOrder(
  context: ExchangeContext,
  order: OrderRecord,
  reason: StatusReason,
): OrderRecord {
  const rejected = saveOrder(context, order, {
    status: 'REJECTED',
    statusMessage: reason.message,
    statusMessageRaw: reason.raw,
    pendingQuantity: 0,
    cancelledQuantity: 0,
    exchangeOrderId: null,
  });
  publish(context, 'rejected', rejected, 'REJECTED');
  return rejected;
}

/** Ends a working order, cancelling whatever has not filled. */
export function cancelRemainder(
  context: ExchangeContext,
  order: OrderRecord,
  reason: StatusReason,
  event: Extract<OrderUpdateReason, 'cancelled' | 'expired'>,
): OrderRecord {
  const cancelled = saveOrder(context, order, {
    status: 'CANCELLED',
    statusMessage: reason.message,
    statusMessageRaw: reason.raw,
    cancelledQuantity: order.cancelledQuantity + order.pendingQuantity,
    pendingQuantity: 0,
    exchangeUpdateTimestamp: context.clock.now(),
  });
  publish(context, event, cancelled, 'CANCELLED');
  return cancelled;
}

/**
 * Makes a non-stop (or just triggered) order live: working price, OPEN, an immediate match as
 * an incoming order, and the IOC remainder cancelled.
 */
export function activateOrder(
  context: ExchangeContext,
  order: OrderRecord,
  event: Extract<OrderUpdateReason, 'open' | 'triggered' | 'modified'>,
  changes: Partial<OrderRecord> = {},
): OrderRecord {
  const quote = context.market.quote(order.instrumentToken);
  const pricing = quote === undefined ? {} : describeWorkingPrice(context, order, quote);
  const open = saveOrder(context, order, {
    ...changes,
    ...pricing,
    status: 'OPEN',
    exchangeUpdateTimestamp: context.clock.now(),
  });
  publish(context, event, open, event === 'open' ? 'OPEN' : 'UPDATE');
  const executed = executeOrder(context, open, 'level');
  if (executed.validity === 'IOC' && !isFinished(executed.status)) {
    return cancelRemainder(context, executed, STATUS_REASONS.iocRemainderCancelled(), 'cancelled');
  }
  return executed;
}

/** OPEN PENDING → (exchange rejection | TRIGGER PENDING | OPEN and match). */
export function sendToExchange(context: ExchangeContext, order: OrderRecord): OrderRecord {
  const pending = saveOrder(context, order, { status: 'OPEN PENDING' });
  const instrument = context.market.instrument(order.instrumentToken);
  const offTick =
    instrument === undefined
      ? null
      : findOffTickPrice(
          order.requestedOrderType,
          order.price,
          order.triggerPrice,
          instrument.tickSize,
        );
  if (offTick !== null) {
    const reason =
      offTick === 'trigger' ? STATUS_REASONS.triggerOffTick() : STATUS_REASONS.priceOffTick();
    return rejectOrder(context, pending, reason);
  }
  const now = context.clock.now();
  const accepted = {
    exchangeOrderId: context.ids.nextExchangeOrderId(order.exchange),
    exchangeTimestamp: now,
    exchangeUpdateTimestamp: now,
  };
  if (isStopType(order.requestedOrderType)) {
    const waiting = saveOrder(context, pending, {
      ...accepted,
      status: 'TRIGGER PENDING',
      workingPrice: null,
    });
    publish(context, 'trigger_pending', waiting, 'TRIGGER PENDING');
    return waiting;
  }
  return activateOrder(context, pending, 'open', accepted);
}

/** Whether the last price has reached a waiting stop's trigger. */
export function isTriggered(order: OrderRecord, lastPrice: number): boolean {
  return order.transactionType === 'BUY'
    ? lastPrice >= order.triggerPrice
    : lastPrice <= order.triggerPrice;
}
