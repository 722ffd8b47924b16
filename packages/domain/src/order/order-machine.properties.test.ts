import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paise } from '../money/paise';
import { deepFreeze, newOrder, T0 } from './order.fixtures';
import type { BrokerSnapshotEvent, OrderEvent } from './order-events';
import { applyOrderEvent } from './order-machine';
import type { OrderState } from './order-state';
import { hasSeenFill } from './order-state';
import { ORDER_STATUSES } from './order-status';
import type { OrderStatus } from './order-status';
import { isTransitionAllowed } from './order-transitions';
import { isClosedStatus, isFinalStatus, isPendingRequestStatus } from './status-groups';

const RUNS = { numRuns: 1500 };
const MAX_QUANTITY = 12;

const atArb = fc.integer({ min: 0, max: 10_000 }).map((ms) => T0 + ms);

/** Fills from a small pool of ids, the numbers fixed by the id: redeliveries are true duplicates. */
const redeliveredFillArb: fc.Arbitrary<OrderEvent> = fc
  .tuple(fc.integer({ min: 0, max: 9 }), atArb)
  .map(([i, at]) => ({
    type: 'fill',
    fillId: `T${i}`,
    quantity: (i % 4) + 1,
    price: paise(10_000 + 5 * i),
    at,
  }));

/** Fills whose numbers may disagree with an earlier fill of the same id. */
const anyFillArb: fc.Arbitrary<OrderEvent> = fc
  .record({
    id: fc.integer({ min: 0, max: 9 }),
    quantity: fc.integer({ min: 1, max: 6 }),
    price: fc.integer({ min: 9_990, max: 10_010 }),
    at: atArb,
  })
  .map(({ id, quantity, price, at }) => ({
    type: 'fill',
    fillId: `T${id}`,
    quantity,
    price: paise(price),
    at,
  }));

const snapshotArb: fc.Arbitrary<OrderEvent> = fc
  .record({
    origin: fc.constantFrom('push' as const, 'poll' as const),
    status: fc.constantFrom(...ORDER_STATUSES),
    filledQuantity: fc.integer({ min: 0, max: MAX_QUANTITY + 1 }),
    averagePrice: fc.option(fc.integer({ min: 9_990, max: 10_010 }).map(paise), { nil: null }),
    quantity: fc.option(fc.integer({ min: 1, max: MAX_QUANTITY + 1 }), { nil: undefined }),
    message: fc.option(fc.constantFrom('RMS:Margin Exceeds', 'cancelled by user'), {
      nil: undefined,
    }),
    at: atArb,
  })
  .map((s) => ({ type: 'brokerSnapshot', ...s }));

const statusEventArb: fc.Arbitrary<OrderEvent> = fc.oneof(
  atArb.chain((at) =>
    fc.constantFrom<OrderEvent>(
      { type: 'submitted', at },
      { type: 'accepted', at },
      { type: 'triggerPending', at },
      { type: 'triggered', at },
      { type: 'cancelRequested', at },
      { type: 'cancelConfirmed', at },
      { type: 'cancelRefused', reason: 'being processed', at },
      { type: 'modifyRefused', reason: 'being processed', at },
      { type: 'rejected', reason: 'RMS:Margin Exceeds', at },
      { type: 'expired', at },
      { type: 'denied', reason: 'risk', at },
    ),
  ),
  fc
    .record({
      type: fc.constantFrom('modifyRequested' as const, 'modifyConfirmed' as const),
      quantity: fc.option(fc.integer({ min: 1, max: MAX_QUANTITY + 1 }), { nil: undefined }),
      at: atArb,
    })
    .map((e): OrderEvent => e),
);

const eventArb: fc.Arbitrary<OrderEvent> = fc.oneof(
  { weight: 4, arbitrary: statusEventArb },
  { weight: 3, arbitrary: redeliveredFillArb },
  { weight: 1, arbitrary: anyFillArb },
  { weight: 3, arbitrary: snapshotArb },
);

const scenarioArb = fc.record({
  quantity: fc.integer({ min: 1, max: MAX_QUANTITY }),
  events: fc.array(eventArb, { minLength: 1, maxLength: 40 }),
});

