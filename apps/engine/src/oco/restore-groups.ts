import type { BrokerOrderReport } from '@kavach/broker';
import type { Logger } from '@kavach/config';
import type { PrismaClient } from '@kavach/db';
import {
  fromDbPriceOrNull,
  listOpenOcoGroups,
  listOrdersOfGroup,
  recordRiskEvent,
  saveOcoGroupProgress,
  toJson,
} from '@kavach/db';
import type { Clock, Instrument, OcoGroup, OrderState } from '@kavach/domain';
import { createOrderState } from '@kavach/domain';
import { cancelUnrecordedOrders } from './cancel-unrecorded-orders';
import type { OcoManager } from './oco-manager';
import type { OrderVenue, OrderVenues } from '../venue/order-venues';
import type { ManagedGroup, TrackedOrder } from './oco-types';

export interface RestoreSummary {
  readonly groups: number;
  readonly orders: number;
  /** Write-ahead rows the broker never saw: closed as not sent, never sent again. */
  readonly neverSent: number;
  /** Orders whose state the broker's book moved on while the engine was down. */
  readonly updatedFromBroker: number;
  /** Paper brackets, which ended with the process that held them: closed, with a risk event. */
  readonly paperEnded: number;
  /** Commands sent again: what a crash kept from the broker (a stop, a cancel, a modify). */
  readonly resumed: number;
  /** Working orders of this engine that no record names (ADR 7), cancelled before resuming. */
  readonly unrecordedCancelled: number;
}

export interface RestoreOptions {
  readonly prisma: PrismaClient;
  readonly oco: OcoManager;
  readonly venues: OrderVenues;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly instrumentOf: (token: number) => Instrument | undefined;
  /**
   * Runs once every stored bracket is taken up, before the broker's book is applied to them:
   * the engine rebuilds its day (risk book, positions) here, so what happened while it was
   * down arrives on top as fills, as it would have live.
   */
  readonly beforeCatchUp?: () => Promise<unknown>;
}

const NOT_SENT = 'not sent: the engine stopped between the write-ahead row and the broker call';
const PAPER_ENDED =
  'paper bracket ended with the engine process that held it: its paper orders and position are gone';

/**
 * After a restart: rebuilds every open bracket from its stored snapshot and its orders' stored
 * machine states, then asks the broker's order book what became of them (matched by tag). An
 * order still PENDING_SUBMIT that the book does not know was never sent, and is closed as
 * such: it is not sent again, and its group decides what that means (an entry: nothing
 * happened; a stop: get out). Nothing is sent twice. Working orders of ours that no record
 * names (ADR 7) are cancelled first. Last, each bracket sends again what the crash kept from
 * the broker: a stop it had decided on but not written, a cancel or a modify the broker's book
 * shows was never done.
 */
