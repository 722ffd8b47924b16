import type { RedisServer } from '@kavach/testkit';
import { findFreePort, startRedis } from '@kavach/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RedisBus, SignalMessage } from '../src';
import { BusUnavailableError, CHANNELS, createRedisBus, encodeMessage, tickChannel } from '../src';
import { describeBusContract } from './bus-contract';
import { createCaptureLogger } from './capture-logger';
import { makeSignal, makeTick } from './fixtures';

let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  await redis.stop();
});

describeBusContract('RedisBus', async (logger) => {
  const buses: RedisBus[] = [];
  const make = async () => {
    const bus = createRedisBus({ url: redis.url, logger });
    buses.push(bus);
    await bus.ready();
    return bus;
  };
  // A plain client: what a foreign or broken publisher would put on the wire.
  const raw = new Redis(redis.url);
  return {
    bus: await make(),
    makePeer: make,
    publishRaw: async (channel, message) => {
      await raw.publish(channel, message);
    },
    closeAll: async () => {
      await Promise.all(buses.map((bus) => bus.close()));
      raw.disconnect();
    },
  };
});

describe('RedisBus against a Redis that goes away', () => {
  it('drops publishes while Redis is down, and delivers again once it is back', async () => {
    const logger = createCaptureLogger();
    const publisher = createRedisBus({ url: redis.url, logger, maxReconnectDelayMs: 200 });
    const subscriber = createRedisBus({ url: redis.url, logger, maxReconnectDelayMs: 200 });
    await Promise.all([publisher.ready(), subscriber.ready()]);
    const received: SignalMessage[] = [];
    await subscriber.subscribe(CHANNELS.signals, (signal) => received.push(signal));
    await publisher.publish(CHANNELS.signals, makeSignal({ id: 'before' }));
    await vi.waitFor(() => {
      expect(received.map((s) => s.id)).toEqual(['before']);
    });

    await redis.restart(async () => {
      await expect(
        publisher.publish(CHANNELS.signals, makeSignal({ id: 'during' })),
      ).rejects.toBeInstanceOf(BusUnavailableError);
      // Ignored on purpose: a trading path may fire and forget; nothing may go unhandled.
      void publisher.publish(CHANNELS.signals, makeSignal({ id: 'ignored' }));
      expect(publisher.stats().failingNow).toBe(true);
    });

    // Both connections come back on their own, and the subscription is restored.
    let attempt = 0;
    await vi.waitFor(
      async () => {
        attempt += 1;
        await publisher
          .publish(CHANNELS.signals, makeSignal({ id: `after-${attempt}` }))
          .catch(() => undefined);
        expect(received.some((s) => s.id.startsWith('after-'))).toBe(true);
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(received.map((s) => s.id)).not.toContain('during');
    expect(publisher.stats().publishFailures).toBeGreaterThanOrEqual(2);
    // Publishing works again: the bus is no longer failing, its losses stay counted.
    expect(publisher.stats().failingNow).toBe(false);
    expect(logger.messages('warn')).toContain('bus redis connection lost; reconnecting');
    expect(logger.messages('info')).toContain('bus redis connection restored');
    await Promise.all([publisher.close(), subscriber.close()]);
  });

  it('says it is not receiving while Redis is down, and is again once subscribed anew', async () => {
    const subscriber = createRedisBus({
      url: redis.url,
      logger: createCaptureLogger(),
      maxReconnectDelayMs: 200,
    });
    await subscriber.ready();
    const received: string[] = [];
    await subscriber.subscribe(CHANNELS.signals, (signal) => received.push(signal.id));
    await subscriber.subscribeTicks((_tick, token) => received.push(`tick ${token}`));
    await vi.waitFor(() => {
      expect(subscriber.receiving()).toBe(true);
    });
    // A plain client with an offline queue: it publishes the moment the bus says it receives.
    const raw = new Redis(redis.url, { retryStrategy: () => 100 });
    const tick = makeTick();
    const changes: boolean[] = [];
    subscriber.onReceivingChange((receiving) => {
      changes.push(receiving);
      if (!receiving) return;
      void raw.publish(CHANNELS.signals, encodeMessage(CHANNELS.signals, makeSignal({ id: 'a' })));
      void raw.publish(tickChannel(tick.token), encodeMessage(tickChannel(tick.token), tick));
    });

    await redis.restart(async () => {
      await vi.waitFor(() => {
        expect(changes).toEqual([false]);
      });
      expect(subscriber.receiving()).toBe(false);
    });
    await vi.waitFor(
      () => {
        expect(changes).toEqual([false, true]);
      },
      { timeout: 20_000, interval: 50 },
    );
    // Receiving means subscribed again: what was published at once arrives.
    await vi.waitFor(() => {
      expect(received).toEqual(['a', `tick ${tick.token}`]);
    });
    await subscriber.close();
    raw.disconnect();
    // Closing is no outage: nobody is told.
    expect(changes).toEqual([false, true]);
  });

  it('completes a subscribe made while Redis is down once it is back', async () => {
    const publisher = createRedisBus({ url: redis.url, logger: createCaptureLogger() });
    const subscriber = createRedisBus({
      url: redis.url,
      logger: createCaptureLogger(),
      maxReconnectDelayMs: 200,
    });
    await Promise.all([publisher.ready(), subscriber.ready()]);
    const received: string[] = [];
    let subscribed: Promise<unknown> = Promise.resolve();
    await redis.restart(() => {
      subscribed = subscriber.subscribe(CHANNELS.risk, (risk) => received.push(risk.id));
    });
    await subscribed;
    await publisher.ready(20_000);
    await vi.waitFor(
      async () => {
        await publisher
          .publish(CHANNELS.risk, {
            id: 'r1',
            kind: 'TEST',
            severity: 'INFO',
            message: '',
            token: null,
            clientOrderId: null,
            groupId: null,
            correlationId: null,
            at: 0,
          })
          .catch(() => undefined);
        expect(received).toContain('r1');
      },
      { timeout: 20_000, interval: 100 },
    );
    await Promise.all([publisher.close(), subscriber.close()]);
  });

  it('starts without Redis: ready() times out, publish fails fast, close() still works', async () => {
    const port = await findFreePort();
    const logger = createCaptureLogger();
    const bus = createRedisBus({ url: `redis://127.0.0.1:${port}`, logger });
    await expect(bus.ready(300)).rejects.toBeInstanceOf(BusUnavailableError);
    await expect(bus.publish(CHANNELS.signals, makeSignal())).rejects.toBeInstanceOf(
      BusUnavailableError,
    );
    void bus.publish(CHANNELS.signals, makeSignal());
    await vi.waitFor(() => {
      expect(bus.stats().publishFailures).toBe(2);
    });
    expect(logger.messages('warn')).toContain(
      'bus publish failed; message dropped (live views reload from the database)',
    );
    await bus.close();
    await bus.close();
  });
});