/** Runs the events, calling `check` with every state before an event and the result. */
function run(
  quantity: number,
  events: readonly OrderEvent[],
  check: (
    before: OrderState,
    event: OrderEvent,
    result: ReturnType<typeof applyOrderEvent>,
  ) => void,
): OrderState {
  let state = newOrder(quantity);
  for (const event of events) {
    const frozenEvent = deepFreeze(structuredClone(event));
    const result = applyOrderEvent(state, frozenEvent);
    check(state, frozenEvent, result);
    if (result.ok) state = deepFreeze(result.state);
  }
  return state;
}

describe('applyOrderEvent properties', () => {
  it('never lowers the filled quantity nor lets it pass the order quantity', () => {
    fc.assert(
      fc.property(scenarioArb, ({ quantity, events }) => {
        run(quantity, events, (before, _event, result) => {
          if (!result.ok) return;
          expect(result.state.filledQuantity).toBeGreaterThanOrEqual(before.filledQuantity);
          expect(result.state.filledQuantity).toBeLessThanOrEqual(result.state.quantity);
          expect(result.state.tradedQuantity).toBeLessThanOrEqual(result.state.quantity);
        });
      }),
      RUNS,
    );
  });

  it('changes neither status nor filled quantity of a FILLED, REJECTED, DENIED or EXPIRED order', () => {
    fc.assert(
      fc.property(scenarioArb, ({ quantity, events }) => {
        run(quantity, events, (before, _event, result) => {
          if (!result.ok || !isFinalStatus(before.status)) return;
          expect(result.state.status).toBe(before.status);
          expect(result.state.filledQuantity).toBe(before.filledQuantity);
          expect(result.state.history).toHaveLength(before.history.length);
        });
      }),
      RUNS,
    );
  });

  it('makes only transitions in ALLOWED_TRANSITIONS, recorded as one unbroken history', () => {
    fc.assert(
      fc.property(scenarioArb, ({ quantity, events }) => {
        run(quantity, events, (before, _event, result) => {
          if (!result.ok) return;
          const added = result.state.history.slice(before.history.length);
          let from: OrderStatus = before.status;
          for (const step of added) {
            expect(step.from).toBe(from);
            expect(isTransitionAllowed(step.from, step.to), `${step.from} → ${step.to}`).toBe(true);
            from = step.to;
          }
          expect(result.state.status).toBe(from);
        });
      }),
      RUNS,
    );
  });

  it('gives the same result when an event is applied twice as when it is applied once', () => {
    fc.assert(
      fc.property(scenarioArb, ({ quantity, events }) => {
        run(quantity, events, (_before, event, result) => {
          if (!result.ok) return;
          const again = applyOrderEvent(deepFreeze(result.state), event);
          expect(again.ok && again.changed).toBe(false);
          expect(again.ok && again.state).toBe(result.state);
        });
      }),
      RUNS,
    );
  });

  it('reports changed exactly when it returns a new state, and never mutates its input', () => {
    fc.assert(
      fc.property(scenarioArb, ({ quantity, events }) => {
        run(quantity, events, (before, _event, result) => {
          // Inputs are deep-frozen: a mutation would have thrown inside applyOrderEvent.
          if (result.ok) expect(result.changed).toBe(result.state !== before);
          else expect(result.error.from).toBe(before.status);
        });
      }),
      RUNS,
    );
  });

  it('keeps status, quantities and the pending request consistent', () => {
    fc.assert(
      fc.property(scenarioArb, ({ quantity, events }) => {
        const check = (state: OrderState) => {
          if (state.status === 'FILLED') expect(state.filledQuantity).toBe(state.quantity);
          if (!isClosedStatus(state.status))
            expect(state.filledQuantity).toBeLessThan(state.quantity);
          if (state.status === 'PARTIALLY_FILLED') expect(state.filledQuantity).toBeGreaterThan(0);
          if (state.status === 'REJECTED' || state.status === 'DENIED')
            expect(state.filledQuantity).toBe(0);
          expect(state.previousWorkingStatus !== null).toBe(isPendingRequestStatus(state.status));
          expect(state.filledQuantity).toBe(
            Math.max(state.tradedQuantity, state.reportedFilledQuantity),
          );
        };
        run(quantity, events, (_before, _event, result) => {
          if (result.ok) check(result.state);
        });
      }),
      RUNS,
    );
  });

  it('ignores a push reporting less filled than known, and refuses such a poll', () => {
    fc.assert(
      fc.property(scenarioArb, ({ quantity, events }) => {
        run(quantity, events, (before, event, result) => {
          if (event.type !== 'brokerSnapshot' || event.filledQuantity >= before.filledQuantity)
            return;
          if (event.origin === 'push')
            expect(result).toMatchObject({ ok: true, changed: false, noOp: 'STALE' });
          else expect(result).toMatchObject({ ok: false, error: { code: 'FILL_REGRESSION' } });
        });
      }),
      RUNS,
    );
  });

  it('never drops a fill silently: an accepted fill is in the ledger afterwards', () => {
    fc.assert(
      fc.property(scenarioArb, ({ quantity, events }) => {
        run(quantity, events, (_before, event, result) => {
          if (event.type !== 'fill' || !result.ok) return;
          expect(hasSeenFill(result.state, event.fillId)).toBe(true);
          if (!result.changed) expect(result.noOp).toBe('DUPLICATE_FILL');
        });
      }),
      RUNS,
    );
  });
});