export async function restoreOpenGroups(options: RestoreOptions): Promise<RestoreSummary> {
  const { prisma, oco, venues, clock, logger } = options;
  const openGroups = await listOpenOcoGroups(prisma);
  let orderCount = 0;
  let paperEnded = 0;
  /** Write-ahead rows found at restart; orders the recovery itself sends are not among them. */
  const unsent: string[] = [];
  const venuesToAsk = new Set<OrderVenue>();
  for (const row of openGroups) {
    if (!venues.outlivesProcess(row.venue)) {
      await endPaperGroup(row.id, row.instrumentId, row.correlationId);
      paperEnded += 1;
      continue;
    }
    venuesToAsk.add(row.venue);
    const instrumentRow = await prisma.instrument.findUniqueOrThrow({
      where: { id: row.instrumentId },
      select: { token: true },
    });
    const instrument = options.instrumentOf(Number(instrumentRow.token));
    if (instrument === undefined || row.snapshot === null) {
      logger.error(
        { groupId: row.id },
        'open group cannot be restored: instrument or snapshot missing',
      );
      continue;
    }
    const group = row.snapshot as unknown as OcoGroup;
    const stored = await listOrdersOfGroup(prisma, row.id);
    const signal =
      row.decisionId === null
        ? null
        : await prisma.decision.findUnique({
            where: { id: row.decisionId },
            select: { signal: { select: { entryPricePaise: true } } },
          });
    const managed: ManagedGroup = {
      id: row.id,
      venue: row.venue,
      instrument,
      instrumentId: row.instrumentId,
      strategy: row.strategy,
      decisionId: row.decisionId,
      correlationId: row.correlationId,
      signalPrice: fromDbPriceOrNull(signal?.signal.entryPricePaise ?? null),
      openedAt: row.createdAt.getTime(),
      group,
      legs: new Map(),
    };
    const orders: TrackedOrder[] = stored.flatMap(({ legId, ...o }) =>
      legId === null
        ? []
        : {
            rowId: o.id,
            clientOrderId: o.clientOrderId,
            legId,
            groupId: row.id,
            role: o.role,
            instrument,
            side: o.side,
            orderType: o.orderType,
            product: o.product,
            price: o.price,
            triggerPrice: o.triggerPrice,
            correlationId: o.correlationId,
            decisionId: o.decisionId,
            brokerOrderId: o.brokerOrderId,
            state:
              o.machineState === null
                ? createOrderState({
                    orderId: o.clientOrderId,
                    quantity: o.quantity,
                    at: o.createdAt.getTime(),
                  })
                : (o.machineState as OrderState),
            modifications: o.modificationCount,
            sentAt: null,
            answeredAt: null,
            deferred: [],
            requests: Promise.resolve(),
          },
    );
    oco.adopt(managed, orders);
    orderCount += orders.length;
    for (const order of orders) {
      if (order.state.status === 'PENDING_SUBMIT') unsent.push(order.clientOrderId);
    }
  }

  await options.beforeCatchUp?.();

  let updatedFromBroker = 0;
  let neverSent = 0;
  const seen = new Set<string>();
  const books = new Map<OrderVenue, readonly BrokerOrderReport[]>();
  for (const venue of venuesToAsk) {
    const book = await venues.broker(venue).getOrders();
    if (!book.ok) throw new Error(`restart recovery needs the order book: ${book.error.message}`);
    books.set(venue, book.value);
  }
  // Before the book moves any bracket on: a fill applied below places a stop at once.
  const unrecorded = await cancelUnrecordedOrders({ prisma, venues, books, clock, logger });
  for (const [venue, book] of books) {
    for (const report of book) {
      if (report.clientOrderId === null || oco.order(report.clientOrderId) === undefined) continue;
      seen.add(report.clientOrderId);
      await oco.handleReport(report, 'POLL', venue, true);
      updatedFromBroker += 1;
    }
  }
  for (const clientOrderId of unsent) {
    if (seen.has(clientOrderId)) continue;
    neverSent += 1;
    await oco.applyLocalEvent(clientOrderId, {
      type: 'rejected',
      reason: NOT_SENT,
      at: clock.now(),
    });
  }
  let resumed = 0;
  for (const managed of oco.openGroups()) {
    if (unrecorded.stuck.has(managed.instrument.token)) continue;
    resumed += await oco.resume(managed.id);
  }
  const summary = {
    groups: openGroups.length - paperEnded,
    orders: orderCount,
    neverSent,
    updatedFromBroker,
    paperEnded,
    resumed,
    unrecordedCancelled: unrecorded.cancelled,
  };
  logger.info(summary, 'open brackets restored');
  return summary;

  async function endPaperGroup(id: string, instrumentId: string, correlationId: string) {
    const at = new Date(clock.now());
    const row = await prisma.ocoGroup.findUniqueOrThrow({ where: { id } });
    await saveOcoGroupProgress(prisma, {
      id,
      state: 'CLOSED',
      entryFilledQuantity: row.entryFilledQuantity,
      exitFilledQuantity: row.exitFilledQuantity,
      snapshot: toJson((row.snapshot ?? {}) as object),
      closedAt: at,
      at,
    });
    await recordRiskEvent(prisma, {
      kind: 'PAPER_ENDED',
      severity: 'WARNING',
      message: PAPER_ENDED,
      payload: toJson({ groupId: id }),
      instrumentId,
      orderId: null,
      correlationId,
      at,
    });
    logger.warn({ groupId: id }, PAPER_ENDED);
  }
}
