import { describe, expect, it } from 'vitest';
import { paise } from '../money/paise';
import { mapKiteStatus } from './kite-status';
import type { KiteStatusReport } from './kite-status';
import { applyAll, applyOk, deepFreeze, fill, newOrder, rupees, T0 } from './order.fixtures';
import type { BrokerSnapshotEvent, OrderEvent } from './order-events';
import { applyOrderEvent } from './order-machine';
import { createOrderState, hasSeenFill } from './order-state';
import type { OrderState } from './order-state';
import type { OrderStatus } from './order-status';
import { deriveFillId } from './fill-accounting';

const at = (ms: number) => T0 + ms;

function snapshot(
  status: OrderStatus,
  filledQuantity: number,
  fields: Partial<BrokerSnapshotEvent> = {},
): BrokerSnapshotEvent {
  return {
    type: 'brokerSnapshot',
    origin: 'push',
    status,
    filledQuantity,
    averagePrice: null,
    at: at(50),
    ...fields,
  };
}

function errorOf(state: OrderState, event: OrderEvent) {
  const result = applyOrderEvent(deepFreeze(state), deepFreeze(event));
  if (result.ok)
    throw new Error(`expected ${event.type} to be refused, got ${result.state.status}`);
  return result.error;
}

const open = (quantity = 100) =>
  applyAll(newOrder(quantity), [
    { type: 'submitted', at: at(1) },
    { type: 'accepted', at: at(2) },
  ]);

describe('createOrderState', () => {
  it('starts in PENDING_SUBMIT with nothing filled', () => {
    expect(createOrderState({ orderId: 'KV9', quantity: 65, at: T0 })).toMatchObject({
      status: 'PENDING_SUBMIT',
      quantity: 65,
      filledQuantity: 0,
      averageFillPrice: null,
      history: [],
      updatedAt: T0,
    });
  });

  it('refuses a quantity that is not a positive integer', () => {
    expect(() => createOrderState({ orderId: 'KV9', quantity: 0, at: T0 })).toThrow(RangeError);
    expect(() => createOrderState({ orderId: 'KV9', quantity: 2.5, at: T0 })).toThrow(RangeError);
    expect(() => createOrderState({ orderId: '', quantity: 1, at: T0 })).toThrow(RangeError);
  });
});

describe('applyOrderEvent: the ordinary life of an order', () => {
  it('goes PENDING_SUBMIT → SUBMITTED → OPEN → PARTIALLY_FILLED → FILLED with a history', () => {
    const filled = applyAll(open(), [fill('T1', 40, 100), fill('T2', 60, 101, at(4))]);
    expect(filled.status).toBe('FILLED');
    expect(filled.filledQuantity).toBe(100);
    expect(filled.averageFillPrice).toBe(paise(10060));
    expect(filled.history.map((h) => [h.from, h.to])).toEqual([
      ['PENDING_SUBMIT', 'SUBMITTED'],
      ['SUBMITTED', 'OPEN'],
      ['OPEN', 'PARTIALLY_FILLED'],
      ['PARTIALLY_FILLED', 'FILLED'],
    ]);
    expect(filled.history[3]).toEqual({
      from: 'PARTIALLY_FILLED',
      to: 'FILLED',
      reason: 'fill T2',
      at: at(4),
    });
    expect(filled.updatedAt).toBe(at(4));
  });

  it('waits in TRIGGER_PENDING until the stop triggers', () => {
    const triggered = applyAll(newOrder(), [
      { type: 'submitted', at: at(1) },
      { type: 'triggerPending', at: at(2) },
      { type: 'triggered', at: at(3) },
    ]);
    expect(triggered.history.map((h) => h.to)).toEqual(['SUBMITTED', 'TRIGGER_PENDING', 'OPEN']);
  });

  it('reports the fills an event added', () => {
    const result = applyOk(open(), fill('T1', 40, 100));
    expect(result.newFills).toEqual([
      { fillId: 'T1', quantity: 40, price: rupees(100), at: at(1), source: 'TRADE' },
    ]);
    expect(hasSeenFill(result.state, 'T1')).toBe(true);
  });
});

