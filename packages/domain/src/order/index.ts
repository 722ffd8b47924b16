export {
  LEG_ROLES,
  ORDER_SIDES,
  ORDER_STATUSES,
  ORDER_TYPES,
  PRODUCTS,
  TRADING_STATES,
  VALIDITIES,
} from './order-status';
export type {
  LegRole,
  OrderSide,
  OrderStatus,
  OrderType,
  Product,
  TradingState,
  Validity,
} from './order-status';
export {
  CLOSED_STATUSES,
  FINAL_STATUSES,
  PENDING_REQUEST_STATUSES,
  WORKING_STATUSES,
  isClosedStatus,
  isFinalStatus,
  isPendingRequestStatus,
  isWorkingStatus,
} from './status-groups';
export type {
  ClosedStatus,
  FinalStatus,
  PendingRequestStatus,
  WorkingStatus,
} from './status-groups';
export { ALLOWED_TRANSITIONS, classifyTransition, isTransitionAllowed } from './order-transitions';
export type { TransitionCheck } from './order-transitions';
export { KITE_ORDER_STATUSES, mapKiteStatus, parseKiteStatus } from './kite-status';
export type {
  KiteOrderStatus,
  KiteStatusError,
  KiteStatusReport,
  KiteStatusResult,
} from './kite-status';
export { createOrderState, hasSeenFill } from './order-state';
export type {
  FillSource,
  NewOrderInput,
  OrderFill,
  OrderState,
  OrderTransition,
} from './order-state';
export type { BrokerSnapshotEvent, OrderEvent, OrderEventType, ReportOrigin } from './order-events';
export { deriveFillId } from './fill-accounting';
export { applyOrderEvent } from './order-machine';
export type {
  OrderErrorCode,
  OrderEventError,
  OrderEventResult,
  OrderNoOpReason,
} from './order-machine';
export * from './classify-rejection';
export * from './market-protection';
