import type { Logger } from '@kavach/config';
import type { PrismaClient } from '@kavach/db';
import { fromDbPriceOrNull } from '@kavach/db';
import type { Clock, Excursion, NetPosition, Paise, Product } from '@kavach/domain';
import {
  FLAT_POSITION,
  foldPositionFills,
  istDate,
  istDayStart,
  measureGroupPosition,
  paise,
} from '@kavach/domain';
import type { ManagedGroup, TrackedOrder } from '../oco/oco-types';
import type { PositionTracker } from './position-tracker';
import type { RestoredFill, RiskBook } from './risk-book';

export interface RestoreDayOptions {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly product: Product;
  /** The brackets taken up again, as stored (before the broker's news is applied). */
  readonly groups: readonly ManagedGroup[];
  readonly ordersOf: (groupId: string) => readonly TrackedOrder[];
  readonly riskBook: RiskBook;
  readonly positions: PositionTracker;
  /** Group states in which the entry may still fill: their planned quantity is still heat. */
  readonly enteringStates: ReadonlySet<string>;
}

export interface RestoredDay {
  /** Open brackets now in the risk book. */
  readonly groups: number;
  /** Trades closed earlier today (before the restart) whose P&L was added. */
  readonly closedTrades: number;
  /** Their realised P&L, gross of charges like the live book's. */
  readonly closedPnl: Paise;
  /** Open positions taken up, and how many of them had to be rebuilt from the fills. */
  readonly positions: number;
  readonly rebuiltPositions: number;
  /** Open Position rows no bracket holds any more (e.g. a paper bracket that ended): closed. */
  readonly closedPositions: number;
}

/**
 * After a restart the engine's day so far, from what is stored: every bracket taken up again
 * enters the risk book (its fills replayed, its plan's stop distance as heat), the trades
 * closed earlier today add their realised P&L, and each instrument's open position is taken
 * up from its row, so the daily-loss stop, the heat limit and max open positions see the
 * whole day, and the fills heard next go on from there. Runs before the broker's book is
 * applied to the restored brackets: what happened while the engine was down then arrives as
 * fills on top, exactly as it would have live.
 */
export async function restoreDay(options: RestoreDayOptions): Promise<RestoredDay> {
  const { prisma, clock, logger, riskBook, positions } = options;
  const dayStart = istDayStart(istDate(clock.now()));
  const byToken = new Map<number, { instrumentId: string; fills: SortableFill[]; net: number }>();

  for (const group of options.groups) {
    const orders = options.ordersOf(group.id);
    const fills = fillsOf(group, orders);
    const { plan } = group.group;
    riskBook.restoreGroup(
      group.id,
      {
        token: group.instrument.token,
        side: plan.side,
        stopDistance: stopDistanceOf(group, orders, logger),
        plannedQuantity: options.enteringStates.has(group.group.status) ? plan.quantity : 0,
      },
      fills,
      dayStart,
    );
    const held = byToken.get(group.instrument.token) ?? {
      instrumentId: group.instrumentId,
      fills: [],
      net: 0,
    };
    held.fills.push(...fills);
    held.net += (plan.side === 'BUY' ? 1 : -1) * measureGroupPosition(group.group).net;
    byToken.set(group.instrument.token, held);
  }

  const restoredIds = new Set(options.groups.map((g) => g.id));
  const trades = (
    await prisma.trade.findMany({
      where: { closedAt: { gte: new Date(dayStart) } },
      select: { ocoGroupId: true, realisedPnlPaise: true },
    })
  ).filter((t) => t.ocoGroupId === null || !restoredIds.has(t.ocoGroupId));
  const closedPnl = paise(trades.reduce((sum, t) => sum + Number(t.realisedPnlPaise), 0));
  riskBook.addRealisedToday(closedPnl);

  const rows = await prisma.position.findMany({
    where: { product: options.product, closedAt: null },
    include: { instrument: { select: { token: true } } },
  });
  let rebuilt = 0;
  let closed = 0;
  const seen = new Set<number>();
  for (const row of rows) {
    const token = Number(row.instrument.token);
    seen.add(token);
    const stored = storedPosition(row);
    const held = byToken.get(token);
    const lastPrice = fromDbPriceOrNull(row.lastPricePaise);
    if (held === undefined || held.net === 0) {
      if (stored.netQuantity === 0) continue;
      // No bracket holds it any more: the row is closed as flat, keeping what it recorded.
      logger.warn(
        { token, netQuantity: stored.netQuantity },
        'open position no bracket holds: closed',
      );
      await positions.restore({
        token,
        instrumentId: row.instrumentId,
        position: { ...stored, netQuantity: 0, openCost: paise(0), averagePrice: paise(0) },
        lastPrice,
        excursion: null,
        unsaved: true,
      });
      closed += 1;
      continue;
    }
    if (stored.netQuantity === held.net) {
      await positions.restore({
        token,
        instrumentId: row.instrumentId,
        position: stored,
        lastPrice,
        excursion: excursionOf(stored, row.mfePaise, row.maePaise),
        unsaved: false,
      });
      continue;
    }
    // The row missed a fill (the engine stopped between the fill and its write): rebuilt.
    logger.warn(
      { token, stored: stored.netQuantity, brackets: held.net },
      'open position disagrees with its brackets: rebuilt from their fills',
    );
    await restoreFromFills(token, held, lastPrice);
    rebuilt += 1;
  }
  for (const [token, held] of byToken) {
    if (seen.has(token) || held.net === 0) continue;
    logger.warn({ token, brackets: held.net }, 'open position without its row: rebuilt');
    await restoreFromFills(token, held, null);
    rebuilt += 1;
  }

  const summary: RestoredDay = {
    groups: options.groups.length,
    closedTrades: trades.length,
    closedPnl,
    positions: positions.open().length,
    rebuiltPositions: rebuilt,
    closedPositions: closed,
  };
  logger.info(summary, 'the day so far restored');
  return summary;

  function restoreFromFills(
    token: number,
    held: { readonly instrumentId: string; readonly fills: readonly SortableFill[] },
    lastPrice: Paise | null,
  ): Promise<void> {
    const position = foldPositionFills(sortFills(held.fills));
    return positions.restore({
      token,
      instrumentId: held.instrumentId,
      position,
      lastPrice: lastPrice ?? position.averagePrice,
      excursion: excursionOf(position, 0n, 0n),
      unsaved: true,
    });
  }
}

