import type { MarketDataState, TickMode } from '@kavach/broker';
import {
  type Paise,
  TRADING_STATES,
  type TradingState,
  addPaise,
  paiseToRupees,
} from '@kavach/domain';
import {
  Counter,
  Gauge,
  Histogram,
  type LabelValues,
  Registry,
  collectDefaultMetrics,
} from 'prom-client';

export const MARKET_DATA_STATES: readonly MarketDataState[] = [
  'CONNECTING',
  'CONNECTED',
  'RECONNECTING',
  'STALE',
  'CLOSED',
];
const TRADING_MODES = ['PAPER', 'LIVE'] as const;
const MISNAMED_DEFAULT_METRICS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** Broker round trips: tens of milliseconds normally, seconds when Kite is struggling. */
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const API_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const SCAN_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** One series per value, 1 for the current one: alerts match a name, not a number. */
function setOneHot<L extends string>(
  gauge: Gauge<L>,
  label: L,
  current: string,
  all: readonly string[],
): void {
  for (const value of new Set([...all, current])) {
    gauge.set({ [label]: value } as LabelValues<L>, value === current ? 1 : 0);
  }
}

export interface EngineMetricsOptions {
  /** Process metrics (CPU, memory, event loop, GC); on by default. */
  readonly collectDefault?: boolean;
}

export type EngineMetrics = ReturnType<typeof createEngineMetrics>;

/**
 * Every engine metric on one registry of its own (never prom-client's global one, so two
 * engines in one test process do not collide). Money gauges are in rupees, as Prometheus
 * values are floats and dashboards show rupees; the engine itself counts paise.
 */
