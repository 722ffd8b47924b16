import type { Broker, BrokerFailure, BrokerResult } from '@kavach/broker';

/**
 * Refused before anything is sent: certain (never ambiguous), so the order stays unsent and
 * the engine that now holds the lease settles it from the broker's book.
 */
export const LEASE_LOST_FAILURE: BrokerFailure = {
  kind: 'NON_RETRYABLE',
  code: 'LEASE_LOST',
  message: 'this engine no longer holds the trading lease for the Kite account; nothing was sent',
  httpStatus: null,
};

/**
 * The broker with its writes behind the lease: once `mayWrite()` is false no order is placed,
 * modified or cancelled from this engine again. Reads and market data go on as before.
 */
export function fenceBrokerWrites<B extends Broker>(broker: B, mayWrite: () => boolean): B {
  const refuse = <T>(): Promise<BrokerResult<T>> =>
    Promise.resolve({ ok: false, error: LEASE_LOST_FAILURE });
  return {
    ...broker,
    placeOrder: (command) => (mayWrite() ? broker.placeOrder(command) : refuse()),
    modifyOrder: (id, command) => (mayWrite() ? broker.modifyOrder(id, command) : refuse()),
    cancelOrder: (id) => (mayWrite() ? broker.cancelOrder(id) : refuse()),
    cancelAllOrders: () => (mayWrite() ? broker.cancelAllOrders() : refuse()),
  };
}
