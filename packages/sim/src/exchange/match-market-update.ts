import type { ExchangeContext } from './exchange-context';
import { executeOrder } from './execute-order';
import { activateOrder, isTriggered } from './order-lifecycle';
import type { OrderRecord } from './order-record';

/** Best price first (highest bid, lowest offer), then time: the exchange's priority. */
function byPriority(a: OrderRecord, b: OrderRecord): number {
  const priceA = a.workingPrice ?? 0;
  const priceB = b.workingPrice ?? 0;
  if (priceA !== priceB) return a.transactionType === 'BUY' ? priceB - priceA : priceA - priceB;
  return a.sequence - b.sequence;
}

/**
 * After the market moved on these instruments: stops whose trigger the last price reached
 * become live (and match as incoming orders), then resting orders fill against the depth the
 * earlier fills left of this snapshot. Nothing happens while the market is closed.
 */
export function matchMarketUpdate(context: ExchangeContext, tokens: Iterable<number>): void {
  if (!context.session.isOpen(context.clock.now())) return;
  for (const token of new Set(tokens)) {
    const quote = context.market.quote(token);
    if (quote === undefined) continue;
    for (const order of context.store.workingOn(token)) {
      if (order.status === 'TRIGGER PENDING' && isTriggered(order, quote.lastPrice)) {
        activateOrder(context, order, 'triggered');
      }
    }
    const resting = context.store.workingOn(token).filter((o) => o.status === 'OPEN');
    for (const order of resting.sort(byPriority)) {
      const latest = context.store.get(order.orderId);
      if (latest !== undefined) executeOrder(context, latest, 'limit');
    }
  }
}
