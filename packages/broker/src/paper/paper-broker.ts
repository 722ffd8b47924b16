import { AUTO_MARKET_PROTECTION, createExchange } from '@kavach/sim';
import type {
  ExchangeConfigOverrides,
  OrderResult,
  OrderUpdateEvent,
  RejectionFault,
} from '@kavach/sim';
import type { Clock, Instrument, MarketCalendar, Paise } from '@kavach/domain';
import type {
  Broker,
  BrokerFillReport,
  BrokerOrderReport,
  BrokerResult,
  PlacedOrder,
  Tick,
  TickMode,
} from '../broker';
import { createPaperIds, paperIdPrefix } from './paper-ids';
import { createEventDispatcher } from './event-dispatcher';
import { shapeTick } from './shape-tick';
import { createTickMarket } from './tick-market';
import {
  toBrokerFillReport,
  toBrokerOrderReport,
  toBrokerPositionReport,
} from './to-broker-reports';
import { toBrokerFailure, toModifyOrderChanges, toPlaceOrderRequest } from './to-sim-requests';

export interface PaperBrokerOptions {
  readonly clock: Clock;
  /** The tradable universe: orders for anything else are refused as unknown instruments. */
  readonly instruments: readonly Instrument[];
  /** Opening cash of the equity segment. */
  readonly accountFunds: Paise;
  /** Kite user id the simulated account reports; 'PAPER' by default. */
  readonly userId?: string;
  /** Percent, or -1 for automatic (the default): used for MARKET / SL-M sent without one. */
  readonly defaultMarketProtection?: number;
  /** Margin model, charges, square-off times of the simulated broker. */
  readonly config?: ExchangeConfigOverrides;
  /** When the simulated exchange trades; NSE 2026 by default (weekdays 09:15–15:30 beyond). */
  readonly calendar?: MarketCalendar;
  /** Quantity at each of the five synthetic depth levels a side (default 100 000). */
  readonly levelQuantity?: number;
  /** Prefix of every order and trade id ("P<run>-"); by default one from the clock's now. */
  readonly idPrefix?: string;
  /**
   * Also publish an order's arrival (OPEN, TRIGGER PENDING), which Kite leaves to polling. For
   * a paper venue nobody polls; off by default, as Kite behaves.
   */
  readonly publishPlacement?: boolean;
}

/** The port plus what only a simulator can do: be fed ticks, fail on request, open the market. */
export interface PaperBroker extends Broker {
  readonly kind: 'PAPER';
  /**
   * Market data in: updates the quotes, runs what the clock has made due (MIS square-off,
   * expiry), triggers stops and fills resting orders, then emits the subscribed ticks and the
   * order updates they caused, in that order.
   */
  readonly pushTicks: (ticks: readonly Tick[]) => void;
  /** The next `count` orders are accepted, then end REJECTED with this reason. */
  readonly injectRejection: (fault: RejectionFault) => void;
  readonly clearFaults: () => void;
  /** Forces the market open or closed; null follows the calendar again. */
  readonly setMarketStatus: (state: 'open' | 'closed' | null) => void;
  /** Runs what is due at the clock's time without a tick: AMO open, square-off, expiry. */
  readonly runClock: () => void;
}

const WORKING_STATUSES = new Set(['OPEN', 'TRIGGER PENDING', 'AMO REQ RECEIVED']);

function checkMarketProtection(value: number): number {
  const valid = value === AUTO_MARKET_PROTECTION || (value > 0 && value <= 100);
  if (!valid) throw new RangeError(`market protection must be -1 or in (0, 100], got ${value}`);
  return value;
}

/** Kite publishes nothing when an order is merely placed (OPEN or TRIGGER PENDING at once). */
function isPublished(event: OrderUpdateEvent): boolean {
  return event.reason !== 'open' && event.reason !== 'trigger_pending';
}

const NOT_OURS: BrokerResult<never> = {
  ok: false,
  error: {
    kind: 'NON_RETRYABLE',
    code: 'GeneralException',
    message: "Couldn't find that `order_id`.",
    httpStatus: 400,
  },
};

/** Runs synchronous work as a port call: its value resolved, a programming error rejected. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error: unknown) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * The Broker port over packages/sim's matching engine, in process, fed by pushed ticks.
 *
 * Event order follows Kite, whose order updates may arrive before the HTTP answer to the
 * request that caused them: a call's order updates (a MARKET fill, a rejection, a
 * cancellation) reach listeners synchronously, after the exchange has finished the request
 * and before the returned promise settles. Reports carry the client order id (Kite tag) so the
 * engine can match an update that precedes the broker order id it answers to.
 *
 * Ticks and order updates flow only between start() and stop(), like a ticker connection:
 * what happens in between is lost, and the order book tells it (fetch it after CONNECTED).
 */
