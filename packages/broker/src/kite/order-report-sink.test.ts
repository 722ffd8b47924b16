import { VirtualClock } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import type { BrokerEvent } from '../broker';
import type { BrokerLogger } from './broker-logger';
import { createEventHub } from './event-hub';
import { kiteOrder } from './kite-payloads.fixtures';
import { createOrderReportSink } from './order-report-sink';
import { createReportDeduper } from './report-deduper';

const silent: BrokerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function setUp() {
  const hub = createEventHub(silent);
  const events: BrokerEvent[] = [];
  hub.on((event) => events.push(event));
  const deduper = createReportDeduper({
    clock: new VirtualClock(0),
    forgetClosedAfterMs: 60_000,
    maxOrders: 100,
  });
  return { sink: createOrderReportSink(hub, deduper, silent), events };
}

describe('createOrderReportSink', () => {
  it('emits a payload once across sources, and a change again', () => {
    const { sink, events } = setUp();
    expect(sink.acceptPayload(kiteOrder(), 'TICKER')).toEqual({ ok: true });
    expect(sink.acceptPayload(kiteOrder(), 'POSTBACK')).toEqual({ ok: true });
    sink.acceptPayload(kiteOrder({ status: 'CANCELLED' }), 'POLL');
    expect(events.map((e) => e.type === 'order' && [e.source, e.report.status])).toEqual([
      ['TICKER', 'OPEN'],
      ['POLL', 'CANCELLED'],
    ]);
  });

  it('raises an unreadable order from polls once, from pushed updates every time', () => {
    const { sink, events } = setUp();
    for (let round = 0; round < 3; round += 1) sink.emitInvalid('POLL', 'order 1: bad');
    sink.acceptPayload(kiteOrder({ status: 'PARKED' }), 'TICKER');
    sink.acceptPayload(kiteOrder({ status: 'PARKED' }), 'TICKER');
    expect(events).toEqual([
      { type: 'invalidUpdate', source: 'POLL', message: 'order 1: bad' },
      {
        type: 'invalidUpdate',
        source: 'TICKER',
        message: 'order 260123000000042: unknown Kite order status "PARKED"',
      },
      {
        type: 'invalidUpdate',
        source: 'TICKER',
        message: 'order 260123000000042: unknown Kite order status "PARKED"',
      },
    ]);
  });
});