/** One order's real broker history: cumulative fills rise, and it ends filled or cancelled. */
const brokerHistoryArb = fc
  .record({
    quantity: fc.integer({ min: 2, max: MAX_QUANTITY }),
    stop: fc.boolean(),
    cuts: fc.array(fc.integer({ min: 1, max: MAX_QUANTITY - 1 }), { maxLength: 4 }),
    cancelled: fc.boolean(),
  })
  .map(({ quantity, stop, cuts, cancelled }) => {
    const partials = [...new Set(cuts.filter((c) => c < quantity))].sort((a, b) => a - b);
    const report = (status: OrderStatus, filled: number, i: number): BrokerSnapshotEvent => ({
      type: 'brokerSnapshot',
      origin: 'push',
      status,
      filledQuantity: filled,
      averagePrice: filled === 0 ? null : paise(10_000 + filled),
      at: T0 + i,
    });
    const reports: BrokerSnapshotEvent[] = [];
    if (stop) reports.push(report('TRIGGER_PENDING', 0, reports.length));
    reports.push(report('OPEN', 0, reports.length));
    for (const p of partials) reports.push(report('PARTIALLY_FILLED', p, reports.length));
    const last = partials.at(-1) ?? 0;
    reports.push(
      cancelled
        ? report('CANCELLED', last, reports.length)
        : report('FILLED', quantity, reports.length),
    );
    return { quantity, reports };
  });

describe('applyOrderEvent with pushes out of order', () => {
  it('ends where the broker ended, whatever the order and duplication of its updates', () => {
    fc.assert(
      fc.property(
        brokerHistoryArb.chain(({ quantity, reports }) =>
          fc
            .shuffledSubarray(reports, { minLength: 0, maxLength: reports.length })
            .chain((extra) =>
              fc.shuffledSubarray([...reports, ...extra], {
                minLength: reports.length + extra.length,
              }),
            )
            .map((delivery) => ({ quantity, reports, delivery })),
        ),
        ({ quantity, reports, delivery }) => {
          const submitted = { type: 'submitted', at: T0 } as const;
          const final = reports.at(-1)!;
          let state = newOrder(quantity);
          for (const event of [submitted, ...delivery]) {
            const result = applyOrderEvent(state, deepFreeze(event));
            expect(result.ok, result.ok ? '' : result.error.message).toBe(true);
            if (result.ok) state = deepFreeze(result.state);
          }
          expect(state.status).toBe(final.status);
          expect(state.filledQuantity).toBe(final.filledQuantity);
        },
      ),
      RUNS,
    );
  });
});
