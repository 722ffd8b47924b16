import { describe, expect, it } from 'vitest';
import { createOrderBookDiff } from './order-book-diff';
import { orderReport } from './order-report.fixtures';

describe('createOrderBookDiff', () => {
  it('reports the whole first book, then only the orders that changed', () => {
    const diff = createOrderBookDiff();
    const a = orderReport({ brokerOrderId: 'a' });
    const b = orderReport({ brokerOrderId: 'b' });
    expect(diff.changed([a, b])).toEqual([a, b]);
    expect(diff.changed([a, b])).toEqual([]);
    const bFilled = { ...b, status: 'FILLED' as const, filledQuantity: 10 };
    expect(diff.changed([a, bFilled])).toEqual([bFilled]);
    const aModified = { ...a, quantity: 12 };
    const aTouched = { ...aModified, updatedAt: a.updatedAt + 1_000 };
    expect(diff.changed([aModified, bFilled])).toEqual([aModified]);
    expect(diff.changed([aTouched, bFilled])).toEqual([aTouched]);
  });

  it('forgets orders that left the book (a new session)', () => {
    const diff = createOrderBookDiff();
    const a = orderReport({ brokerOrderId: 'a' });
    diff.changed([a]);
    diff.changed([]);
    expect(diff.changed([a])).toEqual([a]);
  });
});
