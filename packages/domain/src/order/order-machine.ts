import type { Paise } from '../money/paise';
import { addPaise, mulPaise } from '../money/paise';
import { computeEffectiveFill, deriveFillId, inferIncrementPrice } from './fill-accounting';
import { laterWorkingStatus, stageOfState, stageOfStatus } from './lifecycle-stage';
import type { BrokerSnapshotEvent, OrderEvent, ReportOrigin } from './order-events';
import type { OrderFill, OrderState } from './order-state';
import type { OrderStatus } from './order-status';
import { ORDER_STATUSES } from './order-status';
import { isTransitionAllowed } from './order-transitions';
import type { WorkingStatus } from './status-groups';
import {
  isClosedStatus,
  isFinalStatus,
  isPendingRequestStatus,
  isWorkingStatus,
} from './status-groups';

/** Why an accepted event changed nothing. */
export type OrderNoOpReason = 'REPEAT' | 'STALE' | 'DUPLICATE_FILL';

export type OrderErrorCode =
  /** The status change is not in ALLOWED_TRANSITIONS (or the order's fills forbid it). */
  | 'ILLEGAL_TRANSITION'
  /** Fills beyond the order quantity: a risk event, never applied. */
  | 'OVERFILL'
  /** A known fill id with a different quantity or price. */
  | 'DUPLICATE_FILL'
  /** A poll reports less filled than we already know. */
  | 'FILL_REGRESSION'
  /** New fills on a REJECTED, DENIED or EXPIRED order. */
  | 'FILL_ON_CLOSED_ORDER'
  /** A report that contradicts itself or the order (COMPLETE with quantity left). */
  | 'INCONSISTENT_REPORT'
  /** Malformed event fields (fractional or negative quantities, unknown status). */
  | 'INVALID_EVENT';

export interface OrderEventError {
  readonly code: OrderErrorCode;
  readonly message: string;
  readonly from: OrderStatus;
  readonly event: OrderEvent;
}

export type OrderEventResult =
  | {
      readonly ok: true;
      readonly state: OrderState;
      /** False exactly when `state` is the input object. */
      readonly changed: boolean;
      readonly noOp: OrderNoOpReason | null;
      /** Fills this event added to the ledger, for the caller to persist. */
      readonly newFills: readonly OrderFill[];
    }
  | { readonly ok: false; readonly error: OrderEventError };

type Step =
  | { readonly ok: true; readonly state: OrderState; readonly noOp: OrderNoOpReason | null }
  | { readonly ok: false; readonly code: OrderErrorCode; readonly message: string };

interface Context {
  readonly at: number;
  readonly reason: string;
  /** Only a poll may contradict what we know; pushes and discrete events may be stale. */
  readonly origin: ReportOrigin;
  /** Kept as statusMessage when the order closes through this event. */
  readonly message?: string | null;
}

/**
 * Applies one event to an order. Pure: the input is never modified; an illegal event returns
 * a typed error and the caller keeps the old state. Repeats, stale reports and duplicate fills
 * are accepted as no-ops (`changed: false`), because every venue update may arrive twice and
 * out of order.
 */
export function applyOrderEvent(state: OrderState, event: OrderEvent): OrderEventResult {
  const invalid = describeInvalidEvent(state, event);
  const step = invalid === null ? reduce(state, event) : fail('INVALID_EVENT', invalid);
  if (!step.ok) {
    return {
      ok: false,
      error: { code: step.code, message: step.message, from: state.status, event },
    };
  }
  if (isSameOrderState(step.state, state)) {
    return { ok: true, state, changed: false, noOp: step.noOp ?? 'REPEAT', newFills: [] };
  }
  return {
    ok: true,
    state: { ...step.state, updatedAt: Math.max(state.updatedAt, event.at) },
    changed: true,
    noOp: null,
    newFills: step.state.fills.slice(state.fills.length),
  };
}