describe('applyOrderEvent: repeats and duplicates', () => {
  it('treats the same status again as a no-op returning the very same state', () => {
    const state = open();
    const result = applyOk(state, { type: 'accepted', at: at(9) });
    expect(result).toMatchObject({ changed: false, noOp: 'REPEAT', newFills: [] });
    expect(result.state).toBe(state);
  });

  it('keeps SUBMITTED after an ambiguous failure is reported again', () => {
    const submitted = applyAll(newOrder(), [{ type: 'submitted', at: at(1) }]);
    const again = applyOk(submitted, { type: 'submitted', at: at(5) });
    expect(again.changed).toBe(false);
    expect(again.state.status).toBe('SUBMITTED');
  });

  it('ignores a fill id it has seen', () => {
    const once = applyAll(open(), [fill('T1', 40, 100)]);
    const twice = applyOk(once, fill('T1', 40, 100, at(9)));
    expect(twice).toMatchObject({ changed: false, noOp: 'DUPLICATE_FILL' });
    expect(twice.state).toBe(once);
  });

  it('refuses a known fill id carrying different numbers', () => {
    const once = applyAll(open(), [fill('T1', 40, 100)]);
    expect(errorOf(once, fill('T1', 41, 100)).code).toBe('DUPLICATE_FILL');
    expect(errorOf(once, fill('T1', 40, 100.05)).code).toBe('DUPLICATE_FILL');
  });
});

describe('applyOrderEvent: over-fills and illegal events', () => {
  it('refuses a fill beyond the order quantity with OVERFILL and leaves the state alone', () => {
    const state = applyAll(open(), [fill('T1', 90, 100)]);
    const error = errorOf(state, fill('T2', 11, 100));
    expect(error).toMatchObject({ code: 'OVERFILL', from: 'PARTIALLY_FILLED' });
    expect(error.event).toEqual(fill('T2', 11, 100));
    expect(state.filledQuantity).toBe(90);
  });

  it('refuses a snapshot reporting more filled than the order quantity', () => {
    expect(errorOf(open(), snapshot('OPEN', 101, { origin: 'poll' })).code).toBe('OVERFILL');
  });

  it('refuses to deny an order already sent', () => {
    const submitted = applyAll(newOrder(), [{ type: 'submitted', at: at(1) }]);
    expect(errorOf(submitted, { type: 'denied', reason: 'risk', at: at(2) })).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      from: 'SUBMITTED',
    });
  });

  it('refuses to reject an order that has fills', () => {
    const partly = applyAll(open(), [fill('T1', 10, 100)]);
    expect(errorOf(partly, { type: 'rejected', reason: 'RMS', at: at(5) }).code).toBe(
      'ILLEGAL_TRANSITION',
    );
    const cancelling = applyAll(partly, [{ type: 'cancelRequested', at: at(6) }]);
    expect(errorOf(cancelling, { type: 'rejected', reason: 'RMS', at: at(7) }).code).toBe(
      'ILLEGAL_TRANSITION',
    );
  });

  it('refuses a fill on a rejected, denied or expired order', () => {
    const rejected = applyAll(open(), [
      { type: 'rejected', reason: 'RMS:Margin Exceeds', at: at(3) },
    ]);
    expect(errorOf(rejected, fill('T1', 1, 100)).code).toBe('FILL_ON_CLOSED_ORDER');
    const denied = applyAll(newOrder(), [{ type: 'denied', reason: 'heat', at: at(1) }]);
    expect(errorOf(denied, fill('T1', 1, 100)).code).toBe('FILL_ON_CLOSED_ORDER');
    const expired = applyAll(open(), [{ type: 'expired', at: at(3) }]);
    expect(errorOf(expired, snapshot('FILLED', 100, { origin: 'poll' })).code).toBe(
      'FILL_ON_CLOSED_ORDER',
    );
  });

  it('refuses a cancel or modify request on a finished order', () => {
    const filled = applyAll(open(), [fill('T1', 100, 100)]);
    expect(errorOf(filled, { type: 'cancelRequested', at: at(5) }).code).toBe('ILLEGAL_TRANSITION');
    expect(errorOf(filled, { type: 'modifyRequested', quantity: 100, at: at(5) }).code).toBe(
      'ILLEGAL_TRANSITION',
    );
  });

  it('refuses to modify an order being cancelled', () => {
    const cancelling = applyAll(open(), [{ type: 'cancelRequested', at: at(3) }]);
    expect(errorOf(cancelling, { type: 'modifyRequested', at: at(4) }).code).toBe(
      'ILLEGAL_TRANSITION',
    );
  });

  it('refuses malformed events with INVALID_EVENT', () => {
    const state = open();
    expect(errorOf(state, fill('T1', 1.5, 100)).code).toBe('INVALID_EVENT');
    expect(errorOf(state, fill('T1', 0, 100)).code).toBe('INVALID_EVENT');
    expect(errorOf(state, fill('', 1, 100)).code).toBe('INVALID_EVENT');
    expect(
      errorOf(state, { type: 'fill', fillId: 'T1', quantity: 1, price: paise(0), at: at(1) }).code,
    ).toBe('INVALID_EVENT');
    expect(errorOf(state, snapshot('OPEN', -1)).code).toBe('INVALID_EVENT');
    expect(errorOf(state, snapshot('WORKING' as OrderStatus, 0)).code).toBe('INVALID_EVENT');
    expect(errorOf(state, { type: 'accepted', at: Number.NaN }).code).toBe('INVALID_EVENT');
    const partly = applyAll(state, [fill('T1', 30, 100)]);
    expect(errorOf(partly, { type: 'modifyRequested', quantity: 20, at: at(3) }).code).toBe(
      'INVALID_EVENT',
    );
  });
});

