import type { Broker } from '@kavach/broker';
import type { OrderVenue, OrderVenues } from '../venue/order-venues';
import type { Logger } from '@kavach/config';
import type { Clock } from '@kavach/domain';
import { isClosedStatus, measureGroupPosition } from '@kavach/domain';
import type {
  Actor,
  FlattenPort,
  FlattenProgress,
  FlattenReport,
  OrderOutcome,
} from '../control/ports';
import type { OcoManager } from './oco-manager';
import type { TrackedOrder } from './oco-types';

export interface FlattenAllOptions {
  readonly oco: OcoManager;
  readonly venues: OrderVenues;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * How long to wait for the broker to confirm cancels and exits before reporting, once the
   * flatten's requests could all have left at the broker's rate limit (`orderRequestsPerSecond`).
   */
  readonly settleTimeoutMs?: number;
  /** The broker's limit on order requests (place, modify, cancel); Kite's is 10 a second. */
  readonly orderRequestsPerSecond?: number;
  readonly pollMs?: number;
  /** For a hedge group, the main group it protects: the hedge leaves only once that is flat. */
  readonly hedgeOf?: (groupId: string) => string | undefined;
}

function outcomeOf(order: TrackedOrder, action: 'CANCEL' | 'EXIT'): OrderOutcome {
  const { status } = order.state;
  const done =
    action === 'CANCEL' ? status === 'CANCELLED' || status === 'FILLED' : status === 'FILLED';
  const failed = status === 'REJECTED' || status === 'DENIED' || (isClosedStatus(status) && !done);
  return {
    clientOrderId: order.clientOrderId,
    brokerOrderId: order.brokerOrderId,
    role: order.role,
    tradingSymbol: order.instrument.tradingSymbol,
    action,
    quantity:
      action === 'EXIT' ? order.state.quantity : order.state.quantity - order.state.filledQuantity,
    outcome: done ? 'DONE' : failed ? 'FAILED' : 'PENDING',
    message: order.state.statusMessage,
  };
}

/**
 * Groups told to get out at once. Each writes its state twice before its exit leaves: with
 * every group at once, fifty of them queue a hundred writes on the database pool and the first
 * exit waits behind them all (96 ms measured); a few at a time, it waits for its own two. The
 * broker's rate limit, not this, sets when the last one goes out.
 */
const FLATTENS_AT_ONCE = 8;

/**
 * Runs `work` for every item, at most `limit` at a time, in order. One failing does not stop
 * the others: every item is tried, then the first failure is thrown.
 */
async function forEachAtMost<T>(
  limit: number,
  items: readonly T[],
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item === undefined) continue;
      await work(item).catch((error: unknown) => {
        failures.push(error);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failures.length > 0) throw failures[0];
}

/**
 * Flatten everything the engine holds: every open bracket is told to get out (its stop turned
 * into a market exit with protection, its other working orders cancelled), every group in
 * parallel, then the broker's confirmations are awaited (bounded) and each order's outcome
 * reported. Orders placed outside the engine at a venue it trades on are cancelled too: a
 * kill switch that leaves a working order behind has not flattened.
 */