function reduce(state: OrderState, event: OrderEvent): Step {
  const ctx: Context = { at: event.at, reason: event.type, origin: 'push' };
  switch (event.type) {
    case 'submitted':
      return moveWorking(state, 'SUBMITTED', ctx);
    case 'accepted':
      return moveWorking(state, 'OPEN', ctx);
    case 'triggerPending':
      return moveWorking(state, 'TRIGGER_PENDING', ctx);
    case 'triggered':
      return moveWorking(state, 'OPEN', ctx);
    case 'modifyRequested':
      return requestModify(state, event.quantity ?? null, ctx);
    case 'modifyConfirmed':
      return confirmModify(state, event.quantity ?? null, ctx);
    case 'modifyRefused':
      return refuseModify(state, { ...ctx, reason: `modifyRefused: ${event.reason}` });
    case 'cancelRequested':
      return moveTo(state, 'CANCEL_PENDING', ctx);
    case 'cancelConfirmed':
      return moveTo(state, 'CANCELLED', { ...ctx, message: event.reason ?? null });
    case 'cancelRefused':
      return refuseCancel(state, { ...ctx, reason: `cancelRefused: ${event.reason}` });
    case 'fill':
      return applyTradeFill(state, event, ctx);
    case 'rejected':
      return moveTo(state, 'REJECTED', { ...ctx, message: event.reason });
    case 'expired':
      return moveTo(state, 'EXPIRED', ctx);
    case 'denied':
      return moveTo(state, 'DENIED', { ...ctx, message: event.reason });
    case 'brokerSnapshot':
      return applySnapshot(state, event);
  }
}

/**
 * The one place a status changes. The target is first named by the fills (a working order with
 * fills is PARTIALLY_FILLED or FILLED whatever the report said); then the table decides, and a
 * target from an earlier stage is stale unless a poll insists on it.
 */
function moveTo(state: OrderState, requested: OrderStatus, ctx: Context): Step {
  if (requested === 'FILLED' && state.filledQuantity < state.quantity) {
    return fail(
      'INCONSISTENT_REPORT',
      `reported FILLED but only ${state.filledQuantity} of ${state.quantity} filled`,
    );
  }
  const target = nameByFills(requested, state);
  if (target === state.status) return noOp(state, 'REPEAT');
  if (isTransitionAllowed(state.status, target)) {
    if ((target === 'REJECTED' || target === 'DENIED') && state.filledQuantity > 0) {
      return fail(
        'ILLEGAL_TRANSITION',
        `${state.status} → ${target} refused: ${state.filledQuantity} already filled`,
      );
    }
    return { ok: true, state: enter(state, target, ctx), noOp: null };
  }
  const currentStage = stageOfState(state.status, state.previousWorkingStatus);
  const targetStage = isPendingRequestStatus(target) ? currentStage : stageOfStatus(target);
  if (ctx.origin === 'push' && targetStage < currentStage) return noOp(state, 'STALE');
  return fail('ILLEGAL_TRANSITION', `${state.status} → ${target} is not an allowed transition`);
}

/** A report names the state; the fills decide how far it is: full fills are FILLED. */
function nameByFills(status: OrderStatus, state: OrderState): OrderStatus {
  if (isClosedStatus(status)) return status;
  // Asking to modify or cancel a finished order stays that request, so it is refused.
  if (isPendingRequestStatus(status) && isClosedStatus(state.status)) return status;
  if (state.filledQuantity >= state.quantity) return 'FILLED';
  if (!isWorkingStatus(status)) return status;
  if (state.filledQuantity === 0) return status === 'PARTIALLY_FILLED' ? 'OPEN' : status;
  return 'PARTIALLY_FILLED';
}

function enter(state: OrderState, target: OrderStatus, ctx: Context): OrderState {
  const closing = isClosedStatus(target);
  return {
    ...state,
    status: target,
    previousWorkingStatus: isPendingRequestStatus(target) ? workingBeneath(state) : null,
    pendingModifyQuantity: closing ? null : state.pendingModifyQuantity,
    statusMessage: closing ? (ctx.message ?? state.statusMessage) : state.statusMessage,
    history: [...state.history, { from: state.status, to: target, reason: ctx.reason, at: ctx.at }],
  };
}

/**
 * A working-state event (ack, trigger) that lands while our modify or cancel is in flight
 * updates the state beneath the request instead of ending it: the request's own answer does
 * that. An ack arriving after the order moved on is stale.
 */
function moveWorking(state: OrderState, target: WorkingStatus, ctx: Context): Step {
  if (!isPendingRequestStatus(state.status)) return moveTo(state, target, ctx);
  const beneath = state.previousWorkingStatus ?? 'SUBMITTED';
  if (beneath === target) return noOp(state, 'REPEAT');
  if (stageOfStatus(target) > stageOfStatus(beneath) && isTransitionAllowed(beneath, target)) {
    return ok({ ...state, previousWorkingStatus: target });
  }
  return noOp(state, 'STALE');
}

/** The working state a pending request sits on (kept when a cancel follows a modify). */
function workingBeneath(state: OrderState): WorkingStatus | null {
  if (isPendingRequestStatus(state.status)) return state.previousWorkingStatus;
  return isWorkingStatus(state.status) ? state.status : null;
}

