import type { OrderSide, OrderType, Paise, Product } from '@kavach/domain';

/** Kite's order varieties; `POST /orders/{variety}`. */
export const VARIETIES = ['regular', 'amo', 'co', 'iceberg'] as const;
export type Variety = (typeof VARIETIES)[number];

/** Kite validities; TTL (minutes) exists for iceberg orders only. */
export const KITE_VALIDITIES = ['DAY', 'IOC', 'TTL'] as const;
export type KiteValidity = (typeof KITE_VALIDITIES)[number];

/**
 * An order placement in Kite's own vocabulary and field names, prices already in paise (the
 * facade converts the rupee strings it receives). Enumerations are typed for callers but still
 * checked at run time: the facade hands over whatever the client sent.
 */
export interface PlaceOrderRequest {
  readonly variety: Variety;
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly transaction_type: OrderSide;
  readonly order_type: OrderType;
  readonly product: Product;
  readonly quantity: number;
  /** DAY when omitted, as Kite defaults it. */
  readonly validity?: KiteValidity;
  readonly validity_ttl?: number;
  readonly price?: Paise;
  readonly trigger_price?: Paise;
  readonly disclosed_quantity?: number;
  /** Up to 20 alphanumeric characters: the only field the client controls. */
  readonly tag?: string;
  /** Percent (>0) or -1 for automatic; required for MARKET and SL-M. */
  readonly market_protection?: number;
}

/** What `PUT /orders/{variety}/{order_id}` may change; omitted fields keep their value. */
export interface ModifyOrderChanges {
  readonly order_type?: OrderType;
  readonly quantity?: number;
  readonly price?: Paise;
  readonly trigger_price?: Paise;
  readonly validity?: KiteValidity;
  readonly disclosed_quantity?: number;
  readonly market_protection?: number;
}

/** One row of `POST /margins/orders`. */
export interface OrderMarginRequest {
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly transaction_type: OrderSide;
  readonly variety: Variety;
  readonly product: Product;
  readonly order_type: OrderType;
  readonly quantity: number;
  readonly price?: Paise;
  readonly trigger_price?: Paise;
}
