import type { OrderSide, OrderType, Paise, Product } from '@kavach/domain';

/**
 * What the Kite order, portfolio and margin routes need from the exchange, in Kite's
 * vocabulary: requests in paise, answers already serialised for the wire. The simulator
 * adapts packages/sim's exchange to it (see exchange-trading.ts).
 */

export interface PortError {
  /** A Kite error type (InputException, OrderException, MarginException …). */
  readonly type: string;
  readonly message: string;
}

export type PortResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: PortError };

/** A Kite payload object, serialised by the exchange's own serialisers. */
export type KiteWire = object;

export interface PlaceOrderInput {
  readonly variety: string;
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly transaction_type: OrderSide;
  readonly order_type: OrderType;
  readonly product: Product;
  readonly quantity: number;
  readonly validity?: 'DAY' | 'IOC' | 'TTL';
  readonly validity_ttl?: number;
  readonly price?: Paise;
  readonly trigger_price?: Paise;
  readonly disclosed_quantity?: number;
  readonly tag?: string;
  readonly market_protection?: number;
}

export interface ModifyOrderInput {
  readonly order_type?: OrderType;
  readonly quantity?: number;
  readonly price?: Paise;
  readonly trigger_price?: Paise;
  readonly validity?: 'DAY' | 'IOC' | 'TTL';
  readonly disclosed_quantity?: number;
  readonly market_protection?: number;
}

export interface OrderMarginInput {
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly transaction_type: OrderSide;
  readonly variety: string;
  readonly product: Product;
  readonly order_type: OrderType;
  readonly quantity: number;
  readonly price?: Paise;
  readonly trigger_price?: Paise;
}

export interface ConvertPositionInput {
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly transaction_type: OrderSide;
  readonly position_type: 'day' | 'overnight';
  readonly quantity: number;
  readonly old_product: Product;
  readonly new_product: Product;
}

export interface TradingPort {
  readonly placeOrder: (input: PlaceOrderInput) => PortResult<string>;
  readonly modifyOrder: (orderId: string, changes: ModifyOrderInput) => PortResult<string>;
  readonly cancelOrder: (orderId: string) => PortResult<string>;
  readonly orders: () => readonly KiteWire[];
  readonly orderHistory: (orderId: string) => PortResult<readonly KiteWire[]>;
  readonly trades: () => readonly KiteWire[];
  readonly orderTrades: (orderId: string) => PortResult<readonly KiteWire[]>;
  readonly positions: () => {
    readonly net: readonly KiteWire[];
    readonly day: readonly KiteWire[];
  };
  readonly convertPosition: (input: ConvertPositionInput) => PortResult<true>;
  /** GET /user/margins: { equity, commodity }. */
  readonly margins: () => { readonly equity: KiteWire; readonly commodity: KiteWire };
  readonly orderMargins: (inputs: readonly OrderMarginInput[]) => PortResult<readonly KiteWire[]>;
}
