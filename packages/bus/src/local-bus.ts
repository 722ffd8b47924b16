import type { Bus, BusLogger } from './bus';
import type { BusTransport, TransportSink } from './bus-core';
import { createBusOver } from './bus-core';
import { consoleLogger } from './console-logger';

/**
 * The in-process stand-in for Redis: buses attached to one hub see each other's messages, as
 * processes connected to one Redis do. Messages travel encoded, so a LocalBus validates,
 * copies and orders exactly like a RedisBus.
 */
export interface LocalHub {
  /** Sends a raw string as if a foreign publisher had (tests: malformed messages). */
  publishRaw(channel: string, raw: string): void;
  /** Attaches a transport; used by createLocalBus. */
  attach(sink: TransportSink): BusTransport;
}

interface Attachment {
  readonly sink: TransportSink;
  readonly channels: Set<string>;
  readonly patterns: Set<string>;
  attached: boolean;
}

interface Delivery {
  readonly to: Attachment;
  readonly channel: string;
  readonly raw: string;
  readonly viaPattern: boolean;
}

/** Deliveries per drain before yielding to I/O, so a publish storm cannot starve the process. */
const DRAIN_BATCH = 10_000;

export function createLocalHub(): LocalHub {
  const attachments = new Set<Attachment>();
  const queue: Delivery[] = [];
  let head = 0;
  let scheduled = false;

  function drain(): void {
    const end = Math.min(queue.length, head + DRAIN_BATCH);
    while (head < end) {
      const delivery = queue[head];
      head += 1;
      if (delivery?.to.attached === true) {
        if (delivery.viaPattern) delivery.to.sink.deliverTick(delivery.channel, delivery.raw);
        else delivery.to.sink.deliver(delivery.channel, delivery.raw);
      }
    }
    if (head < queue.length) {
      queue.splice(0, head);
      head = 0;
      setImmediate(drain);
      return;
    }
    queue.length = 0;
    head = 0;
    scheduled = false;
  }

  /** Fans out at publish time (like Redis); delivers later, never inside the publisher's call. */
  function fanOut(channel: string, raw: string): void {
    for (const to of attachments) {
      if (to.channels.has(channel)) queue.push({ to, channel, raw, viaPattern: false });
      for (const pattern of to.patterns) {
        if (matchesPattern(pattern, channel)) queue.push({ to, channel, raw, viaPattern: true });
      }
    }
    if (!scheduled && queue.length > head) {
      scheduled = true;
      queueMicrotask(drain);
    }
  }

  return {
    publishRaw: fanOut,
    attach(sink) {
      const attachment: Attachment = {
        sink,
        channels: new Set(),
        patterns: new Set(),
        attached: true,
      };
      attachments.add(attachment);
      return {
        publish: (channel, raw) => {
          fanOut(channel, raw);
          return Promise.resolve();
        },
        subscribe: (channel) => {
          attachment.channels.add(channel);
          return Promise.resolve();
        },
        unsubscribe: (channel) => {
          attachment.channels.delete(channel);
          return Promise.resolve();
        },
        subscribePattern: (pattern) => {
          attachment.patterns.add(pattern);
          return Promise.resolve();
        },
        unsubscribePattern: (pattern) => {
          attachment.patterns.delete(pattern);
          return Promise.resolve();
        },
        close: () => {
          attachment.attached = false;
          attachments.delete(attachment);
          return Promise.resolve();
        },
      };
    },
  };
}

/** Redis-style globs limited to what the bus uses: a literal, or a prefix ending in `*`. */
function matchesPattern(pattern: string, channel: string): boolean {
  return pattern.endsWith('*') ? channel.startsWith(pattern.slice(0, -1)) : pattern === channel;
}

export interface LocalBusOptions {
  /** Share a hub between buses to connect them; default: a hub of its own. */
  readonly hub?: LocalHub;
  readonly logger?: BusLogger;
}

/** The in-process bus of the all-in-one mode (no REDIS_URL). */
export function createLocalBus(options: LocalBusOptions = {}): Bus {
  const hub = options.hub ?? createLocalHub();
  return createBusOver((sink) => hub.attach(sink), options.logger ?? consoleLogger);
}
