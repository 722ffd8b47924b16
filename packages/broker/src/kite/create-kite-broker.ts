import type { Broker, BrokerResult } from '../broker';
import { createEventHub } from './event-hub';
import { resolveKiteBrokerSettings } from './kite-broker-options';
import type { KiteBrokerOptions } from './kite-broker-options';
import { createKiteRest } from './kite-rest';
import { createKiteRestApi } from './kite-orders-api';
import type { MapResult } from './map-result';
import { createKiteWsTickerSocketFactory } from './kite-ws-ticker-socket';
import { createMarketData, DEFAULT_RECONNECT_POLICY } from './market-data';
import { createOrderPoller } from './order-poller';
import { createOrderReportSink } from './order-report-sink';
import { verifyPostbackChecksum } from './postback-checksum';
import { createKiteRateLimiter } from './rate-limits';
import { createReportDeduper } from './report-deduper';
import { createSessionState } from './session-state';
import { isWireRecord, readString } from './wire-fields';

function toKiteSession(raw: unknown): MapResult<KiteSession> {
  const accessToken = isWireRecord(raw) ? readString(raw, 'access_token') : undefined;
  const userId = isWireRecord(raw) ? readString(raw, 'user_id') : undefined;
  if (accessToken === undefined || accessToken === '' || userId === undefined) {
    return { ok: false, message: 'session answer without access_token or user_id' };
  }
  return { ok: true, value: { accessToken, userId } };
}

export type PostbackReceipt =
  { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** A session from Kite's login flow. The access token is a secret: never log it. */
export interface KiteSession {
  readonly accessToken: string;
  readonly userId: string;
}

/** The Broker port over Kite Connect (or kite-sim, which speaks the same protocol). */
export interface KiteBroker extends Broker {
  readonly kind: 'KITE';
  /** A new session after a TokenException: writes work again, market data reconnects. */
  readonly setAccessToken: (accessToken: string) => void;
  /**
   * Exchanges the request token from Kite's login redirect for a session (checksum with the
   * API secret) and switches to it, as setAccessToken does.
   */
  readonly createSession: (requestToken: string) => Promise<BrokerResult<KiteSession>>;
  /**
   * A postback's JSON body (parsed, or the raw text). Emits it as an order report when Kite's
   * checksum holds; otherwise raises `invalidUpdate` and says why.
   */
  readonly receivePostback: (body: unknown) => PostbackReceipt;
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * KiteBroker: REST through the official kiteconnect client behind client-side rate limits,
 * market data and order updates through our own ticker socket (ADR 8) and reconnect loop,
 * order reports merged from ticker, postbacks and polling and de-duplicated. Kite payloads stop
 * here: everything that leaves is in the port's types, money in paise, times in epoch ms.
 */
export function createKiteBroker(options: KiteBrokerOptions): KiteBroker {
  const settings = resolveKiteBrokerSettings(options);
  const { logger, clock } = options;
  const hub = createEventHub(logger);
  const deduper = createReportDeduper({
    clock,
    forgetClosedAfterMs: settings.forgetClosedOrdersAfterMs,
    maxOrders: settings.maxRememberedOrders,
  });
  const reports = createOrderReportSink(hub, deduper, logger);
  const session = createSessionState((message) => {
    logger.error({ message }, 'Kite session expired');
    hub.emit({ type: 'sessionExpired', message });
  });
  let accessToken = options.accessToken;

  const rest = createKiteRest({
    apiKey: options.apiKey,
    accessToken,
    requestTimeoutMs: settings.requestTimeoutMs,
    limiter: createKiteRateLimiter(options.rateLimits),
    ...(options.root === undefined ? {} : { root: options.root }),
  });
  const api = createKiteRestApi({
    rest,
    session,
    defaultMarketProtection: settings.defaultMarketProtection,
    logger,
    onInvalid: reports.emitInvalid,
  });

  const marketData = createMarketData({
    createSocket:
      options.createTickerSocket ??
      createKiteWsTickerSocketFactory({
        apiKey: options.apiKey,
        clock,
        logger,
        ...(options.tickerRoot === undefined ? {} : { root: options.tickerRoot }),
      }),
    heartbeatTimeoutMs: settings.heartbeatTimeoutMs,
    reconnect: { ...DEFAULT_RECONNECT_POLICY, ...options.reconnect },
    logger,
    onState: (state, reason) => {
      logger.info({ state, reason }, 'market data');
      hub.emit({ type: 'marketData', state, reason });
    },
    onTicks: (ticks) => {
      hub.emit({ type: 'ticks', ticks });
    },
    onOrderUpdate: (payload) => {
      reports.acceptPayload(payload, 'TICKER');
    },
    onSessionExpired: (message) => {
      session.expire(message);
    },
  });

  const poller = createOrderPoller({
    intervalMs: settings.pollIntervalMs,
    fetchBook: api.getOrders,
    paused: session.isExpired,
    onChanged: (report) => {
      reports.emitReport(report, 'POLL');
    },
    logger,
  });

  function switchSession(token: string): void {
    if (token === '') throw new RangeError('access token must not be empty');
    accessToken = token;
    rest.setAccessToken(token);
    session.renew();
    marketData.setAccessToken(token);
  }

  let started = false;
  return {
    kind: 'KITE',
    ...api,
    subscribe: (tokens, mode) => {
      marketData.subscribe(tokens, mode);
    },
    unsubscribe: (tokens) => {
      marketData.unsubscribe(tokens);
    },
    onEvent: hub.on,
    start: async () => {
      if (started) throw new Error('KiteBroker already started');
      started = true;
      poller.start();
      await marketData.start(accessToken);
    },
    stop: async () => {
      await Promise.all([poller.stop(), marketData.stop()]);
    },
    setAccessToken: switchSession,
    createSession: async (requestToken) => {
      const created = await rest.call(
        { rateClass: 'other', operation: 'READ' },
        (client) => client.generateSession(requestToken, options.apiSecret),
        toKiteSession,
      );
      if (created.ok) switchSession(created.value.accessToken);
      return created;
    },
    receivePostback: (body) => {
      const parsed = parseBody(body);
      if (!isWireRecord(parsed)) {
        const reason = 'postback body is not a JSON object';
        reports.emitInvalid('POSTBACK', reason);
        return { ok: false, reason };
      }
      const checked = verifyPostbackChecksum(parsed, options.apiSecret);
      if (!checked.ok) {
        reports.emitInvalid('POSTBACK', checked.reason);
        return checked;
      }
      return reports.acceptPayload(parsed, 'POSTBACK');
    },
  };
}
