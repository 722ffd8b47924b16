import type { OrderStatus } from './order-status';

/**
 * Statuses in which the broker may still fill the order without a new request from us, and to
 * which a refused modify or cancel returns.
 */
export const WORKING_STATUSES = [
  'SUBMITTED',
  'OPEN',
  'TRIGGER_PENDING',
  'PARTIALLY_FILLED',
] as const;
export type WorkingStatus = (typeof WORKING_STATUSES)[number];

/** A modify or cancel we asked for and the broker has not answered yet. */
export const PENDING_REQUEST_STATUSES = ['MODIFY_PENDING', 'CANCEL_PENDING'] as const;
export type PendingRequestStatus = (typeof PENDING_REQUEST_STATUSES)[number];

/** The order no longer works at the broker. */
export const CLOSED_STATUSES = ['DENIED', 'FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED'] as const;
export type ClosedStatus = (typeof CLOSED_STATUSES)[number];

/**
 * Closed and unchangeable. CANCELLED is closed but not final: a fill that raced the cancel
 * is real and is still applied.
 */
export const FINAL_STATUSES = ['DENIED', 'FILLED', 'REJECTED', 'EXPIRED'] as const;
export type FinalStatus = (typeof FINAL_STATUSES)[number];

export function isWorkingStatus(status: OrderStatus): status is WorkingStatus {
  return (WORKING_STATUSES as readonly OrderStatus[]).includes(status);
}

export function isPendingRequestStatus(status: OrderStatus): status is PendingRequestStatus {
  return (PENDING_REQUEST_STATUSES as readonly OrderStatus[]).includes(status);
}

export function isClosedStatus(status: OrderStatus): status is ClosedStatus {
  return (CLOSED_STATUSES as readonly OrderStatus[]).includes(status);
}

export function isFinalStatus(status: OrderStatus): status is FinalStatus {
  return (FINAL_STATUSES as readonly OrderStatus[]).includes(status);
}
