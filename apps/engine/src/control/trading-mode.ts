import type { Clock } from '@kavach/domain';
import type { Logger } from '@kavach/config';
import type { ControlStore } from './control-store';
import type { Actor, EventSink, ReconciliationPort, RiskSnapshotPort, SessionPort } from './ports';

export type TradingMode = 'PAPER' | 'LIVE';

/** What a person must type, exactly, to trade real money. */
export const LIVE_CONFIRMATION_PHRASE = 'I understand this trades real money';

export const MODE_CONDITIONS = [
  'USER_REQUIRED',
  'LIVE_NOT_ALLOWED',
  'SESSION_INVALID',
  'RECONCILIATION_NOT_CLEAN',
  'CONFIRMATION_MISMATCH',
  'POSITIONS_OPEN',
  'ORDERS_WORKING',
] as const;
export type ModeCondition = (typeof MODE_CONDITIONS)[number];

export interface UnmetCondition {
  readonly code: ModeCondition;
  readonly message: string;
}

export interface ModeStatus {
  readonly mode: TradingMode;
  readonly since: number | null;
  readonly changedBy: Actor | null;
}

export type SetModeResult =
  | { readonly ok: true; readonly changed: boolean; readonly status: ModeStatus }
  | {
      readonly ok: false;
      readonly code: 'MODE_CHANGE_REFUSED';
      readonly message: string;
      /** Every condition not met, so the dashboard can list them all at once. */
      readonly unmet: readonly UnmetCondition[];
      readonly status: ModeStatus;
    };

export interface SetModeRequest {
  readonly mode: TradingMode;
  readonly confirmation: string | null;
  readonly actor: Actor;
}

export interface TradingModeService {
  /** Restores the mode at start-up (see createTradingModeService for the rule). */
  load(): Promise<ModeStatus>;
  current(): ModeStatus;
  setMode(request: SetModeRequest): Promise<SetModeResult>;
}

export interface TradingModeOptions {
  readonly store: ControlStore;
  readonly clock: Clock;
  readonly events: EventSink;
  readonly logger: Logger;
  /** TRADING_MODE from the environment. */
  readonly configured: TradingMode;
  /** ALLOW_LIVE from the environment. */
  readonly allowLive: boolean;
  readonly session: SessionPort;
  readonly reconciliation: ReconciliationPort;
  readonly risk: RiskSnapshotPort;
}

const AUDIT_ACTION = 'trading_mode.changed';

/**
 * PAPER or LIVE. Going LIVE needs ALLOW_LIVE, a valid Kite session, a clean reconciliation,
 * the confirmation phrase and a person; any switch needs the account flat (no positions, no
 * working orders), so no order is ever managed in a mode it was not placed in.
 *
 * At start-up the engine takes the safer of the configured mode and the last stored switch:
 * LIVE only when TRADING_MODE=LIVE, ALLOW_LIVE=true and nobody switched to PAPER since. A
 * switch to LIVE made through the API is not restored after a restart, because the session
 * and reconciliation it was checked against are gone; a person switches again.
 */
export function createTradingModeService(options: TradingModeOptions): TradingModeService {
  const { store, clock, events, logger } = options;
  let status: ModeStatus = { mode: 'PAPER', since: null, changedBy: null };
  let chain: Promise<unknown> = Promise.resolve();

  async function collectUnmet(request: SetModeRequest): Promise<UnmetCondition[]> {
    const unmet: UnmetCondition[] = [];
    if (request.mode === 'LIVE') {
      if (request.actor.type !== 'USER') {
        unmet.push({ code: 'USER_REQUIRED', message: 'only a person may switch to LIVE' });
      }
      if (!options.allowLive) {
        unmet.push({
          code: 'LIVE_NOT_ALLOWED',
          message: 'LIVE trading is disabled on this engine (set ALLOW_LIVE=true and restart)',
        });
      }
      const session = options.session.kiteSession();
      if (!session.valid) {
        unmet.push({
          code: 'SESSION_INVALID',
          message: `no valid Kite session${session.message === null ? '' : `: ${session.message}`}`,
        });
      }
      const reconciliation = options.reconciliation.lastStatus();
      if (reconciliation.at === null || !reconciliation.clean) {
        unmet.push({
          code: 'RECONCILIATION_NOT_CLEAN',
          message:
            reconciliation.at === null
              ? 'reconciliation with the broker has not run yet'
              : `the last reconciliation found differences${reconciliation.message === null ? '' : `: ${reconciliation.message}`}`,
        });
      }
      if (request.confirmation !== LIVE_CONFIRMATION_PHRASE) {
        unmet.push({
          code: 'CONFIRMATION_MISMATCH',
          message: `type the confirmation exactly: "${LIVE_CONFIRMATION_PHRASE}"`,
        });
      }
    }
    const risk = await options.risk.snapshot();
    if (risk.openPositions > 0) {
      unmet.push({
        code: 'POSITIONS_OPEN',
        message: `${risk.openPositions} positions are open: flatten before switching mode`,
      });
    }
    if (risk.workingOrders > 0) {
      unmet.push({
        code: 'ORDERS_WORKING',
        message: `${risk.workingOrders} orders are working: cancel them before switching mode`,
      });
    }
    return unmet;
  }

  async function change(request: SetModeRequest): Promise<SetModeResult> {
    if (request.mode === status.mode) return { ok: true, changed: false, status };
    const unmet = await collectUnmet(request);
    if (unmet.length > 0) {
      logger.warn({ mode: request.mode, unmet: unmet.map((u) => u.code) }, 'mode change refused');
      return {
        ok: false,
        code: 'MODE_CHANGE_REFUSED',
        message: `cannot switch to ${request.mode}: ${unmet.map((u) => u.message).join('; ')}`,
        unmet,
        status,
      };
    }
    const at = clock.now();
    const from = status.mode;
    await store.appendAudit({
      actor: request.actor,
      action: AUDIT_ACTION,
      entity: 'trading_mode',
      payload: { from, to: request.mode },
      at,
    });
    status = { mode: request.mode, since: at, changedBy: request.actor };
    logger.warn({ from, to: request.mode, actor: request.actor }, 'trading mode changed');
    try {
      events.event('trading_mode.changed', `Trading mode ${from} → ${request.mode}`, {
        from,
        to: request.mode,
        actor: request.actor,
      });
    } catch (error) {
      logger.error({ err: error }, 'event sink failed');
    }
    return { ok: true, changed: true, status };
  }

  return {
    load: async () => {
      const last = await store.lastAudit(AUDIT_ACTION);
      const stored = readStoredMode(last?.payload);
      const configured = options.configured === 'LIVE' && options.allowLive ? 'LIVE' : 'PAPER';
      const mode: TradingMode = configured === 'LIVE' && stored !== 'PAPER' ? 'LIVE' : 'PAPER';
      status =
        last !== null && stored === mode
          ? { mode, since: last.at, changedBy: last.actor }
          : { mode, since: null, changedBy: null };
      logger.info({ mode, configured: options.configured, stored }, 'trading mode');
      return status;
    },
    current: () => status,
    setMode: (request) => {
      // One change at a time: two requests must not both pass the checks against the old mode.
      const result = chain.then(() => change(request));
      chain = result.catch(() => undefined);
      return result;
    },
  };
}

function readStoredMode(payload: unknown): TradingMode | null {
  if (typeof payload !== 'object' || payload === null || !('to' in payload)) return null;
  const to = payload.to;
  return to === 'PAPER' || to === 'LIVE' ? to : null;
}
