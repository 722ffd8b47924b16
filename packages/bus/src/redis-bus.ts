import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import type { Bus, BusLogger } from './bus';
import type { BusTransport, TransportSink } from './bus-core';
import { createBusOver } from './bus-core';
import { BusUnavailableError } from './errors';
import { consoleLogger } from './console-logger';

export interface RedisBusOptions {
  /** redis://[user:password@]host:port[/db] */
  readonly url: string;
  readonly logger?: BusLogger;
  /** Longest wait between reconnection attempts; default 2 s, so live views recover quickly. */
  readonly maxReconnectDelayMs?: number;
}

export interface RedisBus extends Bus {
  /**
   * Resolves once both connections are ready (at once when they are). Publishing before that
   * fails fast; a process that needs its first messages delivered waits for this.
   */
  readonly ready: (timeoutMs?: number) => Promise<void>;
}

/**
 * The bus over Redis pub/sub, for the distributed deployment: one connection publishes, one
 * subscribes (a subscribed connection can do nothing else). Both reconnect on their own;
 * subscriptions are restored after a reconnect (ioredis autoResubscribe).
 *
 * While Redis is down a publish rejects at once (no offline queue, so nothing piles up in
 * memory and nothing stale is replayed later); see Bus.publish for how that surfaces.
 * Redis delivers a connection's messages in order, so per-channel order holds.
 */
export function createRedisBus(options: RedisBusOptions): RedisBus {
  const logger = options.logger ?? consoleLogger;
  const maxDelay = options.maxReconnectDelayMs ?? 2_000;
  const common: RedisOptions = {
    // Exponential backoff from 50 ms; no jitter needed for the few clients of one deployment.
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt - 1, 16), maxDelay),
  };
  const publisher = new Redis(options.url, {
    ...common,
    connectionName: 'kavach-bus-pub',
    enableOfflineQueue: false,
    // A PUBLISH caught by a disconnect fails rather than being replayed minutes later.
    maxRetriesPerRequest: 0,
  });
  const subscriber = new Redis(options.url, {
    ...common,
    connectionName: 'kavach-bus-sub',
    autoResubscribe: true,
    // SUBSCRIBE waits through a short outage (about 20 reconnect attempts), then rejects.
    maxRetriesPerRequest: 20,
  });
  watchHealth(publisher, 'publisher', logger);
  watchHealth(subscriber, 'subscriber', logger);

  const bus = createBusOver((sink) => createRedisTransport(publisher, subscriber, sink), logger);
  return {
    ...bus,
    ready: async (timeoutMs = 10_000) => {
      await Promise.all([waitReady(publisher, timeoutMs), waitReady(subscriber, timeoutMs)]);
    },
  };
}

function createRedisTransport(
  publisher: Redis,
  subscriber: Redis,
  sink: TransportSink,
): BusTransport {
  subscriber.on('message', (channel: string, message: string) => {
    sink.deliver(channel, message);
  });
  subscriber.on('pmessage', (_pattern: string, channel: string, message: string) => {
    sink.deliverTick(channel, message);
  });
  watchReceiving(subscriber, sink);
  return {
    publish: async (channel, raw) => {
      await publisher.publish(channel, raw);
    },
    subscribe: async (channel) => {
      await subscriber.subscribe(channel);
    },
    unsubscribe: async (channel) => {
      await subscriber.unsubscribe(channel);
    },
    subscribePattern: async (pattern) => {
      await subscriber.psubscribe(pattern);
    },
    unsubscribePattern: async (pattern) => {
      await subscriber.punsubscribe(pattern);
    },
    close: async () => {
      subscriber.removeAllListeners('message');
      subscriber.removeAllListeners('pmessage');
      await Promise.all([disconnect(publisher), disconnect(subscriber)]);
    },
  };
}

/**
 * Receiving from the moment the subscriber is ready and its subscriptions are acknowledged
 * until the connection closes. ioredis has sent the restored SUBSCRIBE and PSUBSCRIBE by the
 * time it emits 'ready', but Redis has not necessarily run them: a PING sent after them
 * answers once it has.
 */
function watchReceiving(subscriber: Redis, sink: TransportSink): void {
  sink.setReceiving(subscriber.status === 'ready');
  // Counts connections: a PING answered on an earlier one says nothing about this one.
  let connection = 0;
  subscriber.on('close', () => {
    connection += 1;
    sink.setReceiving(false);
  });
  subscriber.on('ready', () => {
    const current = connection;
    subscriber.ping().then(
      () => {
        if (current === connection) sink.setReceiving(true);
      },
      // The connection dropped again: its 'close' has said so, and its next 'ready' asks anew.
      () => undefined,
    );
  });
}

/** One log line when a connection drops and one when it is back, not one per retry. */
function watchHealth(redis: Redis, role: string, logger: BusLogger): void {
  let healthy = true;
  let lastError: unknown;
  redis.on('error', (error: unknown) => {
    lastError = error;
  });
  redis.on('ready', () => {
    if (!healthy) logger.info({ role }, 'bus redis connection restored');
    healthy = true;
  });
  redis.on('reconnecting', () => {
    if (healthy) logger.warn({ role, err: lastError }, 'bus redis connection lost; reconnecting');
    healthy = false;
  });
}

function waitReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new BusUnavailableError('*', { cause: new Error(`not ready in ${timeoutMs} ms`) }));
    }, timeoutMs);
    redis.once('ready', onReady);
  });
}

/** Closes at once; waits for the socket to end when one is open (bounded). */
async function disconnect(redis: Redis): Promise<void> {
  const open =
    redis.status !== 'end' && redis.status !== 'close' && redis.status !== 'reconnecting';
  if (!open) {
    redis.disconnect();
    return;
  }
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2_000);
    redis.once('end', () => {
      clearTimeout(timer);
      resolve();
    });
    redis.disconnect();
  });
}
