import {
  addPaise,
  markPositionToMarket,
  maxPaise,
  negatePaise,
  subPaise,
  ZERO_PAISE,
} from '@kavach/domain';
import type { Paise, Product } from '@kavach/domain';
import type { MarketView } from '../market/market-view';
import type { MarginModel } from './exchange-config';
import { addMargins, computeMargin, NO_MARGIN, totalMargin } from './margin-model';
import type { MarginComponents } from './margin-model';
import type { OrderRecord } from './order-record';
import type { PositionEntry } from './position-book';

/**
 * The equity segment of GET /user/margins, in paise. Model (documented, not Kite's RMS):
 * - blocked margin = positions' margin + open orders' margin, where an order that reduces a
 *   position blocks nothing for the part it closes;
 * - m2m_realised / m2m_unrealised are today's booked / open P&L as utilisation: a loss is
 *   positive (it uses funds), a profit negative;
 * - debits = span + exposure + option premium + any net loss; profits are not lent back;
 * - net = live_balance = cash − debits, the "available margin" RMS checks orders against.
 */
export interface AccountMargins {
  readonly openingBalance: Paise;
  readonly cash: Paise;
  readonly span: Paise;
  /** Futures/short-option exposure plus cash-equity (VaR + ELM) margin. */
  readonly exposure: Paise;
  readonly optionPremium: Paise;
  readonly m2mRealised: Paise;
  readonly m2mUnrealised: Paise;
  readonly debits: Paise;
  readonly net: Paise;
}

export interface MarginBook {
  readonly model: MarginModel;
  readonly market: MarketView;
  readonly positions: readonly PositionEntry[];
}

function groupKey(token: number, product: Product): string {
  return `${token}:${product}`;
}

function underlyingPriceOf(market: MarketView, token: number): Paise | null {
  const underlying = market.instrument(token)?.underlyingToken ?? null;
  return underlying === null ? null : (market.quote(underlying)?.lastPrice ?? null);
}

/** The price an open order is margined at: its limit, else its trigger, else the last price. */
function orderMarginPrice(order: OrderRecord, lastPrice: Paise | undefined): Paise {
  if (order.price > 0) return order.price;
  if (order.triggerPrice > 0) return order.triggerPrice;
  return lastPrice ?? ZERO_PAISE;
}

function positionMargin(book: MarginBook, entry: PositionEntry): MarginComponents {
  const { position } = entry;
  const instrument = book.market.instrument(entry.instrumentToken);
  if (instrument === undefined || position.netQuantity === 0) return NO_MARGIN;
  const quantity = Math.abs(position.netQuantity);
  const side = position.netQuantity > 0 ? 'BUY' : 'SELL';
  const lastPrice = book.market.quote(entry.instrumentToken)?.lastPrice ?? position.averagePrice;
  const margin = computeMargin(book.model, {
    instrument,
    product: entry.product,
    side,
    quantity,
    price: lastPrice,
    underlyingPrice: underlyingPriceOf(book.market, entry.instrumentToken),
  });
  // A bought option blocks what was paid for it, not what it is worth now.
  return margin.optionPremium > 0 ? { ...margin, optionPremium: position.openCost } : margin;
}

/** Margin blocked by positions and the given working orders. */
export function computeBlockedMargin(
  book: MarginBook,
  orders: readonly OrderRecord[],
): MarginComponents {
  let blocked = NO_MARGIN;
  const reducible = new Map<string, number>();
  for (const entry of book.positions) {
    blocked = addMargins(blocked, positionMargin(book, entry));
    reducible.set(groupKey(entry.instrumentToken, entry.product), entry.position.netQuantity);
  }
  for (const order of [...orders].sort((a, b) => a.sequence - b.sequence)) {
    const instrument = book.market.instrument(order.instrumentToken);
    if (instrument === undefined || order.pendingQuantity <= 0) continue;
    const key = groupKey(order.instrumentToken, order.product);
    const open = reducible.get(key) ?? 0;
    const direction = order.transactionType === 'BUY' ? 1 : -1;
    // Orders against the position close it first; only the excess needs margin.
    const closing = open * direction < 0 ? Math.min(Math.abs(open), order.pendingQuantity) : 0;
    reducible.set(key, open + direction * closing);
    const margin = computeMargin(book.model, {
      instrument,
      product: order.product,
      side: order.transactionType,
      quantity: order.pendingQuantity - closing,
      price: orderMarginPrice(order, book.market.quote(order.instrumentToken)?.lastPrice),
      underlyingPrice: underlyingPriceOf(book.market, order.instrumentToken),
    });
    blocked = addMargins(blocked, margin);
  }
  return blocked;
}

export function computeAccountMargins(
  book: MarginBook,
  funds: Paise,
  orders: readonly OrderRecord[],
): AccountMargins {
  const blocked = computeBlockedMargin(book, orders);
  let realised = ZERO_PAISE;
  let unrealised = ZERO_PAISE;
  for (const entry of book.positions) {
    realised = addPaise(realised, entry.position.realisedPnl);
    const lastPrice = book.market.quote(entry.instrumentToken)?.lastPrice;
    if (lastPrice !== undefined && entry.position.netQuantity !== 0) {
      unrealised = addPaise(unrealised, markPositionToMarket(entry.position, lastPrice));
    }
  }
  const loss = maxPaise(ZERO_PAISE, negatePaise(addPaise(realised, unrealised)));
  const debits = addPaise(totalMargin(blocked), loss);
  return {
    openingBalance: funds,
    cash: funds,
    span: blocked.span,
    exposure: addPaise(blocked.exposure, blocked.equity),
    optionPremium: blocked.optionPremium,
    m2mRealised: negatePaise(realised),
    m2mUnrealised: negatePaise(unrealised),
    debits,
    net: subPaise(funds, debits),
  };
}