describe('applyOrderEvent: cancels', () => {
  it('honours a fill that arrives after the cancel request, then the cancel', () => {
    const done = applyAll(open(), [
      { type: 'cancelRequested', at: at(3) },
      fill('T1', 30, 100, at(4)),
      { type: 'cancelConfirmed', reason: 'user', at: at(5) },
    ]);
    expect(done.status).toBe('CANCELLED');
    expect(done.filledQuantity).toBe(30);
    expect(done.statusMessage).toBe('user');
    expect(done.history.map((h) => h.to)).toEqual([
      'SUBMITTED',
      'OPEN',
      'CANCEL_PENDING',
      'PARTIALLY_FILLED',
      'CANCELLED',
    ]);
  });

  it('applies a fill that raced a completed cancel, keeping the order CANCELLED', () => {
    const cancelled = applyAll(open(), [
      { type: 'cancelRequested', at: at(3) },
      { type: 'cancelConfirmed', at: at(4) },
    ]);
    const late = applyOk(cancelled, fill('T1', 30, 100, at(60)));
    expect(late.changed).toBe(true);
    expect(late.state.status).toBe('CANCELLED');
    expect(late.state.filledQuantity).toBe(30);
    expect(late.state.history).toHaveLength(cancelled.history.length);
  });

  it('moves a CANCELLED order to FILLED when the late fills complete it', () => {
    const cancelled = applyAll(open(), [{ type: 'cancelConfirmed', at: at(4) }]);
    const filled = applyAll(cancelled, [fill('T1', 30, 100, at(60)), fill('T2', 70, 100, at(61))]);
    expect(filled.status).toBe('FILLED');
    expect(filled.history.at(-1)).toMatchObject({ from: 'CANCELLED', to: 'FILLED' });
  });

  it('returns a refused cancel to the state it came from', () => {
    const stop = applyAll(newOrder(), [
      { type: 'submitted', at: at(1) },
      { type: 'triggerPending', at: at(2) },
      { type: 'cancelRequested', at: at(3) },
    ]);
    expect(stop.previousWorkingStatus).toBe('TRIGGER_PENDING');
    const back = applyOk(stop, {
      type: 'cancelRefused',
      reason: 'being processed',
      at: at(4),
    }).state;
    expect(back.status).toBe('TRIGGER_PENDING');
    expect(back.previousWorkingStatus).toBeNull();
  });

  it('ignores a refusal that arrives after the order moved on', () => {
    const filled = applyAll(open(), [
      { type: 'cancelRequested', at: at(3) },
      fill('T1', 100, 100, at(4)),
    ]);
    const late = applyOk(filled, {
      type: 'cancelRefused',
      reason: 'Order cannot be cancelled',
      at: at(5),
    });
    expect(late).toMatchObject({ changed: false, noOp: 'STALE' });
  });

  it('treats a working push during a cancel as stale, and a working poll as a failed cancel', () => {
    const cancelling = applyAll(open(), [{ type: 'cancelRequested', at: at(3) }]);
    expect(applyOk(cancelling, snapshot('OPEN', 0)).changed).toBe(false);
    expect(applyOk(cancelling, snapshot('OPEN', 0, { origin: 'poll' })).state.status).toBe('OPEN');
  });

  it('lets an ack that lands during a cancel update the state beneath it', () => {
    const cancelling = applyAll(newOrder(), [
      { type: 'submitted', at: at(1) },
      { type: 'cancelRequested', at: at(2) },
      { type: 'accepted', at: at(3) },
    ]);
    expect(cancelling.status).toBe('CANCEL_PENDING');
    expect(cancelling.previousWorkingStatus).toBe('OPEN');
    const late = applyOk(cancelling, { type: 'submitted', at: at(4) });
    expect(late).toMatchObject({ changed: false, noOp: 'STALE' });
    const refused = applyAll(cancelling, [{ type: 'cancelRefused', reason: 'x', at: at(5) }]);
    expect(refused.status).toBe('OPEN');
  });
});

