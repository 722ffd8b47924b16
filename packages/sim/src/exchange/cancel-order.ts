import type { ExchangeContext } from './exchange-context';
import type { OrderResult } from './exchange-error';
import { publish, saveOrder } from './save-order';
import type { OrderRecord } from './order-record';
import { VETOES, vetoWith } from './rejection-messages';

const CANCELLABLE = new Set<OrderRecord['status']>(['OPEN', 'TRIGGER PENDING', 'AMO REQ RECEIVED']);

/**
 * DELETE /orders/{variety}/{id}: CANCEL PENDING → CANCELLED; what had filled stays filled and
 * the rest is cancelled. Finished orders, and orders still in a transient state, are refused.
 */
export function cancelOrder(context: ExchangeContext, orderId: string): OrderResult {
  const order = context.store.get(orderId);
  if (order === undefined) return { ok: false, error: vetoWith(VETOES.unknownOrder) };
  if (!CANCELLABLE.has(order.status)) return { ok: false, error: vetoWith(VETOES.cannotCancel) };
  const now = context.clock.now();
  const pending = saveOrder(context, order, { status: 'CANCEL PENDING', orderTimestamp: now });
  const cancelled = saveOrder(context, pending, {
    status: 'CANCELLED',
    cancelledQuantity: order.cancelledQuantity + order.pendingQuantity,
    pendingQuantity: 0,
    exchangeUpdateTimestamp: order.exchangeOrderId === null ? null : now,
  });
  publish(context, 'cancelled', cancelled, 'CANCELLED');
  return { ok: true, orderId };
}
