import type { Bus, BusLogger, BusStats, Unsubscribe } from './bus';
import type { BusChannel, TickChannel } from './channels';
import { isBusChannel, parseTickChannel, TICKS_PATTERN } from './channels';
import { decodeMessage, encodeMessage } from './codec';
import { BusClosedError, BusUnavailableError, BusValidationError } from './errors';
import type { Slot, SubscriptionRegistry } from './subscription-registry';
import { createSubscriptionRegistry } from './subscription-registry';

/** What a transport feeds back into the bus. */
export interface TransportSink {
  /** A message on a channel subscribed with `subscribe`. */
  readonly deliver: (channel: string, raw: string) => void;
  /** A message on a tick channel, received through the ticks pattern. */
  readonly deliverTick: (channel: string, raw: string) => void;
  /** The transport lost (false) or regained (true) what others publish; repeats are ignored. */
  readonly setReceiving: (receiving: boolean) => void;
}

/** Moves encoded messages; knows nothing of schemas or handlers. */
export interface BusTransport {
  publish(channel: string, raw: string): Promise<void>;
  subscribe(channel: string): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
  subscribePattern(pattern: string): Promise<void>;
  unsubscribePattern(pattern: string): Promise<void>;
  close(): Promise<void>;
}

/** Past the first, only every n-th repeat of a noisy warning is logged (counters keep all). */
const LOG_EVERY = 1_000;

/**
 * The transport-independent half of every bus: validation both ways, handler bookkeeping,
 * error isolation, counters and logs. LocalBus and RedisBus differ only in the transport.
 */
export function createBusOver(
  openTransport: (sink: TransportSink) => BusTransport,
  logger: BusLogger,
): Bus {
  const stats = { published: 0, publishFailures: 0, received: 0, dropped: 0, handlerErrors: 0 };
  let failuresInARow = 0;
  let closing: Promise<void> | undefined;
  const isClosed = () => closing !== undefined;
  // Declared before the transport opens: it may report its state at once.
  let receiving = true;
  const receivingListeners = new Set<(receiving: boolean) => void>();

  const transport = openTransport({ deliver, deliverTick, setReceiving });
  const channels = createSubscriptionRegistry({
    open: (channel) => transport.subscribe(channel),
    close: (channel) => transport.unsubscribe(channel),
  });
  const patterns = createSubscriptionRegistry({
    open: (pattern) => transport.subscribePattern(pattern),
    close: (pattern) => transport.unsubscribePattern(pattern),
  });

  function deliver(channel: string, raw: string): void {
    const slots = channels.slotsOf(channel);
    if (slots.length === 0 || !isBusChannel(channel)) return;
    dispatch(channel, raw, slots, channel);
  }

  function deliverTick(channel: string, raw: string): void {
    const slots = patterns.slotsOf(TICKS_PATTERN);
    if (slots.length === 0) return;
    const token = parseTickChannel(channel);
    if (token === null) {
      drop(channel, 'not a tick channel');
      return;
    }
    dispatch(channel as TickChannel, raw, slots, token);
  }

  function dispatch(
    channel: BusChannel,
    raw: string,
    slots: readonly Slot[],
    key: string | number,
  ): void {
    const decoded = decodeMessage(channel, raw);
    if (!decoded.ok) {
      drop(channel, decoded.reason);
      return;
    }
    stats.received += 1;
    for (const slot of slots) {
      if (slot.active) runHandler(slot, decoded.payload, key, channel);
    }
  }

  function runHandler(slot: Slot, payload: unknown, key: string | number, channel: string): void {
    try {
      const result = slot.handler(payload, key);
      if (result instanceof Promise) {
        result.catch((error: unknown) => {
          reportHandlerError(error, channel);
        });
      }
    } catch (error) {
      reportHandlerError(error, channel);
    }
  }

  function setReceiving(next: boolean): void {
    if (next === receiving) return;
    receiving = next;
    for (const listener of [...receivingListeners]) {
      try {
        listener(next);
      } catch (error) {
        logger.error({ err: error }, 'bus receiving listener failed; other listeners still run');
      }
    }
  }

  function reportHandlerError(error: unknown, channel: string): void {
    stats.handlerErrors += 1;
    logger.error({ err: error, channel }, 'bus handler failed; other handlers still run');
  }

  function drop(channel: string, reason: string): void {
    stats.dropped += 1;
    if (stats.dropped === 1 || stats.dropped % LOG_EVERY === 0) {
      logger.warn({ channel, reason, dropped: stats.dropped }, 'malformed bus message dropped');
    }
  }

  function recordPublishFailure(channel: string, cause: unknown): void {
    stats.publishFailures += 1;
    failuresInARow += 1;
    if (failuresInARow === 1 || failuresInARow % LOG_EVERY === 0) {
      logger.warn(
        { err: cause, channel, failuresInARow },
        'bus publish failed; message dropped (live views reload from the database)',
      );
    }
  }

  function recordPublished(): void {
    stats.published += 1;
    if (failuresInARow > 0) {
      logger.info({ lost: failuresInARow }, 'bus publishing again');
      failuresInARow = 0;
    }
  }

  /** A rejection the caller may ignore: handled here, still visible to an awaiting caller. */
  function lose(channel: string, error: Error): Promise<void> {
    recordPublishFailure(channel, error);
    const rejected = Promise.reject(error);
    rejected.catch(() => undefined);
    return rejected;
  }

  function publish(channel: string, payload: unknown): Promise<void> {
    let raw: string;
    try {
      raw = encodeMessage(channel as BusChannel, payload as never);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (isClosed()) return lose(channel, new BusClosedError());
    const sent = transport.publish(channel, raw).then(recordPublished, (cause: unknown) => {
      const error = new BusUnavailableError(channel, { cause });
      recordPublishFailure(channel, error);
      throw error;
    });
    sent.catch(() => undefined);
    return sent;
  }

  async function subscribeTo(
    registry: SubscriptionRegistry,
    key: string,
    handler: Slot['handler'],
  ): Promise<Unsubscribe> {
    if (isClosed()) throw new BusClosedError();
    const slot = await registry.add(key, handler);
    // close() may have run while the transport subscribed; its clear() deactivated the slot.
    if (isClosed()) throw new BusClosedError();
    let removed: Promise<void> | undefined;
    return () =>
      (removed ??= registry.remove(key, slot).catch((error: unknown) => {
        // Delivery to this handler already stopped; the transport will drop the rest.
        logger.warn({ err: error, channel: key }, 'bus unsubscribe failed');
      }));
  }

  return {
    publish,
    subscribe: (channel, handler) => {
      if (!isBusChannel(channel)) {
        return Promise.reject(new BusValidationError(String(channel), 'not a bus channel'));
      }
      return subscribeTo(channels, channel, handler as Slot['handler']);
    },
    subscribeTicks: (handler) => subscribeTo(patterns, TICKS_PATTERN, handler as Slot['handler']),
    stats: (): BusStats => ({ ...stats, failingNow: failuresInARow > 0 }),
    receiving: () => receiving,
    onReceivingChange: (listener) => {
      if (isClosed()) return () => undefined;
      // Wrapped, so that one function registered twice is two registrations to remove.
      const own = (value: boolean) => {
        listener(value);
      };
      receivingListeners.add(own);
      return () => {
        receivingListeners.delete(own);
      };
    },
    close: () =>
      (closing ??= (async () => {
        // The transport's own closing is no news to anyone.
        receivingListeners.clear();
        channels.clear();
        patterns.clear();
        await transport.close();
      })()),
  };
}
