import type { Logger } from '@kavach/config';
import type { PrismaClient } from '@kavach/db';
import { appendAudit, newRowId, recordTrade } from '@kavach/db';
import { type WriteBehind, writeThrough } from '../storage/write-behind';
import type { Clock, Paise } from '@kavach/domain';
import { measureGroupPosition, paise } from '@kavach/domain';
import { DEFAULT_EXCHANGE_CONFIG, estimateCharges } from '@kavach/sim';
import type { ManagedGroup, TrackedOrder } from '../oco/oco-types';

export interface ClosedTrade {
  readonly id: string;
  readonly groupId: string;
  readonly quantity: number;
  readonly entryAveragePrice: Paise;
  readonly exitAveragePrice: Paise;
  readonly realisedPnl: Paise;
  readonly fees: Paise;
  readonly slippage: Paise;
}

interface Leg {
  readonly quantity: number;
  readonly value: number;
}

function filledLeg(order: TrackedOrder): Leg {
  const quantity = order.state.filledQuantity;
  const average = order.state.averageFillPrice;
  return { quantity, value: average === null ? 0 : average * quantity };
}

function sum(legs: readonly Leg[]): Leg {
  return legs.reduce((a, b) => ({ quantity: a.quantity + b.quantity, value: a.value + b.value }), {
    quantity: 0,
    value: 0,
  });
}

/** Summarises a closed bracket: entry against exits, charges and slippage against the signal. */
export function summariseTrade(group: ManagedGroup, orders: readonly TrackedOrder[]) {
  const entry = sum(orders.filter((o) => o.role === 'ENTRY').map(filledLeg));
  const exit = sum(orders.filter((o) => o.role !== 'ENTRY').map(filledLeg));
  const long = group.group.plan.side === 'BUY';
  const entryAverage = paise(Math.round(entry.value / entry.quantity));
  const exitAverage = paise(exit.quantity === 0 ? 0 : Math.round(exit.value / exit.quantity));
  const realisedPnl = paise(long ? exit.value - entry.value : entry.value - exit.value);
  const fees = orders
    .filter((o) => o.state.filledQuantity > 0 && o.state.averageFillPrice !== null)
    .reduce(
      (total, o) =>
        total +
        estimateCharges(DEFAULT_EXCHANGE_CONFIG.charges, {
          instrument: o.instrument,
          product: o.product,
          side: o.side,
          quantity: o.state.filledQuantity,
          price: o.state.averageFillPrice ?? paise(0),
        }).total,
      0,
    );
  const slippage =
    group.signalPrice === null
      ? 0
      : long
        ? entry.value - group.signalPrice * entry.quantity
        : group.signalPrice * entry.quantity - entry.value;
  return {
    quantity: entry.quantity,
    entryAveragePrice: entryAverage,
    exitAveragePrice: exitAverage,
    realisedPnl,
    fees: paise(Math.round(fees)),
    slippage: paise(Math.round(slippage)),
  };
}

/** Writes one Trade per bracket that closed with a position, with its audit record. */
export function createTradeRecorder(options: {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly ordersOf: (groupId: string) => readonly TrackedOrder[];
  readonly onTrade: (trade: ClosedTrade, group: ManagedGroup) => void;
  /** Kept while PostgreSQL is away (ADR 7); default: written at once. */
  readonly writes?: WriteBehind;
}) {
  const writes = options.writes ?? writeThrough;
  const recorded = new Set<string>();
  return {
    /** Call on every group change; only the first time a group is CLOSED does anything. */
    groupChanged: async (group: ManagedGroup): Promise<void> => {
      if (group.group.status !== 'CLOSED' || recorded.has(group.id)) return;
      recorded.add(group.id);
      if (measureGroupPosition(group.group).entryFilled === 0) return;
      const summary = summariseTrade(group, options.ordersOf(group.id));
      const closedAt = new Date(options.clock.now());
      const tradeId = newRowId();
      const trade = {
        id: tradeId,
        ocoGroupId: group.id,
        instrumentId: group.instrumentId,
        strategy: group.strategy,
        side: group.group.plan.side,
        ...summary,
        correlationId: group.correlationId,
        openedAt: new Date(group.openedAt),
        closedAt,
      };
      await writes.write(`trade of group ${group.id}`, () => recordTrade(options.prisma, trade));
      const audit = {
        id: newRowId(),
        actorType: 'SYSTEM' as const,
        actor: 'engine',
        action: 'trade.closed',
        entity: 'trade',
        entityId: tradeId,
        payload: {
          groupId: group.id,
          quantity: summary.quantity,
          realisedPnlPaise: summary.realisedPnl,
          feesPaise: summary.fees,
          slippagePaise: summary.slippage,
        },
        correlationId: group.correlationId,
        at: closedAt,
      };
      await writes.write('audit trade.closed', () => appendAudit(options.prisma, audit));
      options.logger.info({ groupId: group.id, ...summary }, 'trade closed');
      options.onTrade({ id: tradeId, groupId: group.id, ...summary }, group);
    },
  };
}
