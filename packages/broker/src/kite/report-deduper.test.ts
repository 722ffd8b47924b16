import { paise, VirtualClock } from '@kavach/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderReport } from './order-report.fixtures';
import { createReportDeduper } from './report-deduper';

function deduper(clock = new VirtualClock(0), maxOrders = 100) {
  return createReportDeduper({ clock, forgetClosedAfterMs: 60_000, maxOrders });
}

describe('createReportDeduper', () => {
  it('lets the first report through and drops an identical one, whatever its timestamps', () => {
    const d = deduper();
    expect(d.admit(orderReport())).toBe(true);
    expect(d.admit(orderReport({ updatedAt: 1_769_143_509_000 }))).toBe(false);
  });

  it('lets through any change of status, fills, quantity, average or venue status', () => {
    const d = deduper();
    d.admit(orderReport());
    expect(d.admit(orderReport({ venueStatus: 'UPDATE' }))).toBe(true);
    expect(d.admit(orderReport({ venueStatus: 'UPDATE', quantity: 12 }))).toBe(true);
    expect(
      d.admit(
        orderReport({
          venueStatus: 'UPDATE',
          quantity: 12,
          status: 'PARTIALLY_FILLED',
          filledQuantity: 4,
          averagePrice: paise(157365),
        }),
      ),
    ).toBe(true);
    expect(
      d.admit(
        orderReport({
          venueStatus: 'UPDATE',
          quantity: 12,
          status: 'PARTIALLY_FILLED',
          filledQuantity: 4,
          averagePrice: paise(157366),
        }),
      ),
    ).toBe(true);
  });

  it('compares with the last report let through, not any earlier one (a flip back is news)', () => {
    const d = deduper();
    d.admit(orderReport());
    d.admit(orderReport({ status: 'MODIFY_PENDING', venueStatus: 'MODIFY PENDING' }));
    expect(d.admit(orderReport())).toBe(true);
  });

  it('forgets closed orders after a while, and still bounds open ones', () => {
    const clock = new VirtualClock(0);
    const d = deduper(clock, 3);
    d.admit(orderReport({ brokerOrderId: 'a', status: 'CANCELLED', venueStatus: 'CANCELLED' }));
    d.admit(orderReport({ brokerOrderId: 'b' }));
    clock.advance(60_000);
    d.admit(orderReport({ brokerOrderId: 'c' }));
    expect(d.size()).toBe(2);
    // Forgotten: a late repeat goes through again, which the engine absorbs.
    expect(
      d.admit(orderReport({ brokerOrderId: 'a', status: 'CANCELLED', venueStatus: 'CANCELLED' })),
    ).toBe(true);
    d.admit(orderReport({ brokerOrderId: 'd' }));
    d.admit(orderReport({ brokerOrderId: 'e' }));
    expect(d.size()).toBe(3);
    expect(d.admit(orderReport({ brokerOrderId: 'e' }))).toBe(false);
  });

  it('never emits two identical reports in a row for an order, and never drops a change', () => {
    const report = fc.record({
      id: fc.constantFrom('a', 'b', 'c'),
      status: fc.constantFrom('OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED'),
      venueStatus: fc.constantFrom('OPEN', 'UPDATE', 'COMPLETE'),
      filledQuantity: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(report, { maxLength: 60 }), (stream) => {
        const d = deduper(new VirtualClock(0), 1_000);
        const last = new Map<string, string>();
        for (const r of stream) {
          const key = `${r.status}|${r.venueStatus}|${r.filledQuantity}`;
          const admitted = d.admit(
            orderReport({
              brokerOrderId: r.id,
              status: r.status,
              venueStatus: r.venueStatus,
              filledQuantity: r.filledQuantity,
            }),
          );
          expect(admitted).toBe(last.get(r.id) !== key);
          last.set(r.id, key);
        }
      }),
    );
  });
});
