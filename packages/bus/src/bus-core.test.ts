import { describe, expect, it } from 'vitest';
import { createCaptureLogger } from '../test/capture-logger';
import type { BusTransport, TransportSink } from './bus-core';
import { createBusOver } from './bus-core';

/** A transport that does nothing but hand its sink to the test (and say `opensAs`, if given). */
function openBus(opensAs?: boolean) {
  let sink: TransportSink | undefined;
  const transport: BusTransport = {
    publish: () => Promise.resolve(),
    subscribe: () => Promise.resolve(),
    unsubscribe: () => Promise.resolve(),
    subscribePattern: () => Promise.resolve(),
    unsubscribePattern: () => Promise.resolve(),
    close: () => {
      // As a Redis transport does: its connection closing reports it.
      sink?.setReceiving(false);
      return Promise.resolve();
    },
  };
  const logger = createCaptureLogger();
  const bus = createBusOver((given) => {
    sink = given;
    if (opensAs !== undefined) given.setReceiving(opensAs);
    return transport;
  }, logger);
  if (sink === undefined) throw new Error('the bus did not open its transport');
  return { bus, sink, logger };
}

describe('the bus as to receiving', () => {
  it('reports each change of the transport once, to every listener', () => {
    const { bus, sink } = openBus();
    expect(bus.receiving()).toBe(true);
    const first: boolean[] = [];
    const second: boolean[] = [];
    bus.onReceivingChange((receiving) => first.push(receiving));
    bus.onReceivingChange((receiving) => second.push(receiving));
    sink.setReceiving(false);
    sink.setReceiving(false);
    expect(bus.receiving()).toBe(false);
    sink.setReceiving(true);
    expect(bus.receiving()).toBe(true);
    expect(first).toEqual([false, true]);
    expect(second).toEqual([false, true]);
  });

  it('takes a state the transport reports while it opens', () => {
    const { bus, sink } = openBus(false);
    expect(bus.receiving()).toBe(false);
    sink.setReceiving(true);
    expect(bus.receiving()).toBe(true);
  });

  it('stops telling a listener once it is removed, and tells nobody after close', async () => {
    const { bus, sink } = openBus();
    const heard: boolean[] = [];
    const stop = bus.onReceivingChange((receiving) => heard.push(receiving));
    sink.setReceiving(false);
    stop();
    sink.setReceiving(true);
    expect(heard).toEqual([false]);

    const late: boolean[] = [];
    bus.onReceivingChange((receiving) => late.push(receiving));
    await bus.close();
    bus.onReceivingChange((receiving) => late.push(receiving));
    sink.setReceiving(true);
    expect(late).toEqual([]);
  });

  it('keeps telling the others when one listener throws, and logs it', () => {
    const { bus, sink, logger } = openBus();
    const heard: boolean[] = [];
    bus.onReceivingChange(() => {
      throw new Error('boom');
    });
    bus.onReceivingChange((receiving) => heard.push(receiving));
    sink.setReceiving(false);
    expect(heard).toEqual([false]);
    expect(logger.messages('error')).toEqual([
      'bus receiving listener failed; other listeners still run',
    ]);
  });
});
