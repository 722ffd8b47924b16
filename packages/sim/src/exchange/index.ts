export { createExchange } from './create-exchange';
export type { CreateExchangeOptions, SimExchange } from './exchange-api';
export type { AccountMargins } from './account-margins';
export { POSITION_TYPES } from './convert-position';
export type { ConvertPositionRequest, PositionType } from './convert-position';
export { DEFAULT_EXCHANGE_CONFIG, resolveExchangeConfig } from './exchange-config';
export type {
  ChargesModel,
  ExchangeConfig,
  ExchangeConfigOverrides,
  MarginModel,
  ProtectionBand,
} from './exchange-config';
export { EXCHANGE_ERROR_TYPES } from './exchange-error';
export { EXCHANGE_SNAPSHOT_VERSION } from './exchange-snapshot';
export type { DayRollOver, ExchangeSnapshot } from './exchange-snapshot';
export type { LiquidityTaken } from './liquidity-ledger';
export type { IdCounters } from './order-ids';
export type { PositionEntry } from './position-book';
export type {
  ConvertResult,
  ExchangeError,
  ExchangeErrorType,
  ExchangeResult,
  OrderResult,
} from './exchange-error';
export { estimateCharges } from './estimate-charges';
export type { ChargesEstimate, ChargesInput } from './estimate-charges';
export type { RejectionFault } from './fault-injection';
export type { OrderUpdateEvent, OrderUpdateListener, OrderUpdateReason } from './order-events';
export type { OrderMarginRecord } from './order-margins';
export { computeAverageFillPrice, FINISHED_STATUSES, isFinished } from './order-record';
export type { OrderBookStatus, OrderRecord, TradeRecord } from './order-record';
export { KITE_VALIDITIES, VARIETIES } from './order-request';
export type {
  KiteValidity,
  ModifyOrderChanges,
  OrderMarginRequest,
  PlaceOrderRequest,
  Variety,
} from './order-request';
export type { PositionRecord, PositionsView } from './position-record';
export { AUTO_MARKET_PROTECTION } from './protection-price';
export { STATUS_REASONS, VETOES } from './rejection-messages';
export type { StatusReason } from './rejection-messages';
export { SQUARE_OFF_PLACED_BY } from './session-events';
export { toKiteMargins, toKiteSegmentMargins } from './kite-margins';
export type { KiteMargins, KiteSegmentMargins } from './kite-margins';
export { toKiteOrder } from './kite-order';
export type { KiteOrder } from './kite-order';
export { toKiteOrderMargin } from './kite-order-margins';
export type { KiteOrderMargin } from './kite-order-margins';
export { toKitePosition, toKitePositions } from './kite-position';
export type { KitePosition } from './kite-position';
export { toKiteTrade } from './kite-trade';
export type { KiteTrade } from './kite-trade';
