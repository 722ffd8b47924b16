import type { Clock } from '@kavach/domain';
import type { BrokerLogger } from './broker-logger';
import type { ReconnectPolicy } from './market-data';
import type { KiteRateLimits } from './rate-limits';
import type { TickerSocketFactory } from './ticker-socket';

export interface KiteBrokerOptions {
  readonly apiKey: string;
  /** Verifies postback checksums. */
  readonly apiSecret: string;
  readonly accessToken: string;
  /** KITE_ROOT; default Kite's https://api.kite.trade. */
  readonly root?: string;
  /** KITE_TICKER_ROOT; default Kite's wss://ws.kite.trade/. */
  readonly tickerRoot?: string;
  /** Stamps ticks without an exchange time and ages de-duplication memory. */
  readonly clock: Clock;
  readonly logger: BrokerLogger;
  /** Order book polling interval; default 2 s. */
  readonly pollIntervalMs?: number;
  /**
   * No binary frame for this long: STALE and reconnect. Default 10 s (Kite beats each second).
   * The ticker socket itself gives up on a connection with no message for 5 s, as KiteTicker
   * did; that too is reported STALE, so above 5 s this mostly bounds the worst case.
   */
  readonly heartbeatTimeoutMs?: number;
  /** Percent for MARKET and SL-M orders whose command has none (or -1: Kite's automatic). Default 2. */
  readonly defaultMarketProtection?: number;
  /** REST timeout per request; default 7 s (the client's own default). */
  readonly requestTimeoutMs?: number;
  /** Client-side rate limits; default Kite's published ones. */
  readonly rateLimits?: KiteRateLimits;
  readonly reconnect?: Partial<ReconnectPolicy>;
  /** De-duplication memory: closed orders are forgotten after this long (default 30 min). */
  readonly forgetClosedOrdersAfterMs?: number;
  /** De-duplication memory bound (default 20 000 orders). */
  readonly maxRememberedOrders?: number;
  /** Tests replace the ticker connection; default our Kite ticker socket on ws. */
  readonly createTickerSocket?: TickerSocketFactory;
}

export const KITE_BROKER_DEFAULTS = {
  pollIntervalMs: 2_000,
  heartbeatTimeoutMs: 10_000,
  defaultMarketProtection: 2,
  requestTimeoutMs: 7_000,
  forgetClosedOrdersAfterMs: 30 * 60_000,
  maxRememberedOrders: 20_000,
} as const;

function requirePositive(value: number, what: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${what} must be a positive number, got ${value}`);
  }
  return value;
}

/** Kite accepts a positive percent, or -1 for its automatic protection; 0 is refused. */
export function checkMarketProtection(value: number): number {
  if (value === -1 || (Number.isFinite(value) && value > 0 && value <= 100)) return value;
  throw new RangeError(`market protection must be in (0, 100] or -1, got ${value}`);
}

export function resolveKiteBrokerSettings(options: KiteBrokerOptions) {
  if (options.apiKey === '' || options.apiSecret === '' || options.accessToken === '') {
    throw new RangeError('apiKey, apiSecret and accessToken must not be empty');
  }
  const d = KITE_BROKER_DEFAULTS;
  return {
    pollIntervalMs: requirePositive(options.pollIntervalMs ?? d.pollIntervalMs, 'pollIntervalMs'),
    heartbeatTimeoutMs: requirePositive(
      options.heartbeatTimeoutMs ?? d.heartbeatTimeoutMs,
      'heartbeatTimeoutMs',
    ),
    defaultMarketProtection: checkMarketProtection(
      options.defaultMarketProtection ?? d.defaultMarketProtection,
    ),
    requestTimeoutMs: requirePositive(
      options.requestTimeoutMs ?? d.requestTimeoutMs,
      'requestTimeoutMs',
    ),
    forgetClosedOrdersAfterMs: requirePositive(
      options.forgetClosedOrdersAfterMs ?? d.forgetClosedOrdersAfterMs,
      'forgetClosedOrdersAfterMs',
    ),
    maxRememberedOrders: requirePositive(
      options.maxRememberedOrders ?? d.maxRememberedOrders,
      'maxRememberedOrders',
    ),
  };
}
