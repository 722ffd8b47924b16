import type { BrokerEvent, BrokerListener } from '../broker';
import type { BrokerLogger } from './broker-logger';

export interface EventHub {
  readonly on: (listener: BrokerListener) => () => void;
  readonly emit: (event: BrokerEvent) => void;
}

/** Fans events out; a listener that throws is logged and never stops the others (or us). */
export function createEventHub(logger: BrokerLogger): EventHub {
  const listeners = new Set<BrokerListener>();
  return {
    on: (listener) => {
      // A wrapper per subscription, so the same function added twice is removed once each.
      const entry: BrokerListener = (event) => {
        listener(event);
      };
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    emit: (event) => {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          logger.error({ err: error, event: event.type }, 'broker event listener threw');
        }
      }
    },
  };
}
