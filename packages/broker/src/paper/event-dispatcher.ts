import type { BrokerEvent, BrokerListener } from '../broker';

export interface EventDispatcher {
  readonly listen: (listener: BrokerListener) => () => void;
  /** Queues an event; it reaches listeners at the next `deliver`. */
  readonly enqueue: (event: BrokerEvent) => void;
  /**
   * Hands every queued event to every listener, in order. A listener that acts (places an
   * order, pushes ticks) from inside a delivery only queues more: the outer delivery sends
   * them after the ones already waiting, so listeners always see the exchange's own order.
   * A listener's error does not stop the others; the first one is rethrown at the end.
   */
  readonly deliver: () => void;
}

export function createEventDispatcher(): EventDispatcher {
  const listeners = new Set<BrokerListener>();
  const queue: BrokerEvent[] = [];
  let delivering = false;

  function deliverQueued(): unknown[] {
    const errors: unknown[] = [];
    for (let event = queue.shift(); event !== undefined; event = queue.shift()) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error: unknown) {
          errors.push(error);
        }
      }
    }
    return errors;
  }

  return {
    listen: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    enqueue: (event) => {
      queue.push(event);
    },
    deliver: () => {
      if (delivering) return;
      delivering = true;
      let errors: unknown[];
      try {
        errors = deliverQueued();
      } finally {
        delivering = false;
      }
      if (errors.length > 0) throw errors[0];
    },
  };
}
