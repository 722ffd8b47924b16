import type { Clock, MarketCalendar, Paise } from '@kavach/domain';
import type { MarketView } from '../market/market-view';
import type { AccountMargins } from './account-margins';
import type { ExchangeConfigOverrides } from './exchange-config';
import type { ConvertPositionRequest } from './convert-position';
import type { ConvertResult, ExchangeResult, OrderResult } from './exchange-error';
import type { DayRollOver, ExchangeSnapshot } from './exchange-snapshot';
import type { RejectionFault } from './fault-injection';
import type { OrderUpdateListener } from './order-events';
import type { OrderMarginRecord } from './order-margins';
import type { OrderRecord, TradeRecord } from './order-record';
import type { ModifyOrderChanges, OrderMarginRequest, PlaceOrderRequest } from './order-request';
import type { PositionsView } from './position-record';

export interface CreateExchangeOptions {
  readonly market: MarketView;
  readonly clock: Clock;
  /** NSE 2026 by default; dates it does not cover fall back to weekdays 09:15–15:30 IST. */
  readonly calendar?: MarketCalendar;
  /** Opening cash balance of the equity segment. */
  readonly accountFunds: Paise;
  /** Kite user id: account_id, placed_by, and the RMS message's entity. */
  readonly userId: string;
  readonly config?: ExchangeConfigOverrides;
  /**
   * Rebuild a saved exchange (SimExchange.snapshot, e.g. after a JSON round trip): its
   * orders with their histories, trades, positions, funds and id sequences, so it answers as
   * the saved one did and new ids follow the saved ones. An unknown snapshot version or
   * another user id throws a RangeError. `accountFunds` stays the opening balance of reset.
   */
  readonly restore?: ExchangeSnapshot;
}

/**
 * The simulated exchange and broker OMS behind the Kite facade. Every answer is a typed
 * value; nothing throws for a client mistake. Records are immutable snapshots in paise and
 * epoch ms: serialise them with toKiteOrder, toKiteTrade, toKitePositions, toKiteMargins.
 */
export interface SimExchange {
  /** POST /orders/{variety}: a veto refuses synchronously; later rejections show in the book. */
  readonly placeOrder: (request: PlaceOrderRequest) => OrderResult;
  readonly modifyOrder: (orderId: string, changes: ModifyOrderChanges) => OrderResult;
  readonly cancelOrder: (orderId: string) => OrderResult;
  /** GET /orders: every order of the session, in placement order. */
  readonly orders: () => readonly OrderRecord[];
  readonly order: (orderId: string) => OrderRecord | undefined;
  /** GET /orders/:id: every status snapshot, oldest first. */
  readonly orderHistory: (orderId: string) => ExchangeResult<readonly OrderRecord[]>;
  readonly trades: () => readonly TradeRecord[];
  readonly orderTrades: (orderId: string) => ExchangeResult<readonly TradeRecord[]>;
  readonly positions: () => PositionsView;
  /**
   * PUT /portfolio/positions: moves open quantity of a day position to another product
   * (MIS↔CNC equity, MIS↔NRML F&O) with its cost; margin is checked for the new product.
   */
  readonly convertPosition: (request: ConvertPositionRequest) => ConvertResult;
  /** The equity segment of GET /user/margins. */
  readonly margins: () => AccountMargins;
  /** POST /margins/orders. */
  readonly orderMargins: (
    requests: readonly OrderMarginRequest[],
  ) => ExchangeResult<readonly OrderMarginRecord[]>;
  /** The market moved on these instruments: trigger stops and fill resting orders. */
  readonly onMarketUpdate: (tokens: Iterable<number>) => void;
  /** Broker MIS square-off when due (15:20 equity, 15:25 F&O IST); returns the new order ids. */
  readonly runSquareOff: (now?: number) => readonly string[];
  /** Sends waiting AMOs to the exchange once the market is open; returns their ids. */
  readonly runSessionOpen: (now?: number) => readonly string[];
  /** Expires working DAY/IOC orders once the market is closed; returns their ids. */
  readonly runSessionClose: (now?: number) => readonly string[];
  /** Runs whatever of open, square-off and close is due at the clock's time. */
  readonly onClock: () => void;
  /** Forces the market open or closed (control API); null follows the calendar again. */
  readonly setMarketStatus: (state: 'open' | 'closed' | null) => void;
  readonly isMarketOpen: () => boolean;
  /** Fault hook: the next `count` orders end REJECTED with `reason`. */
  readonly injectRejection: (fault: RejectionFault) => void;
  readonly clearFaults: () => void;
  /** Order updates (fills, status changes); returns the unsubscribe function. */
  readonly subscribe: (listener: OrderUpdateListener) => () => void;
  /** The whole state as plain JSON-serialisable data, for createExchange({ restore }). */
  readonly snapshot: () => ExchangeSnapshot;
  /**
   * A new trading day, as Kite's next morning shows it: empty order book, no trades, no day
   * positions; each position's P&L at its last price settles into the funds; waiting AMOs
   * carry over; ids go on. Publishes nothing (the old day's orders simply leave the book).
   */
  readonly rollOverDay: () => DayRollOver;
  /** A fresh session: no orders, trades or positions; funds back to the opening balance. */
  readonly reset: (options?: { readonly accountFunds?: Paise }) => void;
}