function requestModify(state: OrderState, quantity: number | null, ctx: Context): Step {
  if (state.status === 'MODIFY_PENDING') {
    // A newer modify supersedes the one in flight.
    return quantity === null
      ? noOp(state, 'REPEAT')
      : ok({ ...state, pendingModifyQuantity: quantity });
  }
  const step = moveTo(state, 'MODIFY_PENDING', ctx);
  if (!step.ok || step.noOp !== null) return step;
  return ok({ ...step.state, pendingModifyQuantity: quantity });
}

function confirmModify(state: OrderState, quantity: number | null, ctx: Context): Step {
  // The modify lost a race with a fill, cancel or expiry: nothing left to modify.
  if (isClosedStatus(state.status)) return noOp(state, 'STALE');
  if (state.status === 'PENDING_SUBMIT') {
    return fail('ILLEGAL_TRANSITION', 'modify confirmed for an order never submitted');
  }
  const newQuantity = quantity ?? state.pendingModifyQuantity ?? state.quantity;
  if (newQuantity < state.filledQuantity) {
    return fail(
      'INCONSISTENT_REPORT',
      `modified quantity ${newQuantity} is below the ${state.filledQuantity} already filled`,
    );
  }
  const modified: OrderState = { ...state, quantity: newQuantity, pendingModifyQuantity: null };
  if (state.status === 'MODIFY_PENDING') {
    return moveTo(modified, state.previousWorkingStatus ?? 'SUBMITTED', ctx);
  }
  // A fill or a cancel request replaced MODIFY_PENDING meanwhile: apply the quantity in place.
  if (modified.filledQuantity === newQuantity) return moveTo(modified, 'FILLED', ctx);
  return ok(modified);
}

function refuseModify(state: OrderState, ctx: Context): Step {
  const cleared: OrderState = { ...state, pendingModifyQuantity: null };
  if (state.status === 'MODIFY_PENDING') {
    return moveTo(cleared, state.previousWorkingStatus ?? 'SUBMITTED', ctx);
  }
  return state.pendingModifyQuantity === null ? noOp(state, 'STALE') : ok(cleared);
}

function refuseCancel(state: OrderState, ctx: Context): Step {
  if (state.status !== 'CANCEL_PENDING') return noOp(state, 'STALE');
  return moveTo(state, state.previousWorkingStatus ?? 'SUBMITTED', ctx);
}

function applyTradeFill(
  state: OrderState,
  event: Extract<OrderEvent, { type: 'fill' }>,
  ctx: Context,
): Step {
  const known = state.fills.find((f) => f.fillId === event.fillId);
  if (known !== undefined) {
    if (known.quantity === event.quantity && known.price === event.price) {
      return noOp(state, 'DUPLICATE_FILL');
    }
    return fail(
      'DUPLICATE_FILL',
      `fill ${event.fillId} seen as ${known.quantity} @ ${known.price ?? 'unknown'}, now ${event.quantity} @ ${event.price}`,
    );
  }
  const tradedQuantity = state.tradedQuantity + event.quantity;
  if (tradedQuantity > state.quantity) {
    return fail(
      'OVERFILL',
      `fill ${event.fillId} of ${event.quantity} takes trades to ${tradedQuantity}, above the order quantity ${state.quantity}`,
    );
  }
  const tradedValue = addPaise(state.tradedValue, mulPaise(event.price, event.quantity));
  const fill: OrderFill = {
    fillId: event.fillId,
    quantity: event.quantity,
    price: event.price,
    at: event.at,
    source: 'TRADE',
  };
  const effective = computeEffectiveFill(
    tradedQuantity,
    tradedValue,
    state.reportedFilledQuantity,
    state.reportedAveragePrice,
  );
  return settleFill(
    state,
    {
      ...state,
      tradedQuantity,
      tradedValue,
      fills: [...state.fills, fill],
      filledQuantity: effective.filledQuantity,
      averageFillPrice: effective.averageFillPrice,
    },
    { ...ctx, reason: `fill ${event.fillId}` },
  );
}

/** Moves the order by its new filled quantity; `next` carries the updated ledgers. */
function settleFill(before: OrderState, next: OrderState, ctx: Context): Step {
  if (next.filledQuantity === before.filledQuantity) return ok(next);
  if (isFinalStatus(before.status)) {
    return fail(
      'FILL_ON_CLOSED_ORDER',
      `fill raises filled quantity to ${next.filledQuantity} on a ${before.status} order`,
    );
  }
  const target: OrderStatus =
    next.filledQuantity === next.quantity
      ? 'FILLED'
      : before.status === 'CANCELLED'
        ? 'CANCELLED'
        : 'PARTIALLY_FILLED';
  const step = moveTo(next, target, { ...ctx, origin: 'poll' });
  return step.ok ? ok(step.state) : step;
}

