import type { FaultRegistry } from '../faults/fault-registry';
import type { KiteWire } from '../trading/trading-port';

export interface OrderUpdateSinks {
  readonly ticker: (payload: KiteWire) => void;
  readonly postback: (payload: KiteWire) => void;
}

export interface OrderUpdateFanout {
  readonly publish: (payload: KiteWire) => void;
  /** Sends an update held back by a reorder fault (also done by a timer). */
  readonly flushHeld: () => void;
  readonly close: () => void;
}

/**
 * Every order update goes to every ticker connection and to the postback URL, `latencyMs`
 * after it happened (a network's delay, KITE_SIM_LATENCY_MS). Injected faults act here, where
 * Kite's own quirks arise: 'duplicate' sends an update twice, 'reorder' holds one back until
 * the next update has gone out (or `holdMs` passed), so it arrives late.
 */
export function createOrderUpdateFanout(
  faults: FaultRegistry,
  sinks: OrderUpdateSinks,
  holdMs = 1_000,
  latencyMs = 0,
): OrderUpdateFanout {
  let held: KiteWire | null = null;
  let holdTimer: NodeJS.Timeout | null = null;
  const inTransit = new Set<NodeJS.Timeout>();

  const send = (payload: KiteWire): void => {
    sinks.ticker(payload);
    sinks.postback(payload);
  };

  // Timers of one delay fire in the order they were set: updates keep their order in transit.
  const deliver = (payload: KiteWire): void => {
    if (latencyMs <= 0) {
      send(payload);
      return;
    }
    const timer = setTimeout(() => {
      inTransit.delete(timer);
      send(payload);
    }, latencyMs);
    inTransit.add(timer);
  };

  const flushHeld = (): void => {
    if (holdTimer !== null) clearTimeout(holdTimer);
    holdTimer = null;
    const payload = held;
    held = null;
    if (payload !== null) deliver(payload);
  };

  return {
    publish: (payload) => {
      const fault = faults.takeOrderUpdateFault();
      if (fault === 'reorder' && held === null) {
        held = payload;
        holdTimer = setTimeout(flushHeld, holdMs);
        holdTimer.unref();
        return;
      }
      deliver(payload);
      if (fault === 'duplicate') deliver(payload);
      flushHeld();
    },
    flushHeld,
    close: () => {
      if (holdTimer !== null) clearTimeout(holdTimer);
      holdTimer = null;
      held = null;
      for (const timer of inTransit) clearTimeout(timer);
      inTransit.clear();
    },
  };
}
