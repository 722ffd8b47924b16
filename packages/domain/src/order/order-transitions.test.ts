import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES } from './order-status';
import type { OrderStatus } from './order-status';
import { ALLOWED_TRANSITIONS, classifyTransition, isTransitionAllowed } from './order-transitions';
import { CLOSED_STATUSES, FINAL_STATUSES, WORKING_STATUSES } from './status-groups';

function reachable(from: OrderStatus): Set<OrderStatus> {
  const seen = new Set<OrderStatus>([from]);
  const queue: OrderStatus[] = [from];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const to of ALLOWED_TRANSITIONS[next]) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
}

describe('ALLOWED_TRANSITIONS', () => {
  it('has one row per status and names only known statuses, never itself', () => {
    expect(Object.keys(ALLOWED_TRANSITIONS).sort()).toEqual([...ORDER_STATUSES].sort());
    for (const from of ORDER_STATUSES) {
      const row = ALLOWED_TRANSITIONS[from];
      expect(new Set(row).size).toBe(row.length);
      for (const to of row) expect(ORDER_STATUSES).toContain(to);
      expect(row).not.toContain(from);
    }
  });

  it('lets nothing leave FILLED, REJECTED, DENIED or EXPIRED', () => {
    for (const status of FINAL_STATUSES) expect(ALLOWED_TRANSITIONS[status]).toEqual([]);
  });

  it('lets a fill that raced the cancel complete a CANCELLED order, never reopen it', () => {
    expect(ALLOWED_TRANSITIONS.CANCELLED).toEqual(['FILLED']);
    expect(isTransitionAllowed('CANCELLED', 'PARTIALLY_FILLED')).toBe(false);
    expect(isTransitionAllowed('CANCELLED', 'OPEN')).toBe(false);
  });

  it('honours fills after a cancel or modify request', () => {
    for (const from of ['CANCEL_PENDING', 'MODIFY_PENDING'] as const) {
      expect(isTransitionAllowed(from, 'PARTIALLY_FILLED')).toBe(true);
      expect(isTransitionAllowed(from, 'FILLED')).toBe(true);
    }
  });

  it('returns a refused cancel or modify to any working state it may have come from', () => {
    for (const from of ['CANCEL_PENDING', 'MODIFY_PENDING'] as const) {
      for (const working of WORKING_STATUSES) expect(isTransitionAllowed(from, working)).toBe(true);
    }
  });

  it('lets an order first seen at the broker start in any broker state', () => {
    for (const to of [
      'OPEN',
      'TRIGGER_PENDING',
      'PARTIALLY_FILLED',
      'FILLED',
      'CANCELLED',
      'REJECTED',
      'EXPIRED',
    ] as const) {
      expect(isTransitionAllowed('PENDING_SUBMIT', to)).toBe(true);
    }
  });

  it('denies only orders never sent', () => {
    const deniable = ORDER_STATUSES.filter((from) => isTransitionAllowed(from, 'DENIED'));
    expect(deniable).toEqual(['PENDING_SUBMIT']);
  });

  it('never rejects an order that has filled', () => {
    expect(isTransitionAllowed('PARTIALLY_FILLED', 'REJECTED')).toBe(false);
  });

  it('cannot modify an order being cancelled', () => {
    expect(isTransitionAllowed('CANCEL_PENDING', 'MODIFY_PENDING')).toBe(false);
    expect(isTransitionAllowed('MODIFY_PENDING', 'CANCEL_PENDING')).toBe(true);
  });

  it('can close every order that is not closed', () => {
    for (const from of ORDER_STATUSES) {
      if ((CLOSED_STATUSES as readonly OrderStatus[]).includes(from)) continue;
      const closes = [...reachable(from)].some((s) =>
        (CLOSED_STATUSES as readonly OrderStatus[]).includes(s),
      );
      expect(closes, from).toBe(true);
    }
  });
});

describe('classifyTransition', () => {
  it('calls the same status again a repeat, even where nothing may leave', () => {
    expect(classifyTransition('SUBMITTED', 'SUBMITTED')).toBe('REPEAT');
    expect(classifyTransition('FILLED', 'FILLED')).toBe('REPEAT');
  });

  it('tells allowed from illegal', () => {
    expect(classifyTransition('TRIGGER_PENDING', 'OPEN')).toBe('ALLOWED');
    expect(classifyTransition('OPEN', 'TRIGGER_PENDING')).toBe('ILLEGAL');
    expect(classifyTransition('FILLED', 'PARTIALLY_FILLED')).toBe('ILLEGAL');
  });
});
