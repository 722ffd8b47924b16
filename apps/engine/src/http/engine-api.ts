import type { Actor, FlattenReport } from '../control/ports';

/** A control action's answer: the new state, or a typed refusal saying why nothing changed. */
export type ControlResult =
  | { ok: true; state: Record<string, unknown> }
  | {
      ok: false;
      code: string;
      message: string;
      /** Anything that helps the caller fix the request, e.g. every unmet LIVE condition. */
      details?: Record<string, unknown>;
    };

/** POST /api/positions/exit: the group's state after the exit was commanded, or why not. */
export type ExitPositionResult =
  | { ok: true; groupId: string; tradingSymbol: string; status: string }
  | {
      ok: false;
      /** GROUP_NOT_FOUND and GROUP_CLOSED answer 404; HEDGE_IN_USE 409. */
      code: 'GROUP_NOT_FOUND' | 'GROUP_CLOSED' | 'HEDGE_IN_USE';
      message: string;
    };

export type PostbackResult = { ok: true } | { ok: false; reason: string };

/** An answer whose status the service decides (webhooks, execute-signal). */
export interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface SlippageHistoryQuery {
  readonly limit: number;
  readonly cursor: string | null;
  readonly strategy: string | null;
  readonly check: 'ACCEPTED' | 'REPRICED' | 'REJECTED' | null;
}

/** What the HTTP API needs from the engine; start-engine.ts composes it from the services. */
export interface EngineApi {
  /** GET /status/all: trading state, mode, market data, session, reconciliation, counts, EOD phase, config SHA, uptime. */
  status(): Promise<Record<string, unknown>>;
  /** GET /risk: limits, usage, auto-pause reasons, recent risk events. */
  risk(): Promise<Record<string, unknown>>;
  pause(actor: Actor, reason: string): Promise<ControlResult>;
  resume(actor: Actor, reason: string): Promise<ControlResult>;
  reset(actor: Actor): Promise<ControlResult>;
  flatten(actor: Actor, reason: string): Promise<FlattenReport>;
  /** POST /api/positions/exit: one bracket out now (the kill switch's exit, for one group). */
  exitPosition(actor: Actor, groupId: string, reason: string): Promise<ExitPositionResult>;
  setMode(
    actor: Actor,
    mode: 'PAPER' | 'LIVE',
    confirmation: string | null,
  ): Promise<ControlResult>;
  /** POST /session: the request token from Kite's login redirect becomes the new session. */
  renewSession(actor: Actor, requestToken: string): Promise<ControlResult>;
  /** GET /api/reconciliation/status: the last run, and the instruments blocked by it. */
  reconciliationStatus(): Promise<Record<string, unknown>>;
  /** POST /api/reconciliation/run: a run now (joins one already running). */
  runReconciliation(actor: Actor): Promise<ControlResult>;
  /** GET /api/reconciliation/discrepancies: newest first. */
  discrepancies(query: {
    limit: number;
    unresolvedOnly: boolean;
  }): Promise<Record<string, unknown>>;
  /** GET /api/slippage/stats: by strategy, instrument and hour over the last `hours`. */
  slippageStats(query: { hours: number }): Promise<Record<string, unknown>>;
  /** GET /api/slippage/history: samples, newest first, paged. */
  slippageHistory(query: SlippageHistoryQuery): Promise<HttpAnswer>;
  /** GET /api/slippage/config: the tolerances in force and their SHA. */
  slippageConfig(): Promise<Record<string, unknown>>;
  /** PUT /api/slippage/config: validated (the schema's issues come back as 400), new SHA. */
  setSlippageConfig(actor: Actor, body: unknown): Promise<ControlResult>;
  /** GET /api/config/trading: the trading config in force (file form, SHA), and one stored since. */
  tradingConfig(): Promise<Record<string, unknown>>;
  /** PUT /api/config/trading: validated (400 with the errors), stored for the next start. */
  setTradingConfig(actor: Actor, body: unknown): Promise<HttpAnswer>;
  /** POST /live/execute-signal: a NIFTY option signal, hedge first when asked. */
  executeSignal(actor: Actor, body: unknown, receivedAt: number): Promise<HttpAnswer>;
  /** POST /webhooks/tradingview/:strategyId: the secret is in the body. */
  tradingViewWebhook(strategyId: string, body: unknown, remoteAddress: string): Promise<HttpAnswer>;
  /** GET /system/metrics: CPU, memory, disk, network, event-loop delay. */
  systemMetrics(): Promise<Record<string, unknown>>;
  /** Kite postbacks: the engine checks the checksum and feeds the order watcher. */
  receivePostback(body: unknown): PostbackResult;
  health(): Promise<{ ok: boolean; details: Record<string, unknown> }>;
}