describe('applyOrderEvent: modifications', () => {
  it('applies the requested quantity when the modify is confirmed', () => {
    const modified = applyAll(open(), [
      { type: 'modifyRequested', quantity: 60, at: at(3) },
      { type: 'modifyConfirmed', at: at(4) },
    ]);
    expect(modified).toMatchObject({ status: 'OPEN', quantity: 60, pendingModifyQuantity: null });
  });

  it('returns a refused modify to the previous state with the old quantity', () => {
    const partly = applyAll(open(), [
      fill('T1', 20, 100),
      { type: 'modifyRequested', quantity: 60, at: at(3) },
      { type: 'modifyRefused', reason: 'Maximum allowed order modifications exceeded.', at: at(4) },
    ]);
    expect(partly).toMatchObject({
      status: 'PARTIALLY_FILLED',
      quantity: 100,
      pendingModifyQuantity: null,
    });
  });

  it('fills the order when the modify brings the quantity down to what has filled', () => {
    const done = applyAll(open(), [
      fill('T1', 40, 100),
      { type: 'modifyRequested', quantity: 40, at: at(3) },
      { type: 'modifyConfirmed', at: at(4) },
    ]);
    expect(done.status).toBe('FILLED');
  });

  it('still applies a confirmed quantity after a fill replaced MODIFY_PENDING', () => {
    const state = applyAll(open(), [
      { type: 'modifyRequested', quantity: 50, at: at(3) },
      fill('T1', 20, 100, at(4)),
    ]);
    expect(state.status).toBe('PARTIALLY_FILLED');
    const confirmed = applyAll(state, [{ type: 'modifyConfirmed', at: at(5) }]);
    expect(confirmed.quantity).toBe(50);
    const filled = applyAll(confirmed, [fill('T2', 30, 100, at(6))]);
    expect(filled.status).toBe('FILLED');
  });

  it('ignores a modify confirmation after the order filled', () => {
    const filled = applyAll(open(), [
      { type: 'modifyRequested', quantity: 50, at: at(3) },
      fill('T1', 100, 100),
    ]);
    expect(applyOk(filled, { type: 'modifyConfirmed', at: at(9) })).toMatchObject({
      changed: false,
      noOp: 'STALE',
    });
  });

  it('ends a modify on a MODIFIED push without moving a triggered stop back', () => {
    // An SL that triggered (OPEN) is being modified; Kite's MODIFIED cannot say it triggered.
    const triggered = applyAll(newOrder(), [
      { type: 'submitted', at: at(1) },
      { type: 'triggerPending', at: at(2) },
      { type: 'triggered', at: at(3) },
      { type: 'modifyRequested', quantity: 80, at: at(4) },
    ]);
    const mapped = mapKiteStatus({
      status: 'MODIFIED',
      quantity: 80,
      filledQuantity: 0,
      orderType: 'SL',
    });
    expect(mapped.ok && mapped.status).toBe('TRIGGER_PENDING');
    const after = applyOk(triggered, snapshot('TRIGGER_PENDING', 0)).state;
    expect(after).toMatchObject({ status: 'OPEN', quantity: 80, pendingModifyQuantity: null });
  });

  it('takes the quantity from a poll as the broker word', () => {
    const modifying = applyAll(open(), [{ type: 'modifyRequested', quantity: 60, at: at(3) }]);
    const polled = applyOk(modifying, snapshot('OPEN', 0, { origin: 'poll', quantity: 100 })).state;
    expect(polled).toMatchObject({ status: 'OPEN', quantity: 100 });
  });
});

