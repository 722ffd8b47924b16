import type {
  Instrument,
  OrderSide,
  OrderStatus,
  OrderType,
  Paise,
  Product,
  Validity,
} from '@kavach/domain';

/**
 * The engine's view of a broker. Adapters (KiteBroker, PaperBroker) translate venue payloads
 * into these types at the edge: no Kite field name travels past this file's types.
 *
 * Every call answers with a value: a refusal, a timeout or an expired session is a
 * `BrokerFailure`, never a thrown error. Only programming errors throw.
 */

/**
 * RETRYABLE      the request certainly did not take effect and may be sent again (429, a
 *                connection refused before sending, Kite "being processed. Try later").
 * NON_RETRYABLE  a definitive refusal: the order was not accepted (InputException, Order-,
 *                Margin-, Permission- exceptions; 4xx).
 * FATAL          nothing more can be done until a person acts (TokenException: the session
 *                expired; wrong api key).
 * AMBIGUOUS      the request may have reached the broker: timeout, dropped connection, 5xx,
 *                an unparseable answer. Never a rejection: settle by tag before any retry.
 */
export const BROKER_FAILURE_KINDS = ['RETRYABLE', 'NON_RETRYABLE', 'FATAL', 'AMBIGUOUS'] as const;
export type BrokerFailureKind = (typeof BROKER_FAILURE_KINDS)[number];

export interface BrokerFailure {
  readonly kind: BrokerFailureKind;
  /** Kite's error_type (InputException, TokenException, …) or TIMEOUT / NETWORK / HTTP_5XX. */
  readonly code: string;
  /** The broker's message, verbatim when it sent one. */
  readonly message: string;
  /** HTTP status when there was an answer. */
  readonly httpStatus: number | null;
}

export type BrokerResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: BrokerFailure };

/** A new order. The client order id travels as Kite's `tag` and comes back on every report. */
export interface PlaceOrderCommand {
  /** Up to 20 alphanumeric characters; unique per order, ever. */
  readonly clientOrderId: string;
  readonly exchange: string;
  readonly tradingSymbol: string;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly product: Product;
  readonly validity: Validity;
  readonly quantity: number;
  /** LIMIT and SL; null otherwise. */
  readonly price: Paise | null;
  /** SL and SL-M; null otherwise. */
  readonly triggerPrice: Paise | null;
  /**
   * Percent, or -1 for the broker's automatic value. Kite refuses MARKET and SL-M orders
   * without it; adapters must set it for those types (the engine's default applies when null).
   */
  readonly marketProtection: number | null;
}

/** What a modify may change; omitted fields keep their value. */
export interface ModifyOrderCommand {
  readonly quantity?: number;
  readonly price?: Paise;
  readonly triggerPrice?: Paise;
  readonly orderType?: OrderType;
  /** For a change into MARKET or SL-M; null or omitted = the adapter's default. */
  readonly marketProtection?: number | null;
}

export interface PlacedOrder {
  readonly brokerOrderId: string;
}

/**
 * One order as the broker reports it (order book, order update, postback), with Kite's status
 * already mapped to the domain's (mapKiteStatus). Quantities are cumulative.
 */
export interface BrokerOrderReport {
  readonly brokerOrderId: string;
  /** Our client order id (Kite tag); null for orders placed elsewhere. */
  readonly clientOrderId: string | null;
  readonly exchangeOrderId: string | null;
  readonly exchange: string;
  readonly tradingSymbol: string;
  readonly instrumentToken: number;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly product: Product;
  readonly status: OrderStatus;
  /** The venue's own status string, kept for the audit trail ("UPDATE", "TRIGGER PENDING", …). */
  readonly venueStatus: string;
  readonly quantity: number;
  readonly filledQuantity: number;
  readonly averagePrice: Paise | null;
  readonly price: Paise | null;
  readonly triggerPrice: Paise | null;
  /** For people (Kite status_message). */
  readonly statusMessage: string | null;
  /** Stable prefixes to parse (Kite status_message_raw: "RMS:Margin Exceeds", …). */
  readonly statusMessageRaw: string | null;
  /** Epoch ms of the latest exchange/broker update of this order; orders reports by age. */
  readonly updatedAt: number;
}

/** One execution, with the broker's trade id (the de-duplication key for fills). */
export interface BrokerFillReport {
  readonly tradeId: string;
  readonly brokerOrderId: string;
  readonly instrumentToken: number;
  readonly exchange: string;
  readonly tradingSymbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: Paise;
  /** Epoch ms (exchange fill time). */
  readonly filledAt: number;
}

