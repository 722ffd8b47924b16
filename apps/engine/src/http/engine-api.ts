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

export type PostbackResult = { ok: true } | { ok: false; reason: string };

/** What the HTTP API needs from the engine; main.ts composes it from the services. */
export interface EngineApi {
  /** GET /status/all: trading state, mode, market data, session, reconciliation, counts, EOD phase, config SHA, uptime. */
  status(): Promise<Record<string, unknown>>;
  /** GET /risk: limits, usage, auto-pause reasons, recent risk events. */
  risk(): Promise<Record<string, unknown>>;
  pause(actor: Actor, reason: string): Promise<ControlResult>;
  resume(actor: Actor, reason: string): Promise<ControlResult>;
  reset(actor: Actor): Promise<ControlResult>;
  flatten(actor: Actor, reason: string): Promise<FlattenReport>;
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
  /** GET /system/metrics: CPU, memory, disk, network, event-loop delay. */
  systemMetrics(): Promise<Record<string, unknown>>;
  /** Kite postbacks: the engine checks the checksum and feeds the order watcher. */
  receivePostback(body: unknown): PostbackResult;
  health(): Promise<{ ok: boolean; details: Record<string, unknown> }>;
}
