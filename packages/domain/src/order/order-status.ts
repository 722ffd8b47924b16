/**
 * Internal order states. Kite's status strings map onto these (see kite-status.ts); the
 * transition table lives in order-transitions.ts.
 *
 * PENDING_SUBMIT  write-ahead row committed, broker not yet called
 * DENIED          refused locally (risk, validation), never sent
 * SUBMITTED       sent; no definitive answer yet (also after an ambiguous failure)
 * OPEN            resting at the exchange
 * TRIGGER_PENDING SL/SL-M waiting for its trigger
 * MODIFY_PENDING  modify requested, not yet confirmed
 * CANCEL_PENDING  cancel requested, not yet confirmed
 * PARTIALLY_FILLED some but not all quantity filled, still working
 * FILLED          fully filled
 * CANCELLED       cancelled (by us, the exchange, or IOC remainder); may carry a partial fill
 * REJECTED        refused by the broker, RMS or exchange
 * EXPIRED         validity ended (e.g. DAY order at close)
 */
export const ORDER_STATUSES = [
  'PENDING_SUBMIT',
  'DENIED',
  'SUBMITTED',
  'OPEN',
  'TRIGGER_PENDING',
  'MODIFY_PENDING',
  'CANCEL_PENDING',
  'PARTIALLY_FILLED',
  'FILLED',
  'CANCELLED',
  'REJECTED',
  'EXPIRED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_SIDES = ['BUY', 'SELL'] as const;
export type OrderSide = (typeof ORDER_SIDES)[number];

export const ORDER_TYPES = ['MARKET', 'LIMIT', 'SL', 'SL-M'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export const PRODUCTS = ['MIS', 'NRML', 'CNC'] as const;
export type Product = (typeof PRODUCTS)[number];

export const VALIDITIES = ['DAY', 'IOC'] as const;
export type Validity = (typeof VALIDITIES)[number];

/** An order's role inside its OCO (bracket) group. */
export const LEG_ROLES = ['ENTRY', 'STOP', 'TP1', 'TP2', 'EXIT', 'HEDGE', 'EXTERNAL'] as const;
export type LegRole = (typeof LEG_ROLES)[number];

/** Trading state of the whole engine. */
export const TRADING_STATES = ['ACTIVE', 'PAUSED', 'HALTED'] as const;
export type TradingState = (typeof TRADING_STATES)[number];
