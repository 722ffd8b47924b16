import type { Paise } from '../money/paise';
import { ZERO_PAISE } from '../money/paise';
import type { OrderStatus } from './order-status';
import type { WorkingStatus } from './status-groups';

/**
 * TRADE: an execution the broker reported with its own id (Kite trade_id).
 * INFERRED: the difference between the broker's cumulative filled quantity and what we knew,
 * synthesised from a status report that carries no trade id.
 */
export type FillSource = 'TRADE' | 'INFERRED';

export interface OrderFill {
  readonly fillId: string;
  readonly quantity: number;
  /** Null only for an inferred fill whose price the broker did not report. */
  readonly price: Paise | null;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly source: FillSource;
}

export interface OrderTransition {
  readonly from: OrderStatus;
  readonly to: OrderStatus;
  readonly reason: string;
  /** Epoch milliseconds of the event that caused it. */
  readonly at: number;
}

/**
 * One order's lifecycle, as an immutable value. Two ledgers meet here: executions with trade
 * ids, and cumulative quantities from status reports. Kite sends both for the same fills (an
 * UPDATE postback, later the trades endpoint) and their ids cannot match, so they are never
 * added: the filled quantity is the larger of the two, and a trade arriving after a report
 * only confirms what the report already counted.
 */
export interface OrderState {
  /** Our client order id (the Kite tag); also seeds the ids of inferred fills. */
  readonly orderId: string;
  readonly status: OrderStatus;
  /** While MODIFY_PENDING / CANCEL_PENDING: the state a refusal returns to; otherwise null. */
  readonly previousWorkingStatus: WorkingStatus | null;
  /** Current order quantity (a confirmed modify may change it). */
  readonly quantity: number;
  /** Quantity asked for by a modify not yet confirmed or refused. */
  readonly pendingModifyQuantity: number | null;
  /** Cumulative filled quantity: max(tradedQuantity, reportedFilledQuantity). */
  readonly filledQuantity: number;
  /** Average price over filledQuantity, rounded to the paisa; null when unknown or unfilled. */
  readonly averageFillPrice: Paise | null;
  /** Σ quantity of TRADE fills. */
  readonly tradedQuantity: number;
  /** Σ price × quantity of TRADE fills (exact). */
  readonly tradedValue: Paise;
  /** Largest cumulative filled quantity a broker report has given. */
  readonly reportedFilledQuantity: number;
  /** The broker's average price for reportedFilledQuantity, when it gave one. */
  readonly reportedAveragePrice: Paise | null;
  /** Every fill applied, TRADE and INFERRED; their ids are the de-duplication memory. */
  readonly fills: readonly OrderFill[];
  /** Why the order was rejected, denied, cancelled or expired, as reported. */
  readonly statusMessage: string | null;
  readonly history: readonly OrderTransition[];
  /** Epoch milliseconds of the latest event that changed this state. */
  readonly updatedAt: number;
}

export interface NewOrderInput {
  readonly orderId: string;
  readonly quantity: number;
  readonly at: number;
}

/**
 * A new order in PENDING_SUBMIT: the write-ahead row before the broker call, or an order first
 * seen at the broker (external, or found by reconciliation) before its reported state is
 * applied. Throws on a non-positive or fractional quantity: that is a caller bug.
 */
export function createOrderState(input: NewOrderInput): OrderState {
  if (!Number.isSafeInteger(input.quantity) || input.quantity <= 0) {
    throw new RangeError(`order quantity must be a positive integer, got ${input.quantity}`);
  }
  if (input.orderId.length === 0) throw new RangeError('order id must not be empty');
  return {
    orderId: input.orderId,
    status: 'PENDING_SUBMIT',
    previousWorkingStatus: null,
    quantity: input.quantity,
    pendingModifyQuantity: null,
    filledQuantity: 0,
    averageFillPrice: null,
    tradedQuantity: 0,
    tradedValue: ZERO_PAISE,
    reportedFilledQuantity: 0,
    reportedAveragePrice: null,
    fills: [],
    statusMessage: null,
    history: [],
    updatedAt: input.at,
  };
}

/** Whether the order has seen this fill id (from any source). */
export function hasSeenFill(state: OrderState, fillId: string): boolean {
  return state.fills.some((f) => f.fillId === fillId);
}
