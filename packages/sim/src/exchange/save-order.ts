import type { KiteOrderStatus } from '@kavach/domain';
import type { ExchangeContext } from './exchange-context';
import type { OrderUpdateReason } from './order-events';
import type { OrderRecord, TradeRecord } from './order-record';

/** Saves the order with the changes as a new history snapshot. */
export function saveOrder(
  context: ExchangeContext,
  order: OrderRecord,
  changes: Partial<OrderRecord>,
): OrderRecord {
  const next: OrderRecord = { ...order, ...changes };
  context.store.save(next);
  return next;
}

export function publish(
  context: ExchangeContext,
  reason: OrderUpdateReason,
  order: OrderRecord,
  updateStatus: KiteOrderStatus,
  trade: TradeRecord | null = null,
): void {
  context.hub.publish({ reason, order, updateStatus, trade });
}