export function createPaperBroker(options: PaperBrokerOptions): PaperBroker {
  const defaultProtection = checkMarketProtection(
    options.defaultMarketProtection ?? AUTO_MARKET_PROTECTION,
  );
  const market = createTickMarket({
    instruments: options.instruments,
    ...(options.levelQuantity === undefined ? {} : { levelQuantity: options.levelQuantity }),
  });
  const exchange = createExchange({
    market,
    clock: options.clock,
    accountFunds: options.accountFunds,
    userId: options.userId ?? 'PAPER',
    ...(options.config === undefined ? {} : { config: options.config }),
    ...(options.calendar === undefined ? {} : { calendar: options.calendar }),
  });
  const ids = createPaperIds(options.idPrefix ?? paperIdPrefix(options.clock.now()));
  const events = createEventDispatcher();
  const subscriptions = new Map<number, TickMode>();
  let connected = false;

  exchange.subscribe((event) => {
    if (!connected || (options.publishPlacement !== true && !isPublished(event))) return;
    events.enqueue({
      type: 'order',
      report: orderReport(event.order, event.updateStatus),
      source: 'TICKER',
    });
  });

  function toPlacedResult(result: OrderResult): BrokerResult<PlacedOrder> {
    return result.ok
      ? { ok: true, value: { brokerOrderId: ids.outward(result.orderId) } }
      : { ok: false, error: toBrokerFailure(result.error) };
  }

  function orderReport(...args: Parameters<typeof toBrokerOrderReport>): BrokerOrderReport {
    const report = toBrokerOrderReport(...args);
    return { ...report, brokerOrderId: ids.outward(report.brokerOrderId) };
  }

  function fillReport(trade: Parameters<typeof toBrokerFillReport>[0]): BrokerFillReport {
    const fill = toBrokerFillReport(trade);
    return {
      ...fill,
      tradeId: ids.outward(fill.tradeId),
      brokerOrderId: ids.outward(fill.brokerOrderId),
    };
  }

  /** A call about one of our orders; an id we never gave out is refused like Kite does. */
  function withOurId<T>(
    brokerOrderId: string,
    work: (simulatorId: string) => Promise<BrokerResult<T>>,
  ): Promise<BrokerResult<T>> {
    const simulatorId = ids.inward(brokerOrderId);
    return simulatorId === null ? Promise.resolve(NOT_OURS) : work(simulatorId);
  }

  /** One exchange request, then the updates it caused, then its answer. */
  function request<T>(work: () => T): Promise<T> {
    return settle(() => {
      const result = work();
      events.deliver();
      return result;
    });
  }

  function emitSubscribedTicks(ticks: readonly Tick[]): void {
    if (!connected) return;
    const wanted: Tick[] = [];
    for (const tick of ticks) {
      const mode = subscriptions.get(tick.token);
      if (mode !== undefined) wanted.push(shapeTick(tick, mode));
    }
    if (wanted.length > 0) events.enqueue({ type: 'ticks', ticks: wanted });
  }

  return {
    kind: 'PAPER',
    placeOrder: (command) =>
      request(() =>
        toPlacedResult(exchange.placeOrder(toPlaceOrderRequest(command, defaultProtection))),
      ),
    modifyOrder: (brokerOrderId, command) =>
      withOurId(brokerOrderId, (id) =>
        request(() =>
          toPlacedResult(
            exchange.modifyOrder(id, toModifyOrderChanges(command, defaultProtection)),
          ),
        ),
      ),
    cancelOrder: (brokerOrderId) =>
      withOurId(brokerOrderId, (id) => request(() => toPlacedResult(exchange.cancelOrder(id)))),
    cancelAllOrders: () =>
      request(() => {
        const working = exchange.orders().filter((o) => WORKING_STATUSES.has(o.status));
        const value = working.map((order) => ({
          brokerOrderId: ids.outward(order.orderId),
          result: toPlacedResult(exchange.cancelOrder(order.orderId)),
        }));
        return { ok: true, value } as const;
      }),
    getOrders: () =>
      settle(() => ({
        ok: true,
        value: exchange.orders().map((order) => orderReport(order, order.status)),
      })),
    getTrades: () => settle(() => ({ ok: true, value: exchange.trades().map(fillReport) })),
    getOrderTrades: (brokerOrderId) =>
      withOurId(brokerOrderId, (id) =>
        settle(() => {
          const trades = exchange.orderTrades(id);
          return trades.ok
            ? { ok: true, value: trades.value.map(fillReport) }
            : { ok: false, error: toBrokerFailure(trades.error) };
        }),
      ),
    getPositions: () =>
      settle(() => ({ ok: true, value: exchange.positions().day.map(toBrokerPositionReport) })),
    getInstruments: () => settle(() => ({ ok: true, value: options.instruments })),
    subscribe: (tokens, mode) => {
      for (const token of tokens) subscriptions.set(token, mode);
    },
    unsubscribe: (tokens) => {
      for (const token of tokens) subscriptions.delete(token);
    },
    onEvent: (listener) => events.listen(listener),
    start: () =>
      settle(() => {
        if (connected) return;
        connected = true;
        events.enqueue({ type: 'marketData', state: 'CONNECTED', reason: null });
        events.deliver();
      }),
    stop: () =>
      settle(() => {
        if (!connected) return;
        events.enqueue({ type: 'marketData', state: 'CLOSED', reason: 'stopped' });
        events.deliver();
        connected = false;
      }),
    pushTicks: (ticks) => {
      const changed = market.applyTicks(ticks);
      emitSubscribedTicks(ticks);
      exchange.onClock();
      exchange.onMarketUpdate(changed);
      events.deliver();
    },
    injectRejection: (fault) => {
      exchange.injectRejection(fault);
    },
    clearFaults: () => {
      exchange.clearFaults();
    },
    setMarketStatus: (state) => {
      exchange.setMarketStatus(state);
    },
    runClock: () => {
      exchange.onClock();
      events.deliver();
    },
  };
}