export function createFlattenAll(options: FlattenAllOptions): FlattenPort {
  const { oco, venues, clock, logger } = options;
  const settleTimeoutMs = options.settleTimeoutMs ?? 5_000;
  const orderRequestsPerSecond = options.orderRequestsPerSecond ?? 10;
  const pollMs = options.pollMs ?? 20;
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  return {
    flattenAll: async (
      reason: string,
      actor: Actor,
      progress?: FlattenProgress,
    ): Promise<FlattenReport> => {
      const startedAt = clock.now();
      const groups = oco.openGroups();
      const workingBefore = new Set(
        groups
          .flatMap((g) => oco.ordersOf(g.id))
          .filter((o) => !isClosedStatus(o.state.status))
          .map((o) => o.clientOrderId),
      );
      const ordersBefore = new Set(
        groups.flatMap((g) => oco.ordersOf(g.id)).map((o) => o.clientOrderId),
      );
      logger.warn({ reason, actor, groups: groups.length }, 'flattening every position');
      // A written option stays hedged until it is bought back: its hedge waits for that.
      const hedges = new Set(groups.filter((g) => options.hedgeOf?.(g.id) !== undefined));
      await forEachAtMost(
        FLATTENS_AT_ONCE,
        groups.filter((g) => !hedges.has(g)),
        (g) => oco.flattenGroup(g.id, reason),
      );
      const releaseHedges = async () => {
        for (const hedge of [...hedges]) {
          const mainId = options.hedgeOf?.(hedge.id);
          const main = oco.groups().find((g) => g.id === mainId);
          if (main !== undefined && measureGroupPosition(main.group).net !== 0) continue;
          hedges.delete(hedge);
          await oco.flattenGroup(hedge.id, reason);
        }
      };
      await releaseHedges();

      // One request per working order (the stop's modify, every other's cancel), queued at the
      // rate limit: fifty brackets need ten seconds before the last can even be confirmed, and a
      // report cut at five would raise a false FLATTEN_INCOMPLETE.
      const queuedMs = (workingBefore.size / orderRequestsPerSecond) * 1000;
      const deadline = Date.now() + queuedMs + settleTimeoutMs;
      const stillOpen = () => groups.filter((g) => g.group.status !== 'CLOSED');
      const holding = () => groups.filter((g) => measureGroupPosition(g.group).net !== 0);
      let flatAt: number | null = holding().length === 0 ? clock.now() : null;
      let midwayPassed = false;
      const passMidway = () => {
        if (midwayPassed || flatAt === null || stillOpen().length === 0) return;
        midwayPassed = true;
        progress?.midway?.();
      };
      passMidway();
      while (stillOpen().length > 0 && Date.now() < deadline) {
        await sleep(pollMs);
        await releaseHedges();
        if (flatAt === null && holding().length === 0) flatAt = clock.now();
        passMidway();
      }

      const external = await cancelExternalOrders(
        new Set([venues.current(), ...groups.map((g) => g.venue)]),
      );
      const orders: OrderOutcome[] = [];
      for (const group of groups) {
        for (const order of oco.ordersOf(group.id)) {
          const leg = group.group.legs.find((l) => l.legId === order.legId);
          // A stop turned into the market exit is reported as the exit it became; an order
          // still being placed when the flatten began is reported with the ones cancelled.
          const isExit = leg !== undefined && (leg.role === 'EXIT' || leg.atMarket);
          if (workingBefore.has(order.clientOrderId) || !ordersBefore.has(order.clientOrderId)) {
            orders.push(outcomeOf(order, isExit ? 'EXIT' : 'CANCEL'));
          }
        }
      }
      orders.push(...external);
      const remainingPositions = holding().length;
      if (flatAt === null && remainingPositions === 0) flatAt = clock.now();
      return {
        startedAt,
        flatAt,
        finishedAt: clock.now(),
        orders,
        flat: remainingPositions === 0 && stillOpen().length === 0,
        remainingPositions,
      };
    },
  };

  /**
   * Only where the engine trades: a paper kill switch must not cancel the orders a trader
   * placed by hand on the real account.
   */
  async function cancelExternalOrders(inPlay: ReadonlySet<OrderVenue>): Promise<OrderOutcome[]> {
    const outcomes: OrderOutcome[] = [];
    for (const { venue, broker } of venues.inUse()) {
      if (inPlay.has(venue)) outcomes.push(...(await cancelExternalAt(broker)));
    }
    return outcomes;
  }

  async function cancelExternalAt(broker: Broker): Promise<OrderOutcome[]> {
    const book = await broker.getOrders();
    if (!book.ok) {
      logger.error(
        { error: book.error },
        'order book unavailable: orders placed elsewhere not checked',
      );
      return [];
    }
    const outcomes: OrderOutcome[] = [];
    for (const report of book.value) {
      const ours = report.clientOrderId !== null && oco.order(report.clientOrderId) !== undefined;
      if (ours || isClosedStatus(report.status)) continue;
      const result = await broker.cancelOrder(report.brokerOrderId);
      outcomes.push({
        clientOrderId: report.clientOrderId ?? '',
        brokerOrderId: report.brokerOrderId,
        role: 'EXTERNAL',
        tradingSymbol: report.tradingSymbol,
        action: 'CANCEL',
        quantity: report.quantity - report.filledQuantity,
        outcome: result.ok ? 'DONE' : 'FAILED',
        message: result.ok ? null : result.error.message,
      });
    }
    return outcomes;
  }
}