function applySnapshot(state: OrderState, event: BrokerSnapshotEvent): Step {
  const ctx: Context = {
    at: event.at,
    reason: `brokerSnapshot(${event.origin}) ${event.status}`,
    origin: event.origin,
  };
  if (event.filledQuantity < state.filledQuantity) {
    if (event.origin === 'push') return noOp(state, 'STALE');
    return fail(
      'FILL_REGRESSION',
      `broker reports ${event.filledQuantity} filled, ${state.filledQuantity} already known`,
    );
  }
  const quantity = reportedQuantity(state, event);
  if (quantity < state.filledQuantity) {
    return fail(
      'INCONSISTENT_REPORT',
      `broker quantity ${quantity} is below the ${state.filledQuantity} already filled`,
    );
  }
  if (event.filledQuantity > quantity) {
    return fail(
      'OVERFILL',
      `broker reports ${event.filledQuantity} filled of an order for ${quantity}`,
    );
  }
  const resized: OrderState =
    quantity === state.quantity
      ? state
      : {
          ...state,
          quantity,
          pendingModifyQuantity:
            state.pendingModifyQuantity === quantity ? null : state.pendingModifyQuantity,
        };
  const filled = applyReportedFill(resized, event, ctx);
  if (!filled.ok) return filled;
  return resolveReportedStatus(filled.state, event, { ...ctx, message: event.message ?? null });
}

/**
 * A poll is the broker's word on the quantity; a push only when it shows our own modify, or
 * when its fills prove it: a reduce the broker accepted can still lose the race with a fill at
 * the old size, and fills are facts. A closed order's quantity no longer moves.
 */
function reportedQuantity(state: OrderState, event: BrokerSnapshotEvent): number {
  if (event.quantity === undefined || isClosedStatus(state.status)) return state.quantity;
  if (event.origin === 'poll' || event.quantity === state.pendingModifyQuantity)
    return event.quantity;
  if (event.filledQuantity > state.quantity && event.quantity >= event.filledQuantity) {
    return event.quantity;
  }
  return state.quantity;
}

function applyReportedFill(state: OrderState, event: BrokerSnapshotEvent, ctx: Context): Step {
  const brokerAverage =
    event.averagePrice !== null && event.averagePrice > 0 ? event.averagePrice : null;
  const reportedFilledQuantity = Math.max(state.reportedFilledQuantity, event.filledQuantity);
  const reportedAveragePrice: Paise | null =
    brokerAverage ??
    (event.filledQuantity === state.reportedFilledQuantity ? state.reportedAveragePrice : null);
  const effective = computeEffectiveFill(
    state.tradedQuantity,
    state.tradedValue,
    reportedFilledQuantity,
    reportedAveragePrice,
  );
  const ledgers: OrderState = {
    ...state,
    reportedFilledQuantity,
    reportedAveragePrice,
    filledQuantity: effective.filledQuantity,
    averageFillPrice: effective.averageFillPrice,
  };
  if (effective.filledQuantity === state.filledQuantity) return ok(ledgers);
  const fillId = deriveFillId(state.orderId, effective.filledQuantity);
  const inferred: OrderFill = {
    fillId,
    quantity: effective.filledQuantity - state.filledQuantity,
    price: inferIncrementPrice(
      state.filledQuantity,
      state.averageFillPrice,
      effective.filledQuantity,
      effective.averageFillPrice,
    ),
    at: event.at,
    source: 'INFERRED',
  };
  const fills = state.fills.some((f) => f.fillId === fillId)
    ? state.fills
    : [...state.fills, inferred];
  return settleFill(state, { ...ledgers, fills }, { ...ctx, reason: `inferred fill ${fillId}` });
}

