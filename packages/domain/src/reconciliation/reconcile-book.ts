import type { OrderStatus } from '../order/order-status';
import { isClosedStatus } from '../order/status-groups';

/** One order as the engine knows it. */
export interface EngineOrderView {
  readonly clientOrderId: string;
  readonly brokerOrderId: string | null;
  readonly token: number;
  readonly status: OrderStatus;
  readonly quantity: number;
  readonly filledQuantity: number;
  /** Epoch ms of the engine's latest change to the order, its own requests included. */
  readonly lastActivityAt: number;
}

/** One order as the broker's book shows it. */
export interface BrokerOrderView {
  readonly brokerOrderId: string;
  /** The tag; null for orders placed without one (by hand, by another app). */
  readonly clientOrderId: string | null;
  readonly token: number;
  readonly status: OrderStatus;
  readonly quantity: number;
  readonly filledQuantity: number;
}

/** Net intraday quantity of one instrument: positive long, negative short. */
export interface PositionView {
  readonly token: number;
  readonly quantity: number;
}

export interface BookSnapshot {
  readonly engineOrders: readonly EngineOrderView[];
  readonly brokerOrders: readonly BrokerOrderView[];
  readonly enginePositions: readonly PositionView[];
  readonly brokerPositions: readonly PositionView[];
  /** Broker order ids already imported as EXTERNAL: tracked, not news. */
  readonly knownExternal: ReadonlySet<string>;
  readonly now: number;
  /** An order (and its instrument) with engine activity this recent is left for next time. */
  readonly quietMs: number;
}

/**
 * What reconciliation does about a difference:
 * APPLY_BROKER_STATE  the broker's word is applied to the order (fills first, then status);
 * IMPORT_EXTERNAL     the order is recorded as EXTERNAL and shown, never given to a strategy;
 * BLOCK_ENTRIES       no new entries on the instrument until the positions agree again;
 * ALERT               the broker contradicts what the engine saw happen: a person must look;
 * WATCH               not at the broker (yet): checked again next run.
 */
export type ReconciliationAction =
  'APPLY_BROKER_STATE' | 'IMPORT_EXTERNAL' | 'BLOCK_ENTRIES' | 'ALERT' | 'WATCH';

export type DiscrepancyKind =
  | 'UNKNOWN_ORDER'
  | 'MISSING_FILL'
  | 'FILL_REGRESSION'
  | 'STATUS_MISMATCH'
  | 'QUANTITY_MISMATCH'
  | 'MISSING_AT_BROKER'
  | 'POSITION_MISMATCH';

export interface Discrepancy {
  readonly kind: DiscrepancyKind;
  readonly action: ReconciliationAction;
  readonly token: number | null;
  readonly clientOrderId: string | null;
  readonly brokerOrderId: string | null;
  /** What the engine holds (status, filled quantity, position), as recorded. */
  readonly expected: string | number | null;
  /** What the broker says. */
  readonly actual: string | number | null;
}

/**
 * Compares the engine's orders and positions with the broker's (ORDER-LIFECYCLE.md,
 * reconciliation): orders are matched by tag, then by broker order id; every difference is
 * classified with the action it calls for. Orders and instruments the engine touched within
 * `quietMs` are skipped: their updates may still be on the way. Pure: same snapshot, same
 * answer.
 */