/** Today's net position on one instrument and product. */
export interface BrokerPositionReport {
  readonly instrumentToken: number;
  readonly exchange: string;
  readonly tradingSymbol: string;
  readonly product: Product;
  /** Signed: positive long, negative short. */
  readonly quantity: number;
  readonly averagePrice: Paise | null;
  readonly buyQuantity: number;
  readonly sellQuantity: number;
  readonly buyValue: Paise;
  readonly sellValue: Paise;
  readonly lastPrice: Paise | null;
  readonly pnl: Paise;
}

export const TICK_MODES = ['ltp', 'quote', 'full'] as const;
export type TickMode = (typeof TICK_MODES)[number];

/** A market data update for one instrument, prices in paise, times in epoch ms. */
export interface Tick {
  readonly token: number;
  readonly mode: TickMode;
  readonly lastPrice: Paise;
  /** Exchange timestamp when the venue sent one (full mode), else the receive time. */
  readonly at: number;
  readonly lastQuantity: number | null;
  readonly averagePrice: Paise | null;
  /** Cumulative volume traded today. */
  readonly volume: number | null;
  readonly buyQuantity: number | null;
  readonly sellQuantity: number | null;
  readonly open: Paise | null;
  readonly high: Paise | null;
  readonly low: Paise | null;
  readonly close: Paise | null;
  readonly bestBid: Paise | null;
  readonly bestAsk: Paise | null;
}

/** Where an order report came from; all three are merged and de-duplicated by the engine. */
export type OrderReportSource = 'TICKER' | 'POSTBACK' | 'POLL';

export type MarketDataState = 'CONNECTING' | 'CONNECTED' | 'RECONNECTING' | 'STALE' | 'CLOSED';

export type BrokerEvent =
  | {
      readonly type: 'order';
      readonly report: BrokerOrderReport;
      readonly source: OrderReportSource;
    }
  | { readonly type: 'ticks'; readonly ticks: readonly Tick[] }
  /**
   * The market-data connection changed. After `CONNECTED` following a `RECONNECTING`, the
   * engine must fetch the whole order book: updates sent during the gap are lost.
   */
  | { readonly type: 'marketData'; readonly state: MarketDataState; readonly reason: string | null }
  /** The session is no longer valid (Kite TokenException): entries pause until a new one. */
  | { readonly type: 'sessionExpired'; readonly message: string }
  /** An update that could not be understood (unknown status, bad checksum); nothing applied. */
  | {
      readonly type: 'invalidUpdate';
      readonly source: OrderReportSource;
      readonly message: string;
    };

export type BrokerListener = (event: BrokerEvent) => void;

export interface Broker {
  /** 'KITE' for the real API (or kite-sim through it), 'PAPER' for the in-process simulator. */
  readonly kind: 'KITE' | 'PAPER';
  readonly placeOrder: (command: PlaceOrderCommand) => Promise<BrokerResult<PlacedOrder>>;
  readonly modifyOrder: (
    brokerOrderId: string,
    command: ModifyOrderCommand,
  ) => Promise<BrokerResult<PlacedOrder>>;
  readonly cancelOrder: (brokerOrderId: string) => Promise<BrokerResult<PlacedOrder>>;
  /** Cancels every working order of the session; one result per order, in book order. */
  readonly cancelAllOrders: () => Promise<
    BrokerResult<
      readonly { readonly brokerOrderId: string; readonly result: BrokerResult<PlacedOrder> }[]
    >
  >;
  /** Every order of today's session (the order book). */
  readonly getOrders: () => Promise<BrokerResult<readonly BrokerOrderReport[]>>;
  /** Every execution of today's session. */
  readonly getTrades: () => Promise<BrokerResult<readonly BrokerFillReport[]>>;
  readonly getOrderTrades: (
    brokerOrderId: string,
  ) => Promise<BrokerResult<readonly BrokerFillReport[]>>;
  /** Today's positions (Kite's `day` book: intraday only). */
  readonly getPositions: () => Promise<BrokerResult<readonly BrokerPositionReport[]>>;
  /** The instrument master (Kite's instruments CSV), parsed; blank and malformed rows skipped. */
  readonly getInstruments: () => Promise<BrokerResult<readonly Instrument[]>>;
  /** Market data: sets the mode per instrument; subscriptions survive reconnects. */
  readonly subscribe: (tokens: readonly number[], mode: TickMode) => void;
  readonly unsubscribe: (tokens: readonly number[]) => void;
  /** Order reports, ticks, connection and session events; returns the unsubscribe function. */
  readonly onEvent: (listener: BrokerListener) => () => void;
  /** Connects market data and starts polling; resolves once connected (or rejects on FATAL). */
  readonly start: () => Promise<void>;
  /** Closes every connection and timer; never exits the process. */
  readonly stop: () => Promise<void>;
}
