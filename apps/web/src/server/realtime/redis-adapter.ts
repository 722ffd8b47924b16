import type { Logger } from '@kavach/config';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';

/** Prefix of the adapter's Redis channels; apart from the bus's (`ticks.*`, `orders`, …). */
const CHANNEL_PREFIX = 'kavach:socket.io';

export interface SocketRedisAdapter {
  /** For Socket.IO's `adapter` option. */
  readonly adapter: ReturnType<typeof createAdapter>;
  /**
   * Resolves once both connections are up and the adapter's subscriptions are acknowledged (so
   * what other web processes emit from now on reaches this one); rejects after `timeoutMs`.
   * Call it after the Socket.IO server was created with `adapter`.
   */
  readonly ready: (timeoutMs?: number) => Promise<void>;
  /** Closes both connections; after the Socket.IO server is closed. */
  readonly close: () => Promise<void>;
}

/**
 * The Socket.IO Redis adapter (@socket.io/redis-adapter) over two ioredis connections of its own
 * (a subscribed connection can do nothing else, and the bus's are the bus's): what one web
 * process emits to all sockets, or does to a room's sockets, reaches the sockets of every web
 * process.
 *
 * The adapter publishes without awaiting, and an ioredis command that fails (Redis down) rejects;
 * a rejection nobody handles would stop the process. So every command the adapter leaves
 * unawaited gets a handler here that logs it. While Redis is down a publish fails at once (no
 * offline queue): a notice is lost for the other processes rather than delivered minutes late,
 * as on the bus. Subscriptions wait for Redis and are restored after a reconnect.
 */
export function createSocketRedisAdapter(url: string, logger: Logger): SocketRedisAdapter {
  const common: RedisOptions = {
    // As the bus: exponential backoff from 50 ms, at most 2 s between attempts.
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt - 1, 16), 2_000),
  };
  const pub = new Redis(url, {
    ...common,
    connectionName: 'kavach-web-socket-pub',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
  });
  const sub = new Redis(url, {
    ...common,
    connectionName: 'kavach-web-socket-sub',
    autoResubscribe: true,
    // SUBSCRIBE waits through any outage: a subscription given up on would be lost for good.
    maxRetriesPerRequest: null,
  });
  let closing = false;
  const onCommandError = (command: string, error: unknown) => {
    if (!closing) logger.warn({ err: error, command }, 'socket adapter redis command failed');
  };
  catchDiscarded(pub, ['publish'], onCommandError);
  catchDiscarded(sub, ['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe'], onCommandError);
  watchHealth(pub, 'publisher', logger);
  watchHealth(sub, 'subscriber', logger);

  return {
    adapter: createAdapter(pub, sub, { key: CHANNEL_PREFIX }),
    ready: async (timeoutMs = 10_000) => {
      await withTimeout(
        Promise.all([
          waitReady(pub),
          // Queued behind the adapter's SUBSCRIBE and PSUBSCRIBE on the same connection: its
          // answer comes after theirs.
          sub.ping(),
        ]),
        timeoutMs,
        `the socket adapter's Redis (${redactedUrl(url)}) did not answer within ${timeoutMs} ms`,
      );
    },
    close: async () => {
      closing = true;
      await Promise.all([quit(pub), quit(sub)]);
    },
  };
}

type DiscardedCommand = 'publish' | 'subscribe' | 'psubscribe' | 'unsubscribe' | 'punsubscribe';

/** Gives each of these commands' promises a rejection handler; callers still see the result. */
function catchDiscarded(
  client: Redis,
  commands: readonly DiscardedCommand[],
  onError: (command: string, error: unknown) => void,
): void {
  for (const command of commands) {
    const original = (client[command] as (...args: unknown[]) => Promise<unknown>).bind(client);
    const guarded = (...args: unknown[]): Promise<unknown> => {
      const result = original(...args);
      result.catch((error: unknown) => {
        onError(command, error);
      });
      return result;
    };
    Object.defineProperty(client, command, { value: guarded, configurable: true, writable: true });
  }
}

/** One log line when a connection drops and one when it is back, not one per retry. */
function watchHealth(redis: Redis, role: string, logger: Logger): void {
  let healthy = true;
  let lastError: unknown;
  redis.on('error', (error: unknown) => {
    lastError = error;
  });
  redis.on('ready', () => {
    if (!healthy) logger.info({ role }, 'socket adapter redis connection restored');
    healthy = true;
  });
  redis.on('reconnecting', () => {
    if (healthy) {
      logger.warn({ role, err: lastError }, 'socket adapter redis connection lost; reconnecting');
    }
    healthy = false;
  });
}

function waitReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    redis.once('ready', () => {
      resolve();
    });
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(message));
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** QUIT (after whatever is queued, e.g. the adapter's UNSUBSCRIBE), bounded; then the socket. */
async function quit(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status === 'ready') {
    await withTimeout(redis.quit(), 2_000, 'quit').catch(() => undefined);
  }
  redis.disconnect();
}

function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}