interface SortableFill extends RestoredFill {
  readonly entry: boolean;
}

/** A bracket's fills in the order they happened (an entry's first at the same instant). */
function fillsOf(group: ManagedGroup, orders: readonly TrackedOrder[]): SortableFill[] {
  const fills: SortableFill[] = [];
  for (const order of orders) {
    for (const fill of order.state.fills) {
      // As the live path prices it: the fill's price, else the order's average, else its limit.
      const price = fill.price ?? order.state.averageFillPrice ?? order.price;
      if (price === null) continue;
      fills.push({
        side: order.side,
        quantity: fill.quantity,
        price,
        at: fill.at,
        entry: order.side === group.group.plan.side && order.role === 'ENTRY',
      });
    }
  }
  return sortFills(fills);
}

function sortFills(fills: readonly SortableFill[]): SortableFill[] {
  const entryFirst = (f: SortableFill) => (f.entry ? 0 : 1);
  return [...fills].sort((a, b) => a.at - b.at || entryFirst(a) - entryFirst(b));
}

/** |entry − stop| per unit, as the entry pipeline tracked it: the sent entry price and the plan's stop. */
function stopDistanceOf(
  group: ManagedGroup,
  orders: readonly TrackedOrder[],
  logger: Logger,
): Paise {
  const { plan } = group.group;
  const entryOrder = orders.find((o) => o.role === 'ENTRY');
  const entry = plan.entry.price ?? entryOrder?.state.averageFillPrice ?? group.signalPrice;
  const stop = plan.stop.triggerPrice;
  if (entry === null || stop === null) {
    logger.warn({ groupId: group.id }, 'restored bracket without entry or stop price: no heat');
    return paise(0);
  }
  return paise(Math.abs(entry - stop));
}

/** The NetPosition a Position row stores; its open cost follows from the cash identity. */
function storedPosition(row: {
  readonly netQuantity: number;
  readonly buyQuantity: number;
  readonly sellQuantity: number;
  readonly buyValuePaise: bigint;
  readonly sellValuePaise: bigint;
  readonly averagePricePaise: number | null;
  readonly realisedPnlPaise: bigint;
}): NetPosition {
  const buyValue = Number(row.buyValuePaise);
  const sellValue = Number(row.sellValuePaise);
  const realisedPnl = Number(row.realisedPnlPaise);
  const net = row.netQuantity;
  // sellValue − buyValue = realised − open cost (long) or realised + open cost (short).
  const openCost =
    net > 0 ? buyValue - sellValue + realisedPnl : net < 0 ? sellValue - buyValue - realisedPnl : 0;
  return {
    ...FLAT_POSITION,
    netQuantity: net,
    openCost: paise(openCost),
    averagePrice: paise(
      net === 0 ? 0 : (row.averagePricePaise ?? Math.round(openCost / Math.abs(net))),
    ),
    realisedPnl: paise(realisedPnl),
    buyQuantity: row.buyQuantity,
    buyValue: paise(buyValue),
    sellQuantity: row.sellQuantity,
    sellValue: paise(sellValue),
  };
}

/** MFE/MAE per unit again from the stored totals (written for the open quantity). */
function excursionOf(position: NetPosition, mfe: bigint, mae: bigint): Excursion | null {
  const open = Math.abs(position.netQuantity);
  if (open === 0 || position.averagePrice <= 0) return null;
  return {
    entrySide: position.netQuantity > 0 ? 'BUY' : 'SELL',
    entryPrice: position.averagePrice,
    mfePerUnit: paise(Math.round(Math.abs(Number(mfe)) / open)),
    maePerUnit: paise(Math.round(Math.abs(Number(mae)) / open)),
  };
}
