import type { Broker, BrokerEvent, Tick } from '@kavach/broker';
import type { Bus } from '@kavach/bus';
import { createTickConflator } from '@kavach/bus';
import type { Logger, TradingConfig } from '@kavach/config';
import type { OrderStatements, PrismaClient } from '@kavach/db';
import type { Clock, Instrument, MarketCalendar, TradingState } from '@kavach/domain';
import {
  computeDailyLossLimit,
  computeHeatLimit,
  isClosedStatus,
  isWithinEntryWindow,
  istDate,
  istMinutesOfDay,
} from '@kavach/domain';
import type { FlattenPort, RiskSnapshot } from '../control/ports';
import { createBusPublisher } from '../events/bus-publisher';
import type { Failpoint } from '../failpoints/create-failpoint';
import type { WriteBehind } from '../storage/write-behind';
import { createBarBuilder } from '../market-data/bar-builder';
import { createPriceBook } from '../market-data/price-book';
import type { EngineMetrics } from '../metrics/engine-metrics';
import { createFlattenAll } from '../oco/flatten-all';
import { createOcoManager } from '../oco/oco-manager';
import type { ManagedGroup, TrackedOrder } from '../oco/oco-types';
import { createEntryPipeline } from '../orchestrator/entry-pipeline';
import { createRejectionActions } from '../orchestrator/rejection-actions';
import { createSignalIntake } from '../orchestrator/signal-intake';
import { createScanCycle } from '../orchestrator/scan-cycle';
import { createPositionTracker } from '../portfolio/position-tracker';
import { restoreDay } from '../portfolio/restore-day';
import type { RestoredDay } from '../portfolio/restore-day';
import { createRiskBook } from '../portfolio/risk-book';
import { rollRiskBookDaily } from '../portfolio/roll-risk-book-daily';
import { createTradeRecorder } from '../portfolio/trade-recorder';
import type { SlippageManager } from '../slippage/slippage-manager';
import type { OrderVenue, OrderVenues } from '../venue/order-venues';
import { singleVenue } from '../venue/order-venues';
import { createStrategies } from '../strategies';
import type { Strategy } from '../strategies';

export interface InstrumentSource {
  readonly byToken: (token: number) => Instrument | undefined;
  readonly bySymbol: (key: string) => Instrument | undefined;
  readonly idOf: (token: number) => string | undefined;
  /** The whole master (option chains for outside signals); none when not given. */
  readonly all?: () => readonly Instrument[];
}

export interface TradingEngineOptions {
  readonly prisma: PrismaClient;
  /** The Kite connection: market data, session, and the orders of its venue. */
  readonly broker: Broker;
  /** Where brackets' orders go; by default everything goes to `broker`. */
  readonly venues?: OrderVenues;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: EngineMetrics;
  readonly config: TradingConfig;
  readonly configSha: string;
  readonly instruments: InstrumentSource;
  readonly tradingState: () => TradingState;
  /** False after the EOD cut-off or on a closed day. */
  readonly entriesAllowed: (now: number) => boolean;
  /** True for an instrument whose position disagrees with the broker's (reconciliation). */
  readonly instrumentBlocked?: (token: number) => boolean;
  /** A fill or a mark moved P&L or heat: the auto-pause checks its limits. */
  readonly onRiskChanged?: () => void;
  /** The broker said the session is gone (TokenException). */
  readonly onSessionExpired?: (message: string) => void;
  /** How often bars are closed on the clock and a scan may run; ms of real time. */
  readonly scanIntervalMs?: number;
  /** Ticks per instrument reach the bus at most this often. */
  readonly tickConflationMs?: number;
  readonly positionFlushMs?: number;
  /** Replaces the strategies the config names (tests and benchmarks). */
  readonly strategies?: readonly Strategy[];
  /** Checks entries against the live price and follows them to their fill. */
  readonly slippage?: SlippageManager;
  /** How long an entry waits for a live price when the last one is stale. */
  readonly priceWaitMs?: number;
  /** With a calendar, refused entries are acted on (re-tried, queued for the next session). */
  readonly calendar?: MarketCalendar;
  /** How often queued entries are checked for release. */
  readonly queueCheckMs?: number;
  /** Named crash points for the reliability suite (ENGINE_FAILPOINT); default: none. */
  readonly failpoint?: Failpoint;
  /** Records of protective work, kept while PostgreSQL is away (ADR 7). */
  readonly writes?: WriteBehind;
  /** The statements orders wait on (Db.statements); default Prisma's raw queries. */
  readonly statements?: OrderStatements;
}

