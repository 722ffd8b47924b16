import type { Clock, Paise } from '@kavach/domain';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createFaultRegistry } from './faults/fault-registry';
import { createGttBook } from './gtt/gtt-book';
import type { GttBookSnapshot } from './gtt/gtt-book';
import { buildServer } from './http/build-server';
import type { RateClass } from './http/rate-limit';
import type { CandleSource } from './market/candle-source';
import type { MarketView } from './market/market-contract';
import { createSyntheticCandles } from './market/synthetic-candles';
import { createOrderUpdateFanout } from './orders/order-update-fanout';
import { toOrderUpdatePayload } from './orders/order-update-payload';
import { createPostbackSender } from './orders/postback-sender';
import type { KiteSimServices, KiteSimSettings } from './services';
import type { SimulatorControl } from './simulator-control';
import { createSessionStore } from './session/session-store';
import type { Session } from './session/session-store';
import { SIM_USER } from './session/sim-user';
import { createTickerHub } from './ticker/ticker-hub';
import type { KiteWire, TradingPort } from './trading/trading-port';

export interface KiteSimOptions {
  readonly settings: KiteSimSettings;
  readonly clock: Clock;
  readonly market: MarketView;
  readonly logger: Logger;
  /** The exchange; without it kite-sim serves sessions and market data only. */
  readonly trading?: TradingPort;
  readonly candles?: CandleSource;
  /** Where order updates are POSTed as postbacks; none when absent. */
  readonly postbackUrl?: string | null;
  /** HH:MM IST when access tokens die; Kite's 06:00 by default. */
  readonly tokenExpiryTime?: string;
  readonly rateLimits?: Readonly<Record<RateClass, number>>;
  readonly heartbeatMs?: number;
  /** Ms every REST answer and order update is held, as a network would (KITE_SIM_LATENCY_MS). */
  readonly latencyMs?: number;
  /** Simulator controls under /_sim (clock, prices, scenarios …). */
  readonly simulator?: SimulatorControl;
  /** What the facade itself kept in an earlier run (KiteSim.snapshot). */
  readonly restore?: KiteSimSnapshot;
}

/** What the facade keeps beside the exchange: GTTs and live sessions, as plain data. */
export interface KiteSimSnapshot {
  readonly gtt: GttBookSnapshot;
  readonly sessions: readonly Session[];
}

export interface KiteSim {
  readonly services: KiteSimServices;
  readonly app: FastifyInstance;
  /** The market moved on these instruments: ticks to subscribers, GTTs checked. */
  readonly publishMarketUpdate: (tokens: readonly number[]) => void;
  /** An order changed: ticker update and postback, with `status` as the update reports it. */
  readonly publishOrderUpdate: (order: KiteWire, updateStatus: string) => void;
  /**
   * Listen on `host` (127.0.0.1 unless a container must expose it); returns the REST root as
   * reached from this machine, e.g. http://127.0.0.1:8100.
   */
  readonly listen: (port: number, host?: string) => Promise<string>;
  readonly close: () => Promise<void>;
  readonly snapshot: () => KiteSimSnapshot;
}

/** The Kite facade over a market and an exchange: services, HTTP, ticker, postbacks. */
export function createKiteSim(options: KiteSimOptions): KiteSim {
  const { clock, market, logger, settings } = options;
  const trading = options.trading ?? null;
  const sessions = createSessionStore({
    apiKey: settings.apiKey,
    apiSecret: settings.apiSecret,
    clock,
    expiryTime: options.tokenExpiryTime ?? '06:00',
    ...(options.restore === undefined ? {} : { restore: options.restore.sessions }),
  });
  const faults = createFaultRegistry();
  const ticker = createTickerHub({
    sessions,
    quoteOf: (token) => market.quote(token),
    faults,
    logger,
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
  });
  const postbacks = createPostbackSender({ url: options.postbackUrl ?? null, logger });
  const orderUpdates = createOrderUpdateFanout(
    faults,
    {
      ticker: (payload) => {
        ticker.sendOrderUpdate(payload);
      },
      postback: (payload) => {
        postbacks.send(payload);
      },
    },
    undefined,
    options.latencyMs ?? 0,
  );
  const gtt = createGttBook(options.restore?.gtt);
  const services: KiteSimServices = {
    settings,
    clock,
    sessions,
    faults,
    market,
    candles:
      options.candles ??
      createSyntheticCandles({
        anchorPrice: (instrument) => market.quote(instrument.token)?.close,
      }),
    ticker,
    trading,
    gtt,
    postbacks,
    orderUpdates,
  };
  const app = buildServer(services, {
    logger,
    ...(options.rateLimits === undefined ? {} : { rateLimits: options.rateLimits }),
    ...(options.simulator === undefined ? {} : { simulator: options.simulator }),
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
  });

  const lastPriceOf = (token: number): Paise | undefined => market.quote(token)?.lastPrice;

  return {
    services,
    app,
    publishMarketUpdate: (tokens) => {
      ticker.broadcastTicks(tokens);
      if (trading === null) return;
      gtt.evaluate(
        tokens,
        lastPriceOf,
        (spec) => {
          const placed = trading.placeOrder({
            variety: 'regular',
            exchange: spec.exchange,
            tradingsymbol: spec.tradingsymbol,
            transaction_type: spec.transactionType,
            order_type: spec.orderType,
            product: spec.product,
            quantity: spec.quantity,
            price: spec.price,
            validity: 'DAY',
          });
          return placed.ok ? { orderId: placed.value } : { rejection: placed.error.message };
        },
        clock.now(),
      );
    },
    publishOrderUpdate: (order, updateStatus) => {
      orderUpdates.publish(
        toOrderUpdatePayload(order, updateStatus, {
          userId: SIM_USER.userId,
          appId: SIM_USER.appId,
          apiSecret: settings.apiSecret,
        }),
      );
    },
    listen: async (port, host = '127.0.0.1') => {
      await app.listen({ host, port });
      return `http://127.0.0.1:${port}`;
    },
    close: () => app.close(),
    snapshot: () => ({ gtt: gtt.snapshot(), sessions: sessions.snapshot() }),
  };
}