function resolveReportedStatus(state: OrderState, event: BrokerSnapshotEvent, ctx: Context): Step {
  const reported = event.status;
  // An adopted quantity can equal what has filled: that order is done, whatever else it says.
  if (!isClosedStatus(state.status) && state.filledQuantity >= state.quantity) {
    const done = moveTo(state, 'FILLED', ctx);
    return done.ok ? moveTo(done.state, reported, ctx) : done;
  }
  if (state.status === 'MODIFY_PENDING' && isWorkingStatus(reported)) {
    // A working report ends the modify (Kite: MODIFIED / UPDATE). A push cannot move a
    // triggered stop back; a poll is the broker's word on the quantity.
    const beneath = state.previousWorkingStatus ?? 'SUBMITTED';
    const target = event.origin === 'push' ? laterWorkingStatus(beneath, reported) : reported;
    const pending = state.pendingModifyQuantity;
    const quantity =
      event.origin === 'push' &&
      event.quantity === undefined &&
      pending !== null &&
      pending >= state.filledQuantity
        ? pending
        : state.quantity;
    return moveTo({ ...state, quantity, pendingModifyQuantity: null }, target, ctx);
  }
  if (state.status === 'CANCEL_PENDING' && isWorkingStatus(reported)) {
    // Pushes sent before the cancel arrive late; only a poll proves the cancel failed.
    if (event.origin === 'push') return ok(state, 'STALE');
    return moveTo(state, reported, ctx);
  }
  if (state.status === 'PENDING_SUBMIT' && isPendingRequestStatus(reported)) {
    const submitted = moveTo(state, 'SUBMITTED', ctx);
    return submitted.ok ? moveTo(submitted.state, reported, ctx) : submitted;
  }
  return moveTo(state, reported, ctx);
}

function describeInvalidEvent(state: OrderState, event: OrderEvent): string | null {
  if (!Number.isFinite(event.at)) return `event time must be finite, got ${event.at}`;
  switch (event.type) {
    case 'fill':
      if (event.fillId.length === 0) return 'fill id must not be empty';
      if (!isPositiveInteger(event.quantity)) {
        return `fill quantity must be a positive integer, got ${event.quantity}`;
      }
      if (!isPositiveInteger(event.price))
        return `fill price must be positive paise, got ${event.price}`;
      return null;
    case 'modifyRequested':
    case 'modifyConfirmed':
      if (event.quantity !== undefined && !isPositiveInteger(event.quantity)) {
        return `modified quantity must be a positive integer, got ${event.quantity}`;
      }
      if (
        event.type === 'modifyRequested' &&
        event.quantity !== undefined &&
        event.quantity < state.filledQuantity
      ) {
        return `cannot modify to ${event.quantity}: ${state.filledQuantity} already filled`;
      }
      return null;
    case 'brokerSnapshot':
      if (!(ORDER_STATUSES as readonly string[]).includes(event.status)) {
        return `unknown order status ${event.status}`;
      }
      if (!Number.isSafeInteger(event.filledQuantity) || event.filledQuantity < 0) {
        return `filled quantity must be a non-negative integer, got ${event.filledQuantity}`;
      }
      if (event.quantity !== undefined && !isPositiveInteger(event.quantity)) {
        return `quantity must be a positive integer, got ${event.quantity}`;
      }
      if (
        event.averagePrice !== null &&
        (!Number.isSafeInteger(event.averagePrice) || event.averagePrice < 0)
      ) {
        return `average price must be non-negative paise, got ${event.averagePrice}`;
      }
      return null;
    case 'submitted':
    case 'accepted':
    case 'triggerPending':
    case 'triggered':
    case 'modifyRefused':
    case 'cancelRequested':
    case 'cancelConfirmed':
    case 'cancelRefused':
    case 'rejected':
    case 'expired':
    case 'denied':
      return null;
  }
}

function isPositiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

/** Fields only ever change together with one of these, and the arrays only grow. */
function isSameOrderState(a: OrderState, b: OrderState): boolean {
  return (
    a.status === b.status &&
    a.previousWorkingStatus === b.previousWorkingStatus &&
    a.quantity === b.quantity &&
    a.pendingModifyQuantity === b.pendingModifyQuantity &&
    a.filledQuantity === b.filledQuantity &&
    a.averageFillPrice === b.averageFillPrice &&
    a.tradedQuantity === b.tradedQuantity &&
    a.tradedValue === b.tradedValue &&
    a.reportedFilledQuantity === b.reportedFilledQuantity &&
    a.reportedAveragePrice === b.reportedAveragePrice &&
    a.fills.length === b.fills.length &&
    a.statusMessage === b.statusMessage &&
    a.history.length === b.history.length
  );
}

function ok(state: OrderState, noOpReason: OrderNoOpReason | null = null): Step {
  return { ok: true, state, noOp: noOpReason };
}

function noOp(state: OrderState, reason: OrderNoOpReason): Step {
  return { ok: true, state, noOp: reason };
}

function fail(code: OrderErrorCode, message: string): Step {
  return { ok: false, code, message };
}
