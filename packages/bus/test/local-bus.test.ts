import { describe, expect, it, vi } from 'vitest';
import type { Bus } from '../src';
import { CHANNELS, createLocalBus, createLocalHub } from '../src';
import { describeBusContract } from './bus-contract';
import { makeSignal } from './fixtures';

describeBusContract('LocalBus', (logger) => {
  const hub = createLocalHub();
  const buses: Bus[] = [];
  const make = () => {
    const bus = createLocalBus({ hub, logger });
    buses.push(bus);
    return bus;
  };
  return Promise.resolve({
    bus: make(),
    makePeer: () => Promise.resolve(make()),
    publishRaw: (channel, raw) => {
      hub.publishRaw(channel, raw);
      return Promise.resolve();
    },
    closeAll: async () => {
      await Promise.all(buses.map((bus) => bus.close()));
    },
  });
});

describe('createLocalBus', () => {
  it('connects only the buses that share a hub', async () => {
    const first = createLocalBus();
    const second = createLocalBus();
    const onSecond = vi.fn();
    const onFirst = vi.fn();
    await second.subscribe(CHANNELS.signals, onSecond);
    await first.subscribe(CHANNELS.signals, onFirst);
    await first.publish(CHANNELS.signals, makeSignal());
    await vi.waitFor(() => {
      expect(onFirst).toHaveBeenCalledTimes(1);
    });
    expect(onSecond).not.toHaveBeenCalled();
    await Promise.all([first.close(), second.close()]);
  });

  it('is always receiving: nothing in process can cut it off', async () => {
    const bus = createLocalBus();
    const changes = vi.fn();
    bus.onReceivingChange(changes);
    expect(bus.receiving()).toBe(true);
    await bus.close();
    expect(changes).not.toHaveBeenCalled();
  });

  it('keeps delivering in order through a storm larger than one drain batch', async () => {
    const bus = createLocalBus();
    const seen: number[] = [];
    await bus.subscribe(CHANNELS.events, (event) => seen.push(event.at));
    const count = 25_000;
    for (let at = 0; at < count; at += 1) {
      void bus.publish(CHANNELS.events, { type: 'engine', message: '', data: {}, at });
    }
    await vi.waitFor(() => {
      expect(seen).toHaveLength(count);
    });
    expect(seen.every((at, index) => at === index)).toBe(true);
    await bus.close();
  });
});