export function createEngineMetrics(options: EngineMetricsOptions = {}) {
  const registry = new Registry();
  const beforeRender: (() => void)[] = [];
  const registers = [registry];
  if (options.collectDefault ?? true) {
    collectDefaultMetrics({ register: registry });
    // Totals of the per-type nodejs_active_* gauges, named like counters: promtool's lint
    // rejects them, and the per-type series carry the same numbers.
    for (const name of MISNAMED_DEFAULT_METRICS) registry.removeSingleMetric(name);
  }

  const signals = new Counter({
    name: 'kavach_signals_generated_total',
    help: 'Signals generated, by strategy.',
    labelNames: ['strategy'] as const,
    registers,
  });
  const ranked = new Counter({
    name: 'kavach_signals_ranked_total',
    help: 'Signals that went through ranking.',
    registers,
  });
  const decisions = new Counter({
    name: 'kavach_decisions_total',
    help: 'Risk decisions, by outcome (approved or rejected) and rejection reason.',
    labelNames: ['outcome', 'reason'] as const,
    registers,
  });
  const ordersPlaced = new Counter({
    name: 'kavach_orders_placed_total',
    help: 'Orders sent to the broker, by leg role.',
    labelNames: ['role'] as const,
    registers,
  });
  const ordersFilled = new Counter({
    name: 'kavach_orders_filled_total',
    help: 'Orders completely filled, by leg role.',
    labelNames: ['role'] as const,
    registers,
  });
  const ordersRejected = new Counter({
    name: 'kavach_orders_rejected_total',
    help: 'Orders rejected by the broker or exchange, by leg role.',
    labelNames: ['role'] as const,
    registers,
  });
  const ackLatency = new Histogram({
    name: 'kavach_order_ack_latency_seconds',
    help: 'Time from submitting an order to the broker acknowledging it.',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const stopLatency = new Histogram({
    name: 'kavach_protective_stop_latency_seconds',
    help: 'Time from an entry fill to its protective stop being sent.',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const openPositions = new Gauge({
    name: 'kavach_open_positions',
    help: 'Open positions.',
    registers,
  });
  const realised = new Gauge({
    name: 'kavach_realised_pnl_rupees',
    help: 'Realised P&L today, in rupees.',
    registers,
  });
  const unrealised = new Gauge({
    name: 'kavach_unrealised_pnl_rupees',
    help: 'Unrealised P&L of open positions, in rupees.',
    registers,
  });
  const dailyPnl = new Gauge({
    name: 'kavach_daily_pnl_rupees',
    help: 'Realised plus unrealised P&L today, in rupees.',
    registers,
  });
  const heat = new Gauge({
    name: 'kavach_portfolio_heat_rupees',
    help: 'Open risk: what all open positions lose if every stop fills, in rupees.',
    registers,
  });
  const heatRatio = new Gauge({
    name: 'kavach_portfolio_heat_ratio',
    help: 'Open risk as a fraction of the heat limit (1 = at the limit).',
    registers,
  });
  const riskEvents = new Counter({
    name: 'kavach_risk_events_total',
    help: 'Risk events, by kind and severity.',
    labelNames: ['kind', 'severity'] as const,
    registers,
  });
  const ticks = new Counter({
    name: 'kavach_ticks_received_total',
    help: 'Market data ticks received from the broker, by subscription mode (ltp, quote, full).',
    labelNames: ['mode'] as const,
    registers,
  });
  const reconnects = new Counter({
    name: 'kavach_ticker_reconnects_total',
    help: 'Market data WebSocket reconnects.',
    registers,
  });
  const marketData = new Gauge({
    name: 'kavach_market_data_state',
    help: 'Market data connection state: 1 for the current state, 0 for the others.',
    labelNames: ['state'] as const,
    registers,
  });
  const apiRequests = new Counter({
    name: 'kavach_api_requests_total',
    help: 'Engine API requests, by method, route and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const apiDuration = new Histogram({
    name: 'kavach_api_request_duration_seconds',
    help: 'Engine API request duration, by method and route.',
    labelNames: ['method', 'route'] as const,
    buckets: API_BUCKETS,
    registers,
  });
  const scanCycle = new Histogram({
    name: 'kavach_scan_cycle_duration_seconds',
    help: 'Duration of one strategy scan over the universe.',
    buckets: SCAN_BUCKETS,
    registers,
  });
  const tradingState = new Gauge({
    name: 'kavach_trading_state',
    help: 'Trading state: 1 for the current state (ACTIVE, PAUSED, HALTED), 0 for the others.',
    labelNames: ['state'] as const,
    registers,
  });
  const tradingMode = new Gauge({
    name: 'kavach_trading_mode',
    help: 'Trading mode: 1 for the current mode (PAPER or LIVE), 0 for the other.',
    labelNames: ['mode'] as const,
    registers,
  });
  const killSwitch = new Gauge({
    name: 'kavach_kill_switch_engaged',
    help: '1 while the kill switch holds the engine HALTED.',
    registers,
  });
  const session = new Gauge({
    name: 'kavach_kite_session_valid',
    help: '1 while the Kite session is valid.',
    registers,
  });
  const reconciliation = new Gauge({
    name: 'kavach_reconciliation_clean',
    help: '1 when the last reconciliation with the broker found no differences.',
    registers,
  });
  const leaseHeld = new Gauge({
    name: 'kavach_engine_lease_held',
    help: '1 while this engine holds its Kite account lease and trades; a standby serves 0.',
    registers,
  });
  const reconciliationAt = new Gauge({
    name: 'kavach_reconciliation_last_run_timestamp_seconds',
    help: 'When reconciliation last ran (Unix time); 0 before the first run.',
    registers,
  });

  setOneHot(tradingState, 'state', 'ACTIVE', TRADING_STATES);
  setOneHot(tradingMode, 'mode', 'PAPER', TRADING_MODES);
  setOneHot(marketData, 'state', 'CLOSED', MARKET_DATA_STATES);
  for (const gauge of [openPositions, realised, unrealised, dailyPnl, heat, heatRatio])
    gauge.set(0);
  for (const gauge of [killSwitch, session, reconciliation, reconciliationAt]) gauge.set(0);
  leaseHeld.set(1);

  return {
    registry,
    contentType: registry.contentType,
    /** The text exposition for GET /metrics. */
    render: async () => {
      for (const refresh of beforeRender) refresh();
      return registry.metrics();
    },
    /**
     * State read from its owner at each scrape (the Kite session, the last reconciliation):
     * the figure is exactly as fresh as the scrape, with no second copy to keep in step.
     */
    refreshOnRender: (refresh: () => void) => {
      beforeRender.push(refresh);
    },

    signalGenerated: (strategy: string) => {
      signals.inc({ strategy });
    },
    signalsRanked: (count = 1) => {
      ranked.inc(count);
    },
    decision: (approved: boolean, reason: string | null = null) => {
      decisions.inc({
        outcome: approved ? 'approved' : 'rejected',
        reason: approved ? '' : (reason ?? 'UNKNOWN'),
      });
    },
    orderPlaced: (role: string) => {
      ordersPlaced.inc({ role });
    },
    orderFilled: (role: string) => {
      ordersFilled.inc({ role });
    },
    orderRejected: (role: string) => {
      ordersRejected.inc({ role });
    },
    setLeaseHeld: (held: boolean) => {
      leaseHeld.set(held ? 1 : 0);
    },
    observeOrderAck: (seconds: number) => {
      ackLatency.observe(seconds);
    },
    observeProtectiveStop: (seconds: number) => {
      stopLatency.observe(seconds);
    },
    setOpenPositions: (count: number) => {
      openPositions.set(count);
    },
    setPnl: (realisedToday: Paise, unrealisedNow: Paise) => {
      realised.set(paiseToRupees(realisedToday));
      unrealised.set(paiseToRupees(unrealisedNow));
      dailyPnl.set(paiseToRupees(addPaise(realisedToday, unrealisedNow)));
    },
    setHeat: (openRisk: Paise, heatLimit: Paise) => {
      heat.set(paiseToRupees(openRisk));
      heatRatio.set(heatLimit > 0 ? openRisk / heatLimit : 0);
    },
    riskEvent: (kind: string, severity: 'INFO' | 'WARNING' | 'CRITICAL') => {
      riskEvents.inc({ kind, severity });
    },
    /** Counted per batch, not per tick: hundreds of instruments tick several times a second. */
    ticksReceived: (batch: readonly { readonly mode: TickMode }[]) => {
      const counts = new Map<TickMode, number>();
      for (const { mode } of batch) counts.set(mode, (counts.get(mode) ?? 0) + 1);
      for (const [mode, count] of counts) ticks.inc({ mode }, count);
    },
    tickerReconnected: () => {
      reconnects.inc();
    },
    setMarketDataState: (state: MarketDataState) => {
      setOneHot(marketData, 'state', state, MARKET_DATA_STATES);
    },
    observeApiRequest: (method: string, route: string, status: number, seconds: number) => {
      apiRequests.inc({ method, route, status: String(status) });
      apiDuration.observe({ method, route }, seconds);
    },
    observeScanCycle: (seconds: number) => {
      scanCycle.observe(seconds);
    },
    setTradingState: (state: TradingState) => {
      setOneHot(tradingState, 'state', state, TRADING_STATES);
    },
    setTradingMode: (mode: 'PAPER' | 'LIVE') => {
      setOneHot(tradingMode, 'mode', mode, TRADING_MODES);
    },
    setKillSwitchEngaged: (engaged: boolean) => {
      killSwitch.set(engaged ? 1 : 0);
    },
    setKiteSessionValid: (valid: boolean) => {
      session.set(valid ? 1 : 0);
    },
    setReconciliation: (clean: boolean, atMs: number | null) => {
      reconciliation.set(clean && atMs !== null ? 1 : 0);
      reconciliationAt.set(atMs === null ? 0 : atMs / 1000);
    },
  };
}
