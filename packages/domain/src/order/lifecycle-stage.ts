import type { OrderStatus } from './order-status';
import type { WorkingStatus } from './status-groups';
import { isPendingRequestStatus } from './status-groups';

/**
 * How far along its life a status puts an order. Updates arrive late and out of order (Kite:
 * "a partial-fill update can arrive after COMPLETE"); one that points to an earlier stage than
 * the one we know is stale, not a regression to apply.
 */
const STAGE: Readonly<Record<OrderStatus, number>> = {
  PENDING_SUBMIT: 0,
  SUBMITTED: 1,
  TRIGGER_PENDING: 2,
  OPEN: 3,
  // A pending request overlays the working state underneath; see stageOfState.
  MODIFY_PENDING: 3,
  CANCEL_PENDING: 3,
  PARTIALLY_FILLED: 4,
  FILLED: 5,
  CANCELLED: 5,
  REJECTED: 5,
  EXPIRED: 5,
  DENIED: 5,
};

export function stageOfStatus(status: OrderStatus): number {
  return STAGE[status];
}

/** The stage of an order, looking through MODIFY_PENDING / CANCEL_PENDING to the state below. */
export function stageOfState(status: OrderStatus, previousWorking: WorkingStatus | null): number {
  if (isPendingRequestStatus(status)) return STAGE[previousWorking ?? 'SUBMITTED'];
  return STAGE[status];
}

/** The later of two working states (a triggered stop stays triggered). */
export function laterWorkingStatus(a: WorkingStatus, b: WorkingStatus): WorkingStatus {
  return STAGE[a] >= STAGE[b] ? a : b;
}
