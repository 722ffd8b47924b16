import { atIst, istDate, splitByFreezeQuantity } from '@kavach/domain';
import type { ExchangeContext } from './exchange-context';
import { acceptPlacement } from './accept-order';
import { squareOffSegment } from './market-session';
import { cancelRemainder, sendToExchange } from './order-lifecycle';
import { AUTO_MARKET_PROTECTION } from './protection-price';
import { STATUS_REASONS } from './rejection-messages';
import { validatePlacement } from './validate-placement';

/** Kite reports the broker's RMS square-off orders as placed by this id. */
export const SQUARE_OFF_PLACED_BY = 'ADMINSQF';

/** At the open, after-market orders go to the exchange. Returns their ids. */
export function openAmoOrders(context: ExchangeContext, now: number): readonly string[] {
  if (!context.session.isOpen(now)) return [];
  const amo = context.store.working().filter((o) => o.status === 'AMO REQ RECEIVED');
  for (const order of amo) sendToExchange(context, order);
  return amo.map((o) => o.orderId);
}

/**
 * Once the market is shut, every working order except waiting AMOs has lived out its DAY (or
 * IOC) validity: it ends CANCELLED with its fills kept. Returns the ids.
 */
export function expireDayOrders(context: ExchangeContext, now: number): readonly string[] {
  if (context.session.isOpen(now)) return [];
  const expiring = context.store.working().filter((o) => o.status !== 'AMO REQ RECEIVED');
  for (const order of expiring) {
    cancelRemainder(context, order, STATUS_REASONS.expiredAtClose(), 'expired');
  }
  return expiring.map((o) => o.orderId);
}

/**
 * The broker's MIS square-off: from 15:20 IST (equity) and 15:25 IST (derivatives), once per
 * day and segment, pending MIS orders are cancelled and every open MIS position is closed
 * with protected market orders placed by "ADMINSQF", sliced to the freeze quantity. Returns
 * the square-off order ids.
 */
export function runSquareOff(context: ExchangeContext, now: number): readonly string[] {
  const date = istDate(now);
  const due = (['equity', 'derivatives'] as const).filter((segment) => {
    const time =
      segment === 'equity' ? context.config.squareOffEquity : context.config.squareOffDerivatives;
    const key = `${date}:${segment}`;
    if (now < atIst(time, date) || context.squaredOff.has(key)) return false;
    context.squaredOff.add(key);
    return context.session.isOpen(now);
  });
  if (due.length === 0) return [];
  const inScope = (exchange: Parameters<typeof squareOffSegment>[0]): boolean =>
    due.includes(squareOffSegment(exchange));

  for (const order of context.store.working()) {
    if (order.product === 'MIS' && inScope(order.exchange)) {
      cancelRemainder(context, order, STATUS_REASONS.cancelledForSquareOff(), 'cancelled');
    }
  }
  const placed: string[] = [];
  for (const entry of context.positions.entries()) {
    const net = entry.position.netQuantity;
    if (entry.product !== 'MIS' || net === 0 || !inScope(entry.exchange)) continue;
    const instrument = context.market.instrument(entry.instrumentToken);
    if (instrument === undefined) continue;
    for (const quantity of splitByFreezeQuantity(Math.abs(net), instrument)) {
      const validation = validatePlacement(
        {
          variety: 'regular',
          exchange: entry.exchange,
          tradingsymbol: entry.tradingSymbol,
          transaction_type: net > 0 ? 'SELL' : 'BUY',
          order_type: 'MARKET',
          product: 'MIS',
          quantity,
          market_protection: AUTO_MARKET_PROTECTION,
        },
        {
          instrument,
          quote: context.market.quote(instrument.token),
          marketOpen: true,
          today: date,
          placedByBroker: true,
        },
      );
      if (!validation.ok) continue;
      placed.push(
        acceptPlacement(context, validation.value, {
          placedBy: SQUARE_OFF_PLACED_BY,
          checkMargin: false,
          applyFaults: false,
        }),
      );
    }
  }
  return placed;
}
