import type { BrokerOrderReport } from '@kavach/broker';
import type { Logger } from '@kavach/config';
import type {
  ExternalOrder,
  NewDiscrepancy,
  PrismaClient,
  ReconciliationTrigger,
} from '@kavach/db';
import {
  finishReconciliationRun,
  importExternalOrder,
  listExternalBrokerOrderIds,
  recordRiskEvent,
  resolvePositionMismatches,
  startReconciliationRun,
  toJson,
} from '@kavach/db';
import type { Clock, Discrepancy, EngineOrderView, PositionView, Product } from '@kavach/domain';
import { isClosedStatus, measureGroupPosition, reconcileBook } from '@kavach/domain';
import type { EventSink } from '../control/ports';
import type { OcoManager } from '../oco/oco-manager';
import type { TrackedOrder } from '../oco/oco-types';
import type { OrderVenue, OrderVenues } from '../venue/order-venues';

export interface ReconcilerOptions {
  readonly prisma: PrismaClient;
  readonly oco: OcoManager;
  readonly venues: OrderVenues;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly events: EventSink;
  /** The intraday product the engine trades: only those broker positions are compared. */
  readonly product: Product;
  readonly instrumentIdOf: (token: number) => string | undefined;
  /** Default 5 s: orders and instruments touched this recently are left for the next run. */
  readonly quietMs?: number;
  /**
   * Runs in a row a sent order may be missing from the book before it is marked REJECTED
   * ("not found"): an ambiguous placement the broker never received. Default 5.
   */
  readonly notFoundAfterRuns?: number;
}

/** An order of ours the broker's book shows and the engine no longer holds in memory. */
interface StoredEngineOrder {
  readonly rowId: string;
  readonly view: EngineOrderView;
}

export interface ReconciliationStatus {
  readonly running: boolean;
  readonly lastRun: {
    readonly id: string;
    readonly trigger: ReconciliationTrigger;
    readonly outcome: 'CLEAN' | 'DISCREPANCIES' | 'FAILED';
    readonly at: number;
    readonly discrepancies: number;
    readonly error: string | null;
  } | null;
  /** Instruments whose positions disagree with the broker: no new entries there. */
  readonly blockedTokens: readonly number[];
}

export interface Reconciler {
  readonly run: (trigger: ReconciliationTrigger) => Promise<ReconciliationStatus>;
  readonly status: () => ReconciliationStatus;
  readonly isBlocked: (token: number) => boolean;
  /** For the LIVE gate: clean = the last run found nothing to act on. */
  readonly lastStatus: () => { clean: boolean; at: number | null; message: string | null };
  readonly start: (intervalMs: number) => void;
  readonly stop: () => void;
}

/**
 * Reconciliation: compares the engine's orders and positions with each venue's book, stores
 * what differs and acts on it — a missed fill or status is applied from the broker's word, an
 * order placed elsewhere is imported as EXTERNAL, a position mismatch raises a risk event and
 * blocks new entries on the instrument until the positions agree again, a contradiction the
 * engine cannot fix raises a critical risk event.
 */