describe('applyOrderEvent: broker snapshots', () => {
  it('infers the missing fill with an id from the order id and cumulative quantity', () => {
    const result = applyOk(open(), snapshot('PARTIALLY_FILLED', 40, { averagePrice: rupees(100) }));
    expect(result.state.status).toBe('PARTIALLY_FILLED');
    expect(result.newFills).toEqual([
      {
        fillId: deriveFillId('KV1', 40),
        quantity: 40,
        price: rupees(100),
        at: at(50),
        source: 'INFERRED',
      },
    ]);
    const more = applyOk(
      result.state,
      snapshot('FILLED', 100, { averagePrice: rupees(100.6), origin: 'poll' }),
    );
    expect(more.newFills).toEqual([
      {
        fillId: deriveFillId('KV1', 100),
        quantity: 60,
        price: rupees(101),
        at: at(50),
        source: 'INFERRED',
      },
    ]);
    expect(more.state.averageFillPrice).toBe(rupees(100.6));
  });

  it('counts the same cumulative report from push and poll once', () => {
    const pushed = applyAll(open(), [snapshot('PARTIALLY_FILLED', 40)]);
    const polled = applyOk(pushed, snapshot('OPEN', 40, { origin: 'poll' }));
    expect(polled.changed).toBe(false);
    expect(pushed.fills).toHaveLength(1);
  });

  it('does not add trades to a report that already counted them', () => {
    const reported = applyAll(open(), [
      snapshot('PARTIALLY_FILLED', 40, { averagePrice: rupees(100.5) }),
    ]);
    const traded = applyAll(reported, [fill('T1', 25, 100), fill('T2', 15, 101.25)]);
    expect(traded.filledQuantity).toBe(40);
    expect(traded.status).toBe('PARTIALLY_FILLED');
    expect(traded.averageFillPrice).toBe(rupees(100.5));
    const beyond = applyAll(traded, [fill('T3', 20, 102)]);
    expect(beyond.filledQuantity).toBe(60);
    // 25 × 100 + 15 × 101.25 + 20 × 102 = 6058.75 over 60
    expect(beyond.averageFillPrice).toBe(paise(Math.round(605_875 / 60)));
  });

  it('accepts the trade details of a FILLED order learned from a report', () => {
    const filled = applyAll(open(), [snapshot('FILLED', 100, { averagePrice: rupees(100) })]);
    const detailed = applyOk(filled, fill('T1', 100, 100));
    expect(detailed.changed).toBe(true);
    expect(detailed.state.status).toBe('FILLED');
    expect(detailed.state.history).toHaveLength(filled.history.length);
    expect(errorOf(detailed.state, fill('T2', 1, 100)).code).toBe('OVERFILL');
  });

  it('ignores a partial-fill update that arrives after COMPLETE', () => {
    const filled = applyAll(open(), [snapshot('FILLED', 100)]);
    const late = applyOk(filled, snapshot('PARTIALLY_FILLED', 30));
    expect(late).toMatchObject({ changed: false, noOp: 'STALE' });
    expect(late.state.status).toBe('FILLED');
  });

  it('ignores an older push with less filled, refuses a poll with less filled', () => {
    const partly = applyAll(open(), [snapshot('PARTIALLY_FILLED', 60)]);
    expect(applyOk(partly, snapshot('PARTIALLY_FILLED', 30)).noOp).toBe('STALE');
    expect(errorOf(partly, snapshot('PARTIALLY_FILLED', 30, { origin: 'poll' })).code).toBe(
      'FILL_REGRESSION',
    );
  });

  it('refuses a poll that contradicts a finished order', () => {
    const cancelled = applyAll(open(), [{ type: 'cancelConfirmed', at: at(3) }]);
    expect(applyOk(cancelled, snapshot('OPEN', 0)).noOp).toBe('STALE');
    expect(errorOf(cancelled, snapshot('OPEN', 0, { origin: 'poll' })).code).toBe(
      'ILLEGAL_TRANSITION',
    );
  });

  it('takes the size a push filled against when a reduce lost the race with the fill', () => {
    const reduced = applyAll(open(), [
      { type: 'modifyRequested', quantity: 50, at: at(2) },
      { type: 'modifyConfirmed', quantity: 50, at: at(3) },
    ]);
    expect(reduced.quantity).toBe(50);
    const filled = applyOk(reduced, snapshot('FILLED', 100, { quantity: 100 })).state;
    expect(filled).toMatchObject({ status: 'FILLED', quantity: 100, filledQuantity: 100 });
    expect(errorOf(reduced, snapshot('FILLED', 100, { quantity: 90 })).code).toBe('OVERFILL');
  });

  it('refuses COMPLETE with quantity left', () => {
    expect(errorOf(open(), snapshot('FILLED', 60, { origin: 'poll' })).code).toBe(
      'INCONSISTENT_REPORT',
    );
  });

  it('applies the fills before the closing status of a cancelled, partly filled order', () => {
    const result = applyOk(
      open(),
      snapshot('CANCELLED', 30, { averagePrice: rupees(99), message: 'user' }),
    );
    expect(result.state).toMatchObject({
      status: 'CANCELLED',
      filledQuantity: 30,
      statusMessage: 'user',
    });
    expect(result.state.history.slice(-2).map((h) => [h.from, h.to])).toEqual([
      ['OPEN', 'PARTIALLY_FILLED'],
      ['PARTIALLY_FILLED', 'CANCELLED'],
    ]);
  });

  it('brings an order first seen at the broker into its reported state', () => {
    const external = newOrder(200, 'EXT-1');
    const rejected = applyOk(
      external,
      snapshot('REJECTED', 0, { origin: 'poll', message: 'Insufficient funds.' }),
    ).state;
    expect(rejected).toMatchObject({ status: 'REJECTED', statusMessage: 'Insufficient funds.' });
    expect(applyOk(external, snapshot('TRIGGER_PENDING', 0, { origin: 'poll' })).state.status).toBe(
      'TRIGGER_PENDING',
    );
    const filled = applyOk(
      external,
      snapshot('FILLED', 200, { origin: 'poll', averagePrice: rupees(12.3) }),
    ).state;
    expect(filled).toMatchObject({ status: 'FILLED', averageFillPrice: rupees(12.3) });
  });

  it('reaches a pending request through SUBMITTED for an order first seen mid-modify', () => {
    const seen = applyOk(newOrder(), snapshot('MODIFY_PENDING', 0, { origin: 'poll' })).state;
    expect(seen.history.map((h) => h.to)).toEqual(['SUBMITTED', 'MODIFY_PENDING']);
    expect(seen.previousWorkingStatus).toBe('SUBMITTED');
  });

  it('settles a write-ahead order that a fill update found by tag before the place call answered', () => {
    const state = applyOk(newOrder(), snapshot('PARTIALLY_FILLED', 10)).state;
    expect(state.status).toBe('PARTIALLY_FILLED');
    expect(applyOk(state, { type: 'submitted', at: at(60) }).changed).toBe(false);
  });

  it('treats a broker average of 0 as unknown', () => {
    const state = applyOk(
      open(),
      snapshot('PARTIALLY_FILLED', 10, { averagePrice: paise(0) }),
    ).state;
    expect(state.averageFillPrice).toBeNull();
    expect(state.fills[0]?.price).toBeNull();
  });
});

