import type { KiteOrderStatus } from '@kavach/domain';
import type { OrderRecord, TradeRecord } from './order-record';

/** Why an order update was published. */
export type OrderUpdateReason =
  | 'open'
  | 'trigger_pending'
  | 'triggered'
  | 'fill'
  | 'complete'
  | 'modified'
  | 'cancelled'
  | 'expired'
  | 'rejected';

/**
 * One change to an order that Kite would publish on the ticker and as a postback. The facade
 * decides what to forward: Kite sends nothing when an order is merely placed ('open' right
 * after placement) and nothing for AMOs.
 */
export interface OrderUpdateEvent {
  readonly reason: OrderUpdateReason;
  /** The order after the change. */
  readonly order: OrderRecord;
  /**
   * The status a postback or ticker update carries: "UPDATE" for a partial fill, a
   * modification or a trigger; the order's own status otherwise.
   */
  readonly updateStatus: KiteOrderStatus;
  /** The execution behind a 'fill' or 'complete'; null otherwise. */
  readonly trade: TradeRecord | null;
}

export type OrderUpdateListener = (event: OrderUpdateEvent) => void;

export interface OrderUpdateHub {
  readonly subscribe: (listener: OrderUpdateListener) => () => void;
  readonly publish: (event: OrderUpdateEvent) => void;
}

/**
 * Listeners run synchronously, in subscription order, while the exchange processes the
 * change, as Kite's updates can arrive before the HTTP answer to the request that caused them.
 */
export function createOrderUpdateHub(): OrderUpdateHub {
  const listeners = new Set<OrderUpdateListener>();
  return {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    publish: (event) => {
      for (const listener of [...listeners]) listener(event);
    },
  };
}
