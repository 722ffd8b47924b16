import { describe, expect, it } from 'vitest';
import { makeOrder, makeTick } from '../test/fixtures';
import { tickChannel } from './channels';
import { createLocalBus } from './local-bus';
import type { TickMessage } from './schemas/tick-message';
import { createTickConflator } from './tick-conflator';

// Throughput of the live-view path in the all-in-one mode: validate, encode, deliver, decode.
const BATCH = 1_000;
const INSTRUMENTS = 200;
const baseTick = makeTick();
const ticks: TickMessage[] = Array.from({ length: BATCH }, (_, i) => ({
  ...baseTick,
  token: 256 + (i % INSTRUMENTS) * 256,
  lastQuantity: i,
}));
const order = makeOrder();

describe('bus throughput', () => {
  it(`LocalBus: ${BATCH} orders published and received`, async ({ bench }) => {
    const bus = createLocalBus();
    let received = 0;
    let done: () => void = () => undefined;
    await bus.subscribe('orders', () => {
      received += 1;
      if (received === BATCH) done();
    });
    const result = await bench('orders publish → receive', async () => {
      received = 0;
      const all = new Promise<void>((resolve) => (done = resolve));
      for (let i = 0; i < BATCH; i += 1) void bus.publish('orders', order);
      await all;
    }).run();
    await bus.close();
    expect(result.throughput.mean).toBeGreaterThan(0);
  });

  it(`LocalBus: ${BATCH} ticks over ${INSTRUMENTS} instruments to subscribeTicks`, async ({
    bench,
  }) => {
    const bus = createLocalBus();
    let received = 0;
    let done: () => void = () => undefined;
    await bus.subscribeTicks(() => {
      received += 1;
      if (received === BATCH) done();
    });
    const result = await bench('ticks publish → receive', async () => {
      received = 0;
      const all = new Promise<void>((resolve) => (done = resolve));
      for (const tick of ticks) void bus.publish(tickChannel(tick.token), tick);
      await all;
    }).run();
    await bus.close();
    expect(result.throughput.mean).toBeGreaterThan(0);
  });

  it(`conflator: ${BATCH} ticks over ${INSTRUMENTS} instruments, then a flush`, async ({
    bench,
  }) => {
    let published = 0;
    const conflator = createTickConflator({
      intervalMs: 250,
      publish: () => {
        published += 1;
      },
      schedule: () => () => undefined,
    });
    const result = await bench('offer + flush', () => {
      for (const tick of ticks) conflator.offer(tick);
      conflator.flush();
    }).run();
    conflator.stop();
    expect(published).toBeGreaterThan(0);
    expect(result.throughput.mean).toBeGreaterThan(0);
  });
});
