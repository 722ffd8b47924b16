import { paise } from '../money/paise';
import type { Paise } from '../money/paise';
import type { OrderEvent } from './order-events';
import { applyOrderEvent } from './order-machine';
import { createOrderState } from './order-state';
import type { OrderState } from './order-state';

/** Freezes a value and everything reachable from it, so any mutation throws (ESM is strict). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) {
      deepFreeze((value as Record<string | symbol, unknown>)[key]);
    }
  }
  return value;
}

export const T0 = 1_764_640_000_000;

export function rupees(value: number): Paise {
  return paise(Math.round(value * 100));
}

export function newOrder(quantity = 100, orderId = 'KV1'): OrderState {
  return deepFreeze(createOrderState({ orderId, quantity, at: T0 }));
}

/** Applies events in order and fails the test on the first error. */
export function applyAll(state: OrderState, events: readonly OrderEvent[]): OrderState {
  let current = state;
  for (const event of events) {
    const result = applyOrderEvent(deepFreeze(current), deepFreeze(event));
    if (!result.ok) {
      throw new Error(`${event.type} refused: ${result.error.code} ${result.error.message}`);
    }
    current = result.state;
  }
  return deepFreeze(current);
}

/** The result of one event, asserting it was accepted. */
export function applyOk(state: OrderState, event: OrderEvent) {
  const result = applyOrderEvent(deepFreeze(state), deepFreeze(event));
  if (!result.ok)
    throw new Error(`${event.type} refused: ${result.error.code} ${result.error.message}`);
  return result;
}

export function fill(fillId: string, quantity: number, price: number, at = T0 + 1): OrderEvent {
  return { type: 'fill', fillId, quantity, price: rupees(price), at };
}
