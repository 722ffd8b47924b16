import type { BrokerEvent, ModifyOrderCommand, PlaceOrderCommand } from '@kavach/broker';
import type { KiteBroker } from '@kavach/broker';

/** A write the engine asked of the broker port, stamped as it was asked. */
export type SentRequest =
  | { readonly at: number; readonly kind: 'place'; readonly command: PlaceOrderCommand }
  | {
      readonly at: number;
      readonly kind: 'modify';
      readonly brokerOrderId: string;
      readonly command: ModifyOrderCommand;
    }
  | { readonly at: number; readonly kind: 'cancel'; readonly brokerOrderId: string };

export interface BrokerProbe {
  /** What the engine is given: the KiteBroker with its writes and its listeners stamped. */
  readonly broker: KiteBroker;
  /** Called synchronously as the engine calls placeOrder / modifyOrder / cancelOrder. */
  readonly onSent: (watch: (request: SentRequest) => void) => () => void;
  /**
   * Called with every event the ticker socket, the poller or a postback hands the engine, and
   * the monotonic time it is handed over, just before the engine's own handler runs.
   */
  readonly onHeard: (watch: (event: BrokerEvent, at: number) => void) => () => void;
  /** Order writes sent so far (place, modify, cancel). */
  readonly writes: () => number;
  /**
   * Order writes holding a slot of Kite's rate limit at `now`: in flight, or answered within
   * the last `windowMs` (the adapter's limiter keeps a slot a window past its answer).
   */
  readonly busySlots: (now: number, windowMs: number) => number;
}

/**
 * The figures are the engine's own: the clock starts where the broker adapter hands the engine
 * an event and stops where the engine calls the broker port, so neither the socket, the REST
 * client nor kite-sim is inside them. Stamps are performance.now().
 */
export function probeBroker(kite: KiteBroker): BrokerProbe {
  const sentWatchers = new Set<(request: SentRequest) => void>();
  const heardWatchers = new Set<(event: BrokerEvent, at: number) => void>();
  let writes = 0;
  /** Answer times of order writes, Infinity while in flight; pruned as they age out. */
  let slots: number[] = [];
  const sent = <T>(request: SentRequest, call: () => Promise<T>): Promise<T> => {
    writes += 1;
    for (const watch of sentWatchers) watch(request);
    const slot = slots.push(Number.POSITIVE_INFINITY) - 1;
    const answered = call();
    const release = () => {
      if (slots[slot] === Number.POSITIVE_INFINITY) slots[slot] = performance.now();
    };
    answered.then(release, release);
    return answered;
  };
  const watch = <T>(set: Set<T>, watcher: T) => {
    set.add(watcher);
    return () => {
      set.delete(watcher);
    };
  };
  const broker: KiteBroker = {
    ...kite,
    placeOrder: (command) =>
      sent({ at: performance.now(), kind: 'place', command }, () => kite.placeOrder(command)),
    modifyOrder: (brokerOrderId, command) =>
      sent({ at: performance.now(), kind: 'modify', brokerOrderId, command }, () =>
        kite.modifyOrder(brokerOrderId, command),
      ),
    cancelOrder: (brokerOrderId) =>
      sent({ at: performance.now(), kind: 'cancel', brokerOrderId }, () =>
        kite.cancelOrder(brokerOrderId),
      ),
    onEvent: (listener) =>
      kite.onEvent((event) => {
        const at = performance.now();
        for (const watcher of heardWatchers) watcher(event, at);
        listener(event);
      }),
  };
  return {
    broker,
    onSent: (watcher) => watch(sentWatchers, watcher),
    onHeard: (watcher) => watch(heardWatchers, watcher),
    writes: () => writes,
    busySlots: (now, windowMs) => {
      if (slots.every((doneAt) => doneAt + windowMs <= now)) slots = [];
      return slots.filter((doneAt) => doneAt + windowMs > now).length;
    },
  };
}