describe('applyOrderEvent: Kite reports end to end', () => {
  function kite(
    fields: Partial<KiteStatusReport> & { status: string },
    origin: 'push' | 'poll',
    ms: number,
  ) {
    const r: KiteStatusReport = {
      quantity: 75,
      filledQuantity: 0,
      orderType: 'SL',
      triggerPrice: 98,
      ...fields,
    };
    const mapped = mapKiteStatus(r);
    if (!mapped.ok) throw new Error(mapped.error.message);
    return snapshot(mapped.status, r.filledQuantity, { origin, at: at(ms), quantity: r.quantity });
  }

  it('follows an SL order from placement to a late duplicate update', () => {
    const events: OrderEvent[] = [
      { type: 'submitted', at: at(1) },
      kite({ status: 'PUT ORDER REQ RECEIVED' }, 'poll', 2),
      kite({ status: 'TRIGGER PENDING' }, 'poll', 3),
      kite({ status: 'UPDATE' }, 'push', 4),
      kite({ status: 'OPEN' }, 'poll', 5),
      kite({ status: 'UPDATE', filledQuantity: 25 }, 'push', 6),
      kite({ status: 'COMPLETE', filledQuantity: 75 }, 'push', 8),
      kite({ status: 'UPDATE', filledQuantity: 50 }, 'push', 7),
      kite({ status: 'COMPLETE', filledQuantity: 75 }, 'push', 8),
    ];
    const final = applyAll(newOrder(75), events);
    expect(final.status).toBe('FILLED');
    expect(final.filledQuantity).toBe(75);
    expect(final.history.map((h) => h.to)).toEqual([
      'SUBMITTED',
      'TRIGGER_PENDING',
      'OPEN',
      'PARTIALLY_FILLED',
      'FILLED',
    ]);
    expect(final.fills.map((f) => f.quantity)).toEqual([25, 50]);
  });
});
