import { subPaise } from '@kavach/domain';
import type { Paise } from '@kavach/domain';
import { computeAccountMargins, computeBlockedMargin } from './account-margins';
import type { AccountMargins, MarginBook } from './account-margins';
import type { ExchangeContext } from './exchange-context';
import { totalMargin } from './margin-model';
import type { OrderRecord } from './order-record';

export function describeMarginBook(context: ExchangeContext): MarginBook {
  return {
    model: context.config.margin,
    market: context.market,
    positions: context.positions.entries(),
  };
}

/** Working orders other than the given one: what is blocked without it. */
function otherWorkingOrders(context: ExchangeContext, orderId: string): OrderRecord[] {
  return context.store.working().filter((o) => o.orderId !== orderId);
}

export function computeCurrentMargins(context: ExchangeContext): AccountMargins {
  return computeAccountMargins(
    describeMarginBook(context),
    context.account.funds,
    context.store.working(),
  );
}

/**
 * What RMS checks before accepting an order or a change to one: the extra margin the order
 * (as `candidate`) blocks on top of everything else, and the funds left without it. Blocked
 * margin adds up per (instrument, product), so the increment needs only the candidate's group.
 */
export function computeMarginCheck(
  context: ExchangeContext,
  candidate: OrderRecord,
): { readonly required: Paise; readonly available: Paise } {
  const book = describeMarginBook(context);
  const others = otherWorkingOrders(context, candidate.orderId);
  const inGroup = (o: { instrumentToken: number; product: string }): boolean =>
    o.instrumentToken === candidate.instrumentToken && o.product === candidate.product;
  const group: MarginBook = { ...book, positions: book.positions.filter(inGroup) };
  const groupOrders = others.filter(inGroup);
  const before = totalMargin(computeBlockedMargin(group, groupOrders));
  const after = totalMargin(computeBlockedMargin(group, [...groupOrders, candidate]));
  const available = computeAccountMargins(book, context.account.funds, others).net;
  return { required: subPaise(after, before), available };
}
