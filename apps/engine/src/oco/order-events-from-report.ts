import type { BrokerOrderReport } from '@kavach/broker';
import type { GroupEvent, LegOutcome, OrderEvent, OrderState, OrderStatus } from '@kavach/domain';
import { isClosedStatus } from '@kavach/domain';

/**
 * A broker report as the order machine's snapshot event. Only an authoritative read (restart
 * recovery, reconciliation) may contradict what the engine knows: a routine poll was fetched
 * before it was applied, so like a push it may be older than an update already heard, and
 * going backwards it is merely stale.
 */
export function toSnapshotEvent(report: BrokerOrderReport, authoritative: boolean): OrderEvent {
  return {
    type: 'brokerSnapshot',
    origin: authoritative ? 'poll' : 'push',
    status: report.status,
    filledQuantity: report.filledQuantity,
    averagePrice: report.averagePrice,
    quantity: report.quantity,
    message: report.statusMessage,
    at: report.updatedAt,
  };
}

const NOT_YET_ACCEPTED: ReadonlySet<OrderStatus> = new Set(['PENDING_SUBMIT', 'SUBMITTED']);
const NEVER_ACCEPTED: ReadonlySet<OrderStatus> = new Set(['REJECTED', 'DENIED']);

const OUTCOMES: Readonly<Partial<Record<OrderStatus, LegOutcome>>> = {
  FILLED: 'FILLED',
  CANCELLED: 'CANCELLED',
  EXPIRED: 'EXPIRED',
};

/** Closed as anything but filled, cancelled or expired means refused (rejected or denied). */
function outcomeOf(status: OrderStatus): LegOutcome {
  return OUTCOMES[status] ?? 'REJECTED';
}

/**
 * What one order change means to its group, in the order the group must hear it: accepted,
 * then filled (cumulative), then closed. Quantities are cumulative, so hearing a fill twice
 * is harmless; a fill after a cancel (a race the broker won) is still reported.
 */
export function groupEventsFor(
  legId: string,
  previous: OrderState,
  next: OrderState,
  at: number,
): GroupEvent[] {
  const events: GroupEvent[] = [];
  if (NOT_YET_ACCEPTED.has(previous.status) && !NOT_YET_ACCEPTED.has(next.status)) {
    if (!NEVER_ACCEPTED.has(next.status)) events.push({ type: 'legAccepted', legId, at });
  }
  const closedNow = isClosedStatus(next.status) && !isClosedStatus(previous.status);
  if (next.filledQuantity > previous.filledQuantity && !closedNow) {
    events.push({ type: 'legFilled', legId, filledQuantity: next.filledQuantity, at });
  }
  if (closedNow) {
    events.push({
      type: 'legClosed',
      legId,
      outcome: outcomeOf(next.status),
      filledQuantity: next.filledQuantity,
      ...(next.statusMessage === null ? {} : { reason: next.statusMessage }),
      at,
    });
  }
  return events;
}