export function reconcileBook(snapshot: BookSnapshot): readonly Discrepancy[] {
  const { now, quietMs } = snapshot;
  // Activity "after" now means the clock went back (a simulator restarted on an earlier
  // instant): no update can be in flight from the future, so the order is compared at once
  // rather than skipped until the clock catches up.
  const quiet = (order: EngineOrderView) =>
    now - order.lastActivityAt >= quietMs || order.lastActivityAt > now;
  const byTag = new Map<string, EngineOrderView>();
  const byBrokerId = new Map<string, EngineOrderView>();
  for (const order of snapshot.engineOrders) {
    byTag.set(order.clientOrderId, order);
    if (order.brokerOrderId !== null) byBrokerId.set(order.brokerOrderId, order);
  }
  const busyTokens = new Set(snapshot.engineOrders.filter((o) => !quiet(o)).map((o) => o.token));
  const seen = new Set<string>();
  const found: Discrepancy[] = [];

  for (const broker of snapshot.brokerOrders) {
    const engine =
      (broker.clientOrderId === null ? undefined : byTag.get(broker.clientOrderId)) ??
      byBrokerId.get(broker.brokerOrderId);
    if (engine === undefined) {
      if (!snapshot.knownExternal.has(broker.brokerOrderId)) {
        found.push({
          kind: 'UNKNOWN_ORDER',
          action: 'IMPORT_EXTERNAL',
          token: broker.token,
          clientOrderId: broker.clientOrderId,
          brokerOrderId: broker.brokerOrderId,
          expected: null,
          actual: broker.status,
        });
      }
      continue;
    }
    seen.add(engine.clientOrderId);
    if (!quiet(engine)) continue;
    const difference = compareOrder(engine, broker);
    if (difference !== null) found.push(difference);
  }

  for (const engine of snapshot.engineOrders) {
    if (seen.has(engine.clientOrderId) || isClosedStatus(engine.status) || !quiet(engine)) continue;
    if (engine.status === 'PENDING_SUBMIT') continue;
    found.push({
      kind: 'MISSING_AT_BROKER',
      action: 'WATCH',
      token: engine.token,
      clientOrderId: engine.clientOrderId,
      brokerOrderId: engine.brokerOrderId,
      expected: engine.status,
      actual: null,
    });
  }

  // A position is compared once its orders agree: what they are about to apply explains it.
  for (const d of found) {
    if (d.action === 'APPLY_BROKER_STATE' && d.token !== null) busyTokens.add(d.token);
  }
  const engineNet = netByToken(snapshot.enginePositions);
  const brokerNet = netByToken(snapshot.brokerPositions);
  const tokens = [...new Set([...engineNet.keys(), ...brokerNet.keys()])].sort((a, b) => a - b);
  for (const token of tokens) {
    const expected = engineNet.get(token) ?? 0;
    const actual = brokerNet.get(token) ?? 0;
    if (expected === actual || busyTokens.has(token)) continue;
    found.push({
      kind: 'POSITION_MISMATCH',
      action: 'BLOCK_ENTRIES',
      token,
      clientOrderId: null,
      brokerOrderId: null,
      expected,
      actual,
    });
  }
  return found;
}

function compareOrder(engine: EngineOrderView, broker: BrokerOrderView): Discrepancy | null {
  const ids = {
    token: engine.token,
    clientOrderId: engine.clientOrderId,
    brokerOrderId: broker.brokerOrderId,
  };
  if (broker.filledQuantity > engine.filledQuantity) {
    return {
      kind: 'MISSING_FILL',
      action: 'APPLY_BROKER_STATE',
      ...ids,
      expected: engine.filledQuantity,
      actual: broker.filledQuantity,
    };
  }
  if (broker.filledQuantity < engine.filledQuantity) {
    return {
      kind: 'FILL_REGRESSION',
      action: 'ALERT',
      ...ids,
      expected: engine.filledQuantity,
      actual: broker.filledQuantity,
    };
  }
  const engineClosed = isClosedStatus(engine.status);
  const brokerClosed = isClosedStatus(broker.status);
  if (engineClosed && brokerClosed) return null;
  if (engineClosed || brokerClosed || isUnacknowledged(engine.status)) {
    if (engine.status === broker.status) return null;
    return {
      kind: 'STATUS_MISMATCH',
      // Finished here but working there: something the engine saw did not happen.
      action: engineClosed ? 'ALERT' : 'APPLY_BROKER_STATE',
      ...ids,
      expected: engine.status,
      actual: broker.status,
    };
  }
  if (broker.quantity !== engine.quantity) {
    return {
      kind: 'QUANTITY_MISMATCH',
      action: 'APPLY_BROKER_STATE',
      ...ids,
      expected: engine.quantity,
      actual: broker.quantity,
    };
  }
  return null;
}

function isUnacknowledged(status: OrderStatus): boolean {
  return status === 'PENDING_SUBMIT' || status === 'SUBMITTED';
}

function netByToken(positions: readonly PositionView[]): Map<number, number> {
  const net = new Map<number, number>();
  for (const position of positions) {
    const total = (net.get(position.token) ?? 0) + position.quantity;
    if (total === 0) net.delete(position.token);
    else net.set(position.token, total);
  }
  return net;
}
