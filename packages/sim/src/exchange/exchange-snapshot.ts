import { addPaise, markPositionToMarket, ZERO_PAISE } from '@kavach/domain';
import type { Paise } from '@kavach/domain';
import type { ExchangeContext } from './exchange-context';
import type { LiquidityTaken } from './liquidity-ledger';
import type { IdCounters } from './order-ids';
import type { OrderRecord, TradeRecord } from './order-record';
import type { PositionEntry } from './position-book';

/** The format of ExchangeSnapshot; a restore refuses any other. */
export const EXCHANGE_SNAPSHOT_VERSION = 1;

/**
 * The exchange's whole state as plain JSON-serialisable data (paise, epoch ms, strings):
 * createExchange({ restore }) rebuilds an exchange that answers exactly as this one did and
 * goes on from it. Injected faults and subscribers are not part of it.
 */
export interface ExchangeSnapshot {
  readonly version: typeof EXCHANGE_SNAPSHOT_VERSION;
  /** The account the orders belong to; a restore under another user id is refused. */
  readonly userId: string;
  readonly funds: Paise;
  /** Placement sequence (time priority) given out so far. */
  readonly sequence: number;
  readonly ids: IdCounters;
  /** Every order's history, oldest first (the last is the order now), in placement order. */
  readonly orders: readonly (readonly OrderRecord[])[];
  /** Every execution, in the order they happened. */
  readonly trades: readonly TradeRecord[];
  readonly positions: readonly PositionEntry[];
  /** Depth already taken from the quotes standing now. */
  readonly liquidity: readonly LiquidityTaken[];
  /** Square-offs already run, as 'YYYY-MM-DD:segment'. */
  readonly squaredOff: readonly string[];
  /** A market forced open or closed by the control API; null follows the calendar. */
  readonly marketOverride: 'open' | 'closed' | null;
}

export function captureExchange(context: ExchangeContext): ExchangeSnapshot {
  const orders = [...context.store.all()].sort((a, b) => a.sequence - b.sequence);
  return {
    version: EXCHANGE_SNAPSHOT_VERSION,
    userId: context.userId,
    funds: context.account.funds,
    sequence: context.account.sequence,
    ids: context.ids.counters(),
    orders: orders.map((order) => [...context.store.history(order.orderId)]),
    trades: context.store.trades(),
    positions: context.positions.entries(),
    liquidity: context.ledger.entries(),
    squaredOff: [...context.squaredOff],
    marketOverride: context.session.override(),
  };
}

/** Refuses a snapshot of an unknown format or another account rather than guessing. */
export function checkExchangeSnapshot(saved: ExchangeSnapshot, userId: string): void {
  const version = (saved as { readonly version?: unknown }).version;
  if (version !== EXCHANGE_SNAPSHOT_VERSION) {
    throw new RangeError(
      `unknown exchange snapshot version ${String(version)} (this build reads ${EXCHANGE_SNAPSHOT_VERSION})`,
    );
  }
  if (saved.userId !== userId) {
    throw new RangeError(`exchange snapshot is of user ${saved.userId}, not ${userId}`);
  }
  for (const key of ['orders', 'trades', 'positions', 'liquidity', 'squaredOff'] as const) {
    if (!Array.isArray(saved[key])) throw new RangeError(`exchange snapshot has no ${key} list`);
  }
  if (saved.orders.some((history) => !Array.isArray(history) || history.length === 0)) {
    throw new RangeError('exchange snapshot has an order without history');
  }
}

/** Puts a checked snapshot's books into a freshly built context (ids and ledger come built). */
export function restoreBooks(context: ExchangeContext, saved: ExchangeSnapshot): void {
  for (const history of saved.orders) {
    for (const record of history) context.store.save(record);
  }
  for (const trade of saved.trades) context.store.addTrade(trade);
  for (const entry of saved.positions) context.positions.put(entry);
  for (const key of saved.squaredOff) context.squaredOff.add(key);
  context.session.setOverride(saved.marketOverride);
  context.account.funds = saved.funds;
  context.account.sequence = saved.sequence;
}

export interface DayRollOver {
  /** Every position's P&L at its last price, now part of the funds. */
  readonly settledPnl: Paise;
  /** Waiting after-market orders carried into the new day's book. */
  readonly carriedOrderIds: readonly string[];
  /** Orders of the old day dropped from the book. */
  readonly droppedOrders: number;
}

/**
 * The night between two trading days, as the next morning's Kite shows it: the order book,
 * trades and day positions start empty; every position's P&L (squared off at the close, or at
 * its last price if the day was not run to its end) settles into the funds; waiting AMOs
 * carry over; id sequences go on, so no id repeats.
 */
export function rollOverDay(context: ExchangeContext): DayRollOver {
  let settledPnl = ZERO_PAISE;
  for (const { instrumentToken, position } of context.positions.entries()) {
    settledPnl = addPaise(settledPnl, position.realisedPnl);
    const lastPrice = context.market.quote(instrumentToken)?.lastPrice;
    if (lastPrice !== undefined && position.netQuantity !== 0) {
      settledPnl = addPaise(settledPnl, markPositionToMarket(position, lastPrice));
    }
  }
  const carried = context.store
    .working()
    .filter((order) => order.status === 'AMO REQ RECEIVED')
    .map((order) => [...context.store.history(order.orderId)]);
  const droppedOrders = context.store.all().length - carried.length;
  context.store.clear();
  context.positions.clear();
  context.ledger.clear();
  context.squaredOff.clear();
  for (const history of carried) {
    for (const record of history) context.store.save(record);
  }
  context.account.funds = addPaise(context.account.funds, settledPnl);
  return {
    settledPnl,
    carriedOrderIds: carried.map((history) => history[0]?.orderId ?? ''),
    droppedOrders,
  };
}