export function createReconciler(options: ReconcilerOptions): Reconciler {
  const { prisma, oco, venues, clock, logger, events } = options;
  const quietMs = options.quietMs ?? 5_000;
  const notFoundAfterRuns = options.notFoundAfterRuns ?? 5;
  /** client order id → runs in a row it was missing from the broker's book. */
  const missing = new Map<string, number>();
  let watched = new Set<string>();
  const blocked = new Map<number, Discrepancy>();
  let knownExternal: Set<string> | null = null;
  let last: ReconciliationStatus['lastRun'] = null;
  let running: Promise<ReconciliationStatus> | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;

  const status = (): ReconciliationStatus => ({
    running: running !== null,
    lastRun: last,
    blockedTokens: [...blocked.keys()].sort((a, b) => a - b),
  });

  /**
   * The engine's side of one venue's book: the orders of the brackets it manages, and every
   * other order it placed that the book still shows — after a restart the brackets closed
   * earlier in the day are no longer in memory, but their orders are still in the broker's
   * day book, and they are ours: compared from their stored rows, never taken for EXTERNAL.
   */
  async function engineView(venue: OrderVenue, book: readonly BrokerOrderReport[]) {
    const groups = oco.groups().filter((g) => g.venue === venue);
    const managed = groups.flatMap((g) => oco.ordersOf(g.id));
    const positions: PositionView[] = groups.map((g) => ({
      token: g.instrument.token,
      quantity: (g.group.plan.side === 'BUY' ? 1 : -1) * measureGroupPosition(g.group).net,
    }));
    const orders: EngineOrderView[] = managed.map((o) => ({
      clientOrderId: o.clientOrderId,
      brokerOrderId: o.brokerOrderId,
      token: o.instrument.token,
      status: o.state.status,
      quantity: o.state.quantity,
      filledQuantity: o.state.filledQuantity,
      lastActivityAt: Math.max(o.state.updatedAt, o.answeredAt ?? 0, o.sentAt ?? 0),
    }));
    const stored = await storedOrdersIn(venue, book, managed);
    for (const order of stored.values()) orders.push(order.view);
    return { orders, positions, stored };
  }

  /** Stored orders of ours (not in memory) that the book shows, by tag or broker order id. */
  async function storedOrdersIn(
    venue: OrderVenue,
    book: readonly BrokerOrderReport[],
    managed: readonly TrackedOrder[],
  ): Promise<Map<string, StoredEngineOrder>> {
    const managedTags = new Set(managed.map((o) => o.clientOrderId));
    const managedIds = new Set(managed.flatMap((o) => o.brokerOrderId ?? []));
    const tags: string[] = [];
    const brokerOrderIds: string[] = [];
    for (const report of book) {
      if (report.clientOrderId !== null && managedTags.has(report.clientOrderId)) continue;
      if (managedIds.has(report.brokerOrderId) || knownExternal?.has(report.brokerOrderId))
        continue;
      if (report.clientOrderId !== null) tags.push(report.clientOrderId);
      brokerOrderIds.push(report.brokerOrderId);
    }
    const found = new Map<string, StoredEngineOrder>();
    if (brokerOrderIds.length === 0) return found;
    const rows = await prisma.order.findMany({
      where: {
        isExternal: false,
        OR: [{ clientOrderId: { in: tags } }, { brokerOrderId: { in: brokerOrderIds } }],
      },
      select: {
        id: true,
        clientOrderId: true,
        brokerOrderId: true,
        status: true,
        quantity: true,
        filledQuantity: true,
        updatedAt: true,
        instrument: { select: { token: true } },
        group: { select: { venue: true } },
      },
    });
    for (const row of rows) {
      if ((row.group?.venue ?? 'KITE') !== venue) continue;
      found.set(row.clientOrderId, {
        rowId: row.id,
        view: {
          clientOrderId: row.clientOrderId,
          brokerOrderId: row.brokerOrderId,
          token: Number(row.instrument.token),
          status: row.status,
          quantity: row.quantity,
          filledQuantity: row.filledQuantity,
          lastActivityAt: row.updatedAt.getTime(),
        },
      });
    }
    return found;
  }

  /** A difference the engine cannot act on itself: stored, with a critical risk event. */
  async function raiseForPerson(
    found: Discrepancy,
    instrumentId: string | null,
    orderRowId: string | null,
    note: string,
  ): Promise<void> {
    await recordRiskEvent(prisma, {
      kind: `RECONCILIATION_${found.kind}`,
      severity: 'CRITICAL',
      message: `${found.kind}: the engine holds ${String(found.expected)}, the broker ${String(found.actual)}${note}`,
      payload: toJson({
        clientOrderId: found.clientOrderId,
        brokerOrderId: found.brokerOrderId,
      }),
      instrumentId,
      orderId: orderRowId,
      at: new Date(clock.now()),
    });
  }

  async function act(
    venue: OrderVenue,
    found: Discrepancy,
    report: BrokerOrderReport | undefined,
    stored: ReadonlyMap<string, StoredEngineOrder>,
  ): Promise<NewDiscrepancy> {
    const instrumentId =
      found.token === null ? null : (options.instrumentIdOf(found.token) ?? null);
    const managed = found.clientOrderId === null ? undefined : oco.order(found.clientOrderId);
    const orderRowId =
      managed?.rowId ??
      (found.clientOrderId === null ? null : (stored.get(found.clientOrderId)?.rowId ?? null));
    const base = {
      kind: found.kind,
      orderId: orderRowId,
      brokerOrderId: found.brokerOrderId,
      instrumentId,
      expected: toJson({ value: found.expected }),
      actual: toJson({ value: found.actual }),
    };
    switch (found.action) {
      case 'APPLY_BROKER_STATE':
        if (managed === undefined) {
          // An order of a bracket the engine no longer manages (closed before a restart): its
          // stored record disagrees with the broker, and there is no live bracket to apply it to.
          await raiseForPerson(found, instrumentId, orderRowId, ' (its bracket is closed)');
          return {
            ...base,
            actionTaken: 'raised for a person: the order’s bracket is closed',
            resolved: false,
          };
        }
        if (report !== undefined) await oco.handleReport(report, 'POLL', venue, true);
        return { ...base, actionTaken: 'applied the broker state', resolved: true };
      case 'IMPORT_EXTERNAL': {
        if (report === undefined || instrumentId === null) {
          return { ...base, actionTaken: 'unknown instrument: not imported', resolved: false };
        }
        const ours = await findOwnOrder(report);
        if (ours !== null) {
          // Placed by this engine (its tag or broker id is stored): never imported as EXTERNAL.
          return {
            ...base,
            orderId: ours,
            actionTaken: 'the engine’s own order: not imported',
            resolved: false,
          };
        }
        const id = await importExternalOrder(
          prisma,
          toExternalOrder(report, instrumentId, clock.now()),
        );
        knownExternal?.add(report.brokerOrderId);
        events.risk(
          'EXTERNAL_ORDER',
          'WARNING',
          `${report.tradingSymbol}: order ${report.brokerOrderId} was placed outside the engine; shown as EXTERNAL, never traded`,
          { brokerOrderId: report.brokerOrderId, venue },
        );
        return { ...base, orderId: id, actionTaken: 'imported as EXTERNAL', resolved: true };
      }
      case 'BLOCK_ENTRIES': {
        if (found.token !== null && !blocked.has(found.token)) {
          blocked.set(found.token, found);
          await recordRiskEvent(prisma, {
            kind: 'POSITION_MISMATCH',
            severity: 'CRITICAL',
            message: `position ${String(found.expected)} here, ${String(found.actual)} at the broker: no new entries on this instrument until they agree`,
            payload: toJson({ token: found.token, venue }),
            instrumentId,
            at: new Date(clock.now()),
          });
          events.risk('POSITION_MISMATCH', 'CRITICAL', 'position differs from the broker', {
            token: found.token,
            expected: found.expected,
            actual: found.actual,
          });
        }
        return { ...base, actionTaken: 'entries blocked on the instrument', resolved: false };
      }
      case 'ALERT':
        await raiseForPerson(found, instrumentId, orderRowId, '');
        return { ...base, actionTaken: 'raised for a person', resolved: false };
      case 'WATCH': {
        const id = found.clientOrderId;
        const order = id === null ? undefined : oco.order(id);
        if (id === null || order === undefined) {
          return { ...base, actionTaken: 'checked again next run', resolved: false };
        }
        watched.add(id);
        const misses = (missing.get(id) ?? 0) + 1;
        missing.set(id, misses);
        // Only an order the broker never acknowledged can be declared never received.
        if (order.brokerOrderId === null && misses >= notFoundAfterRuns) {
          missing.delete(id);
          const reason = `not found at the broker after ${misses} checks`;
          await oco.applyLocalEvent(id, { type: 'rejected', reason, at: clock.now() });
          return { ...base, actionTaken: `marked REJECTED: ${reason}`, resolved: true };
        }
        return {
          ...base,
          actionTaken: `checked again next run (${misses} of ${notFoundAfterRuns})`,
          resolved: false,
        };
      }
    }
  }

  /** The row id of an order this engine placed with the report's tag or broker id, if any. */
  async function findOwnOrder(report: BrokerOrderReport): Promise<string | null> {
    const row = await prisma.order.findFirst({
      where: {
        isExternal: false,
        OR: [
          { brokerOrderId: report.brokerOrderId },
          ...(report.clientOrderId === null ? [] : [{ clientOrderId: report.clientOrderId }]),
        ],
      },
      select: { id: true },
    });
    return row?.id ?? null;
  }

  async function runOnce(trigger: ReconciliationTrigger): Promise<ReconciliationStatus> {
    const startedAt = clock.now();
    const runId = await startReconciliationRun(prisma, trigger, new Date(startedAt));
    knownExternal ??= new Set(await listExternalBrokerOrderIds(prisma));
    const recorded: NewDiscrepancy[] = [];
    let error: string | null = null;
    const mismatched = new Set<number>();
    const busy = new Set<number>();
    watched = new Set();
    try {
      for (const { venue, broker } of venues.inUse()) {
        const [book, positions] = await Promise.all([broker.getOrders(), broker.getPositions()]);
        if (!book.ok) throw new Error(`${venue} order book: ${book.error.message}`);
        if (!positions.ok) throw new Error(`${venue} positions: ${positions.error.message}`);
        const view = await engineView(venue, book.value);
        const reports = new Map(book.value.map((r) => [r.brokerOrderId, r]));
        const found = reconcileBook({
          engineOrders: view.orders,
          brokerOrders: book.value.map((r) => ({
            brokerOrderId: r.brokerOrderId,
            clientOrderId: r.clientOrderId,
            token: r.instrumentToken,
            status: r.status,
            quantity: r.quantity,
            filledQuantity: r.filledQuantity,
          })),
          enginePositions: view.positions,
          brokerPositions: positions.value
            .filter((p) => p.product === options.product)
            .map((p) => ({ token: p.instrumentToken, quantity: p.quantity })),
          knownExternal,
          now: clock.now(),
          quietMs,
        });
        for (const order of view.orders) {
          if (clock.now() - order.lastActivityAt < quietMs) busy.add(order.token);
        }
        for (const discrepancy of found) {
          if (discrepancy.kind === 'POSITION_MISMATCH' && discrepancy.token !== null) {
            mismatched.add(discrepancy.token);
          }
          const report =
            discrepancy.brokerOrderId === null ? undefined : reports.get(discrepancy.brokerOrderId);
          recorded.push(await act(venue, discrepancy, report, view.stored));
        }
      }
      for (const token of [...blocked.keys()]) {
        if (mismatched.has(token) || busy.has(token)) continue;
        blocked.delete(token);
        const instrumentId = options.instrumentIdOf(token);
        if (instrumentId !== undefined) {
          await resolvePositionMismatches(prisma, instrumentId, new Date(clock.now()));
        }
        events.event('reconciliation.unblocked', `positions agree again on ${token}`, { token });
      }
      // Found again, or settled: the count starts over.
      for (const id of [...missing.keys()]) if (!watched.has(id)) missing.delete(id);
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
      logger.error({ error, trigger }, 'reconciliation failed');
    }
    const outcome = error !== null ? 'FAILED' : recorded.length === 0 ? 'CLEAN' : 'DISCREPANCIES';
    const at = clock.now();
    await finishReconciliationRun(prisma, {
      id: runId,
      outcome,
      summary: toJson({
        discrepancies: recorded.length,
        byKind: countBy(recorded.map((d) => d.kind)),
        blocked: [...blocked.keys()],
      }),
      error,
      discrepancies: recorded,
      at: new Date(at),
    });
    last = { id: runId, trigger, outcome, at, discrepancies: recorded.length, error };
    if (outcome === 'FAILED') {
      events.risk('RECONCILIATION_FAILED', 'CRITICAL', `reconciliation failed: ${error ?? ''}`, {
        trigger,
      });
    }
    return status();
  }

  return {
    run: (trigger) => runOrJoin(trigger),
    status,
    isBlocked: (token) => blocked.has(token),
    lastStatus: () => ({
      clean: last !== null && last.outcome === 'CLEAN',
      at: last?.at ?? null,
      message:
        last === null
          ? null
          : last.outcome === 'FAILED'
            ? last.error
            : last.outcome === 'DISCREPANCIES'
              ? `${last.discrepancies} discrepancies`
              : null,
    }),
    start: (intervalMs) => {
      if (timer !== null) return;
      timer = setInterval(() => {
        if (running !== null) return;
        void (async () => {
          try {
            await runOrJoin('PERIODIC');
          } catch (caught) {
            logger.error({ err: caught }, 'periodic reconciliation failed');
          }
        })();
      }, intervalMs);
      timer.unref();
    },
    stop: () => {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
  };

  function runOrJoin(trigger: ReconciliationTrigger): Promise<ReconciliationStatus> {
    running ??= runOnce(trigger).finally(() => {
      running = null;
    });
    return running;
  }
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function toExternalOrder(
  report: BrokerOrderReport,
  instrumentId: string,
  now: number,
): ExternalOrder {
  const status =
    report.status === 'OPEN' ||
    report.status === 'TRIGGER_PENDING' ||
    report.status === 'PARTIALLY_FILLED' ||
    report.status === 'FILLED' ||
    report.status === 'CANCELLED' ||
    report.status === 'REJECTED' ||
    report.status === 'EXPIRED'
      ? report.status
      : isClosedStatus(report.status)
        ? 'CANCELLED'
        : 'OPEN';
  return {
    brokerOrderId: report.brokerOrderId,
    tag: report.clientOrderId,
    instrumentId,
    side: report.side,
    product: report.product,
    quantity: report.quantity,
    filledQuantity: report.filledQuantity,
    price: report.price,
    status,
    at: new Date(now),
  };
}
