import type { Paise } from '../money/paise';
import type { OrderStatus } from './order-status';

/**
 * Where a broker report came from. `push`: ticker order update or postback, fire-and-forget,
 * possibly duplicated, late or out of order, so an older report is ignored. `poll`: the order
 * book or reconciliation, the broker's current word, so a contradiction is an error.
 */
export type ReportOrigin = 'push' | 'poll';

/** Every event carries `at`, epoch milliseconds from the injected clock or the venue. */
export type OrderEvent =
  | { readonly type: 'submitted'; readonly at: number }
  | { readonly type: 'accepted'; readonly at: number }
  | { readonly type: 'triggerPending'; readonly at: number }
  | { readonly type: 'triggered'; readonly at: number }
  | { readonly type: 'modifyRequested'; readonly at: number; readonly quantity?: number }
  | { readonly type: 'modifyConfirmed'; readonly at: number; readonly quantity?: number }
  | { readonly type: 'modifyRefused'; readonly at: number; readonly reason: string }
  | { readonly type: 'cancelRequested'; readonly at: number }
  | { readonly type: 'cancelConfirmed'; readonly at: number; readonly reason?: string }
  | { readonly type: 'cancelRefused'; readonly at: number; readonly reason: string }
  | {
      readonly type: 'fill';
      readonly fillId: string;
      readonly quantity: number;
      readonly price: Paise;
      readonly at: number;
    }
  | { readonly type: 'rejected'; readonly at: number; readonly reason: string }
  | { readonly type: 'expired'; readonly at: number }
  | { readonly type: 'denied'; readonly at: number; readonly reason: string }
  | BrokerSnapshotEvent;

/** A broker report of the whole order: its status and cumulative fills (see mapKiteStatus). */
export interface BrokerSnapshotEvent {
  readonly type: 'brokerSnapshot';
  readonly origin: ReportOrigin;
  readonly status: OrderStatus;
  /** Cumulative filled quantity as the broker reports it. */
  readonly filledQuantity: number;
  /** The broker's average price over filledQuantity; null (or 0) when not reported. */
  readonly averagePrice: Paise | null;
  /** The broker's order quantity, when reported (reflects modifications). */
  readonly quantity?: number;
  /** Kite's status_message, kept for rejections and cancellations. */
  readonly message?: string | null;
  readonly at: number;
}

export type OrderEventType = OrderEvent['type'];