/** Without a slippage manager, how old a last price may be to count as live. */
const DEFAULT_QUOTE_AGE_MS = 5_000;

const ACCEPTED_GROUP_STATES = new Set(['PENDING_ENTRY', 'ENTRY_WORKING']);

/**
 * The trading engine without its process edge: broker events in, orders out. Market data
 * builds bars and marks positions; bar closes drive the scan cycle; approved decisions become
 * brackets in the OCO manager; broker reports drive the brackets; fills update the risk
 * book, the positions and, when a bracket closes, its Trade. Everything is published on the
 * bus for live views and stored for the record.
 */
export function createTradingEngine(options: TradingEngineOptions) {
  const { prisma, broker, bus, clock, logger, metrics, config, instruments } = options;
  const venues = options.venues ?? singleVenue(broker);
  const otherVenues = () => venues.inUse().filter((v) => v.broker !== broker);
  const publish = createBusPublisher(bus, logger);
  const riskBook = rollRiskBookDaily(createRiskBook(), () => istDate(clock.now()));
  const positions = createPositionTracker({
    prisma,
    clock,
    logger,
    product: config.orders.product,
    ...(options.writes === undefined ? {} : { writes: options.writes }),
  });
  const counted = new Map<string, string>();
  let timers: ReturnType<typeof setInterval>[] = [];
  let unsubscribe: (() => void) | null = null;
  let reconnecting = false;
  let marketData: { state: string; reason: string | null; at: number | null } = {
    state: 'CONNECTING',
    reason: null,
    at: null,
  };
  let lastTickAt: number | null = null;
  let lastBrokerEventAt: number | null = null;
  const priceBook = createPriceBook({
    subscribe: (token) => {
      broker.subscribe([token], 'quote');
    },
  });
  const slippage = options.slippage;

  const recorder = createTradeRecorder({
    prisma,
    clock,
    logger,
    ordersOf: (groupId) => oco.ordersOf(groupId),
    ...(options.writes === undefined ? {} : { writes: options.writes }),
    onTrade: (trade, group) => {
      publish.event(
        'trade',
        `${group.instrument.tradingSymbol} closed: ${trade.quantity} at P&L ${trade.realisedPnl} paise`,
        {
          groupId: trade.groupId,
          tradeId: trade.id,
          realisedPnl: trade.realisedPnl,
          fees: trade.fees,
        },
        clock.now(),
      );
    },
  });

  function countOrder(order: TrackedOrder): void {
    const status = order.state.status;
    if (counted.get(order.clientOrderId) === status) return;
    counted.set(order.clientOrderId, status);
    if (status === 'SUBMITTED') {
      metrics.orderPlaced(order.role);
      if (order.sentAt !== null && order.answeredAt !== null) {
        metrics.observeOrderAck((order.answeredAt - order.sentAt) / 1000);
      }
    } else if (status === 'FILLED') metrics.orderFilled(order.role);
    else if (status === 'REJECTED') metrics.orderRejected(order.role);
  }

  function groupChanged(group: ManagedGroup): void {
    if (!ACCEPTED_GROUP_STATES.has(group.group.status)) riskBook.stopEntering(group.id);
    if (group.group.status === 'CLOSED') releaseHedgeOf(group.id);
    if (!ACCEPTED_GROUP_STATES.has(group.group.status)) rejections?.forget(group.id);
    recorder.groupChanged(group).catch((error: unknown) => {
      logger.error({ error, groupId: group.id }, 'trade record failed');
    });
  }

  const oco = createOcoManager({
    prisma,
    venues,
    clock,
    logger,
    product: config.orders.product,
    marketProtection: config.orders.marketProtectionPct,
    lastPrice: (token) => priceBook.latest(token)?.price ?? null,
    ...(options.failpoint === undefined ? {} : { failpoint: options.failpoint }),
    ...(options.writes === undefined ? {} : { writes: options.writes }),
    ...(options.statements === undefined ? {} : { statements: options.statements }),
    observer: {
      orderChanged: (order) => {
        countOrder(order);
        publish.order(order);
        if (
          order.role === 'ENTRY' &&
          order.state.status === 'REJECTED' &&
          order.state.filledQuantity === 0
        ) {
          rejections?.entryRejected(order).catch((error: unknown) => {
            logger.error({ error, clientOrderId: order.clientOrderId }, 'rejection action failed');
          });
        }
        if (slippage !== undefined && order.role === 'ENTRY') {
          const { status } = order.state;
          if (status !== 'PENDING_SUBMIT') slippage.acknowledged(order.clientOrderId);
          // A FILLED entry is let go by its fill (reported after this), not here.
          if (isClosedStatus(status) && status !== 'FILLED') {
            slippage.finished(order.clientOrderId);
          }
        }
      },
      riskRaised: (risk) => {
        metrics.riskEvent(risk.kind, risk.severity);
        publish.risk(risk);
      },
      filled: (fill) => {
        if (slippage !== undefined && fill.order.role === 'ENTRY') {
          const { state } = fill.order;
          slippage.filled(
            fill.order.clientOrderId,
            fill.price,
            state.filledQuantity >= state.quantity,
          );
        }
        riskBook.applyFill(fill.group.id, fill.order.side, fill.quantity, fill.price);
        positions
          .applyFill({
            token: fill.order.instrument.token,
            instrumentId: fill.group.instrumentId,
            side: fill.order.side,
            quantity: fill.quantity,
            price: fill.price,
          })
          .catch((error: unknown) => {
            logger.error({ error }, 'position write failed');
          });
        updateRiskGauges();
        options.onRiskChanged?.();
      },
      groupChanged,
      protectionSent: (_order, afterFillMs) => {
        metrics.observeProtectiveStop(afterFillMs / 1000);
      },
    },
  });

  /** Hedge group → the main group it protects (execute-signal with a hedge). */
  const hedges = new Map<string, string>();
  const flattener: FlattenPort = createFlattenAll({
    oco,
    venues,
    clock,
    logger,
    hedgeOf: (groupId) => hedges.get(groupId),
  });

  /** A main leg that is out no longer needs its hedge. */
  function releaseHedgeOf(mainGroupId: string): void {
    for (const [hedgeId, mainId] of hedges) {
      if (mainId !== mainGroupId) continue;
      hedges.delete(hedgeId);
      oco.flattenGroup(hedgeId, 'its main leg is closed').catch((error: unknown) => {
        logger.error({ error, hedgeId }, 'hedge exit failed');
      });
    }
  }

  const rejections =
    options.calendar === undefined
      ? null
      : createRejectionActions({
          prisma,
          clock,
          calendar: options.calendar,
          logger,
          pipeline: () => pipeline,
          readyForEntries: (now) =>
            options.entriesAllowed(now) &&
            isWithinEntryWindow(config.risk.entryWindow, istMinutesOfDay(now)),
          announce: (type, message, data) => {
            publish.event(type, message, data, clock.now());
          },
        });

  const pipeline = createEntryPipeline({
    prisma,
    clock,
    logger,
    oco,
    riskBook,
    configSha: options.configSha,
    riskConfig: config.risk,
    capital: config.capital,
    orders: config.orders,
    tradingState: options.tradingState,
    entriesAllowed: (token, now) =>
      options.entriesAllowed(now) && !(options.instrumentBlocked?.(token) ?? false),
    instrumentOf: (token) => {
      const instrument = instruments.byToken(token);
      const instrumentId = instruments.idOf(token);
      return instrument === undefined || instrumentId === undefined
        ? undefined
        : { instrument, instrumentId };
    },
    onSignal: (message) => {
      metrics.signalGenerated(message.opportunity.strategy);
      publish.signal(message);
    },
    ...(slippage === undefined
      ? {}
      : {
          slippage: {
            manager: slippage,
            price: async (instrument: Instrument) => {
              const { maxQuoteAgeMs } = slippage.limits();
              const last = await priceBook.fresh(
                instrument.token,
                clock.now(),
                maxQuoteAgeMs,
                options.priceWaitMs ?? 1_500,
              );
              return last?.price ?? null;
            },
          },
        }),
    onOpened: (groupId, intent) => {
      rejections?.remember(groupId, intent);
    },
    onDecision: (message) => {
      metrics.decision(
        message.decision.approved,
        message.decision.approved ? null : (message.untakenReason ?? message.decision.reason),
      );
      publish.decision(message);
    },
  });

  let started = false;
  let scanScheduled = false;
  // A bar closed by a tick is scanned at once, not on the next timer: tick-to-order latency.
  const bars = createBarBuilder({
    onBar: (bar) => {
      scan.noteBar(bar);
      if (!started || scanScheduled) return;
      scanScheduled = true;
      setImmediate(() => {
        scanScheduled = false;
        scan.runNow().catch((error: unknown) => {
          logger.error({ error }, 'scan failed');
        });
      });
    },
  });
  const universe: number[] = [];
  for (const key of config.universe) {
    const instrument = instruments.bySymbol(key);
    if (instrument === undefined) logger.warn({ instrument: key }, 'universe instrument unknown');
    else universe.push(instrument.token);
  }
  const scan = createScanCycle({
    bars,
    strategies: options.strategies ?? createStrategies(config.strategies),
    universe: () => universe,
    instrumentOf: instruments.byToken,
    rank: { maxPerCycle: config.scan.maxSignalsPerCycle, minScore: config.scan.minScore },
    pipeline,
    clock,
    logger,
    onScan: (result) => {
      metrics.signalsRanked(result.opportunities);
      metrics.observeScanCycle(result.durationMs / 1000);
    },
  });

  const conflator = createTickConflator({
    intervalMs: options.tickConflationMs ?? 250,
    publish: (tick: Tick) => {
      publish.tick(tick);
    },
  });

  function updateRiskGauges(): void {
    const book = riskBook.snapshot();
    metrics.setOpenPositions(book.openPositions);
    metrics.setPnl(book.realisedPnlToday, book.unrealisedPnlToday);
    metrics.setHeat(book.openRisk, computeHeatLimit(config.risk, config.capital));
  }

  function onTicks(ticks: readonly Tick[]): void {
    lastTickAt = clock.now();
    metrics.ticksReceived(ticks);
    for (const tick of ticks) {
      priceBook.update(tick.token, tick.lastPrice, clock.now());
      slippage?.marked(tick.token, tick.lastPrice);
      bars.addTick(tick);
      riskBook.mark(tick.token, tick.lastPrice);
      positions.mark(tick.token, tick.lastPrice);
      conflator.offer(tick);
    }
  }

  async function refetchOrderBook(): Promise<void> {
    const book = await broker.getOrders();
    if (!book.ok) {
      logger.warn({ error: book.error }, 'order book fetch after reconnect failed');
      return;
    }
    for (const report of book.value) await oco.handleReport(report, 'POLL', 'KITE');
  }

  function onOrderReport(event: Extract<BrokerEvent, { type: 'order' }>, venue: OrderVenue) {
    oco.handleReport(event.report, event.source, venue).catch((error: unknown) => {
      logger.error({ error, report: event.report, venue }, 'order report failed');
    });
  }

  /** Another venue (the paper broker) contributes its orders only; market data is Kite's. */
  function onVenueEvent(event: BrokerEvent, venue: OrderVenue): void {
    if (event.type === 'order') onOrderReport(event, venue);
    else if (event.type === 'invalidUpdate') logger.warn({ event, venue }, 'broker update refused');
  }

  function onBrokerEvent(event: BrokerEvent): void {
    lastBrokerEventAt = clock.now();
    switch (event.type) {
      case 'order':
        onOrderReport(event, 'KITE');
        return;
      case 'ticks':
        onTicks(event.ticks);
        return;
      case 'marketData':
        metrics.setMarketDataState(event.state);
        marketData = { state: event.state, reason: event.reason, at: clock.now() };
        publish.event(
          'marketData',
          `market data ${event.state}`,
          { state: event.state, reason: event.reason },
          clock.now(),
        );
        if (event.state === 'RECONNECTING') reconnecting = true;
        if (event.state === 'CONNECTED' && reconnecting) {
          reconnecting = false;
          metrics.tickerReconnected();
          // Updates sent while the ticker was away are lost: the book is the truth.
          refetchOrderBook().catch((error: unknown) => {
            logger.error({ error }, 'refetch failed');
          });
        }
        return;
      case 'sessionExpired':
        metrics.setKiteSessionValid(false);
        publish.event('session', event.message, { valid: false }, clock.now());
        options.onSessionExpired?.(event.message);
        return;
      case 'invalidUpdate':
        metrics.riskEvent('INVALID_UPDATE', 'WARNING');
        logger.warn({ event }, 'broker update refused');
        return;
    }
  }

  /** Webhooks and execute-signal enter the same pipeline here. */
  const intake = createSignalIntake({
    prisma,
    clock,
    pipeline,
    oco,
    priceBook,
    bySymbol: instruments.bySymbol,
    allInstruments: instruments.all ?? (() => []),
    maxQuoteAgeMs: () => slippage?.limits().maxQuoteAgeMs ?? DEFAULT_QUOTE_AGE_MS,
    hedges,
  });

  return {
    oco,
    venues,
    flattener,
    intake,
    pipeline,
    priceBook,
    hedges,
    rejections,
    riskBook,
    positions,
    bars,
    scan,
    universe: () => universe,
    marketData: () => ({ ...marketData, lastTickAt }),
    lastBrokerEventAt: () => lastBrokerEventAt,
    /** The numbers the auto-pause and GET /risk need. */
    riskSnapshot: (): RiskSnapshot => {
      const book = riskBook.snapshot();
      const working = oco
        .openGroups()
        .flatMap((g) => oco.ordersOf(g.id))
        .filter((o) => !isClosedStatus(o.state.status)).length;
      return {
        capital: config.capital,
        realisedPnlToday: book.realisedPnlToday,
        unrealisedPnlToday: book.unrealisedPnlToday,
        openRisk: book.openRisk,
        heatLimit: computeHeatLimit(config.risk, config.capital),
        dailyLossLimit: computeDailyLossLimit(config.risk, config.capital),
        openPositions: book.openPositions,
        maxOpenPositions: config.risk.maxOpenPositions,
        workingOrders: working,
      };
    },
    handleBrokerEvent: onBrokerEvent,
    /**
     * After a restart, once the stored brackets are taken up and before the broker's book is
     * applied to them or any entry is allowed: the risk book and the positions get the day so
     * far (open brackets, trades closed earlier today, open positions).
     */
    restoreDay: async (): Promise<RestoredDay> => {
      const restored = await restoreDay({
        prisma,
        clock,
        logger,
        product: config.orders.product,
        groups: oco.openGroups(),
        ordersOf: (groupId) => oco.ordersOf(groupId),
        riskBook,
        positions,
        enteringStates: ACCEPTED_GROUP_STATES,
      });
      updateRiskGauges();
      return restored;
    },
    /** Subscribes the universe, starts the clocked scan and the periodic writes. */
    start: async (): Promise<void> => {
      started = true;
      const unsubscribers = [
        broker.onEvent(onBrokerEvent),
        ...otherVenues().map((v) =>
          v.broker.onEvent((event) => {
            onVenueEvent(event, v.venue);
          }),
        ),
      ];
      unsubscribe = () => {
        for (const off of unsubscribers) off();
      };
      for (const v of otherVenues()) await v.broker.start();
      await broker.start();
      broker.subscribe(universe, 'full');
      timers = [
        setInterval(() => {
          scan.runNow().catch((error: unknown) => {
            logger.error({ error }, 'scan failed');
          });
        }, options.scanIntervalMs ?? 1_000),
        setInterval(() => {
          rejections?.releaseDue().catch((error: unknown) => {
            logger.error({ error }, 'queued entries not released');
          });
        }, options.queueCheckMs ?? 30_000),
        setInterval(() => {
          updateRiskGauges();
          positions.flush().catch((error: unknown) => {
            logger.error({ error }, 'flush failed');
          });
        }, options.positionFlushMs ?? 5_000),
      ];
    },
    stop: async (): Promise<void> => {
      started = false;
      for (const timer of timers) clearInterval(timer);
      timers = [];
      conflator.stop();
      priceBook.stop();
      unsubscribe?.();
      await broker.stop();
      for (const v of otherVenues()) await v.broker.stop();
      await oco.idle();
      await positions.idle();
      await positions.flush();
    },
    idle: async (): Promise<void> => {
      await oco.idle();
      await positions.idle();
    },
  };
}

export type TradingEngine = ReturnType<typeof createTradingEngine>;
