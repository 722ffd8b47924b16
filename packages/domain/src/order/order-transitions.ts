import type { OrderStatus } from './order-status';

/**
 * Every status change the order machine may make. A status reported again is a repeat (no
 * transition, no error), so no status lists itself. Rows read as "from → allowed next".
 *
 * Real-world cases the rows encode (ORDER-LIFECYCLE.md, Kite's ORDER-BEHAVIOUR.md):
 * - PENDING_SUBMIT reaches broker states directly: after a crash the write-ahead row is
 *   settled by reconciliation, an order first seen at the broker (external) starts here, and
 *   a ticker update found by tag can beat the HTTP answer of the place call.
 * - SUBMITTED may stay SUBMITTED (ambiguous failure): that is a repeat, not a row.
 * - MODIFY_PENDING / CANCEL_PENDING return to the working state they came from when the
 *   request is refused (the machine remembers it), and a fill may still arrive meanwhile.
 * - CANCELLED → FILLED: a fill that raced the cancel is real. A late partial fill keeps the
 *   order CANCELLED (its remainder is dead) and only raises the filled quantity; so there is
 *   deliberately no CANCELLED → PARTIALLY_FILLED, which would pretend the rest still works.
 * - PARTIALLY_FILLED → REJECTED is absent: an order with fills is never "refused".
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING_SUBMIT: [
    'DENIED',
    'SUBMITTED',
    'OPEN',
    'TRIGGER_PENDING',
    'PARTIALLY_FILLED',
    'FILLED',
    'CANCELLED',
    'REJECTED',
    'EXPIRED',
  ],
  SUBMITTED: [
    'OPEN',
    'TRIGGER_PENDING',
    'MODIFY_PENDING',
    'CANCEL_PENDING',
    'PARTIALLY_FILLED',
    'FILLED',
    'CANCELLED',
    'REJECTED',
    'EXPIRED',
  ],
  OPEN: [
    'MODIFY_PENDING',
    'CANCEL_PENDING',
    'PARTIALLY_FILLED',
    'FILLED',
    'CANCELLED',
    'REJECTED',
    'EXPIRED',
  ],
  TRIGGER_PENDING: [
    'OPEN',
    'MODIFY_PENDING',
    'CANCEL_PENDING',
    'PARTIALLY_FILLED',
    'FILLED',
    'CANCELLED',
    'REJECTED',
    'EXPIRED',
  ],
  MODIFY_PENDING: [
    'SUBMITTED',
    'OPEN',
    'TRIGGER_PENDING',
    'PARTIALLY_FILLED',
    'CANCEL_PENDING',
    'FILLED',
    'CANCELLED',
    'REJECTED',
    'EXPIRED',
  ],
  CANCEL_PENDING: [
    'SUBMITTED',
    'OPEN',
    'TRIGGER_PENDING',
    'PARTIALLY_FILLED',
    'FILLED',
    'CANCELLED',
    'REJECTED',
    'EXPIRED',
  ],
  PARTIALLY_FILLED: ['MODIFY_PENDING', 'CANCEL_PENDING', 'FILLED', 'CANCELLED', 'EXPIRED'],
  FILLED: [],
  CANCELLED: ['FILLED'],
  REJECTED: [],
  EXPIRED: [],
  DENIED: [],
};

export function isTransitionAllowed(from: OrderStatus, to: OrderStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

export type TransitionCheck = 'REPEAT' | 'ALLOWED' | 'ILLEGAL';

export function classifyTransition(from: OrderStatus, to: OrderStatus): TransitionCheck {
  if (from === to) return 'REPEAT';
  return isTransitionAllowed(from, to) ? 'ALLOWED' : 'ILLEGAL';
}
