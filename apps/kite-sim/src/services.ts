import type { Clock } from '@kavach/domain';
import type { FaultRegistry } from './faults/fault-registry';
import type { GttBook } from './gtt/gtt-book';
import type { CandleSource } from './market/candle-source';
import type { MarketView } from './market/market-contract';
import type { OrderUpdateFanout } from './orders/order-update-fanout';
import type { PostbackSender } from './orders/postback-sender';
import type { SessionStore } from './session/session-store';
import type { TickerHub } from './ticker/ticker-hub';
import type { TradingPort } from './trading/trading-port';

/** Settings the HTTP layer reads (from the environment in main.ts, from tests directly). */
export interface KiteSimSettings {
  readonly apiKey: string;
  readonly apiSecret: string;
  /** Where the login page sends the browser back (the app's registered redirect URL). */
  readonly redirectUrl: string;
  /**
   * Lets callers on other machines (the engine in another container) use the /_sim control
   * API with `Authorization: Bearer <token>`; without one it is loopback only.
   */
  readonly controlToken?: string | null;
}

/** Everything the routes use; built once by createKiteSim. */
export interface KiteSimServices {
  readonly settings: KiteSimSettings;
  readonly clock: Clock;
  readonly sessions: SessionStore;
  readonly faults: FaultRegistry;
  readonly market: MarketView;
  readonly candles: CandleSource;
  readonly ticker: TickerHub;
  /** The exchange behind orders, portfolio and margins; null serves market data only. */
  readonly trading: TradingPort | null;
  readonly gtt: GttBook;
  readonly postbacks: PostbackSender;
  readonly orderUpdates: OrderUpdateFanout;
}
