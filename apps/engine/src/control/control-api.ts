import type { ControlResult, EngineApi } from '../http/engine-api';
import type { KillSwitch, KillSwitchResetResult } from './kill-switch';
import type { KiteSessionStatus } from './ports';
import type { TradingModeService } from './trading-mode';
import type { StateChangeResult, TradingStateService } from './trading-state';

export type ControlApi = Pick<
  EngineApi,
  'pause' | 'resume' | 'reset' | 'flatten' | 'setMode' | 'renewSession'
>;

/** The Kite session as control needs it: its state, and a login to renew it. */
export interface SessionControl {
  readonly current: () => KiteSessionStatus;
  readonly renew: (
    requestToken: string,
  ) => Promise<
    | { readonly ok: true; readonly session: KiteSessionStatus }
    | { readonly ok: false; readonly code: string; readonly message: string }
  >;
}

export interface ControlApiOptions {
  readonly tradingState: TradingStateService;
  readonly killSwitch: KillSwitch;
  readonly tradingMode: TradingModeService;
  readonly session: SessionControl;
}

/**
 * The control half of EngineApi over the control services; start-engine.ts adds status, risk,
 * health and postbacks. Every answer carries the whole control state, so the dashboard never
 * shows a state older than the action it just took.
 */
export function createControlApi(options: ControlApiOptions): ControlApi {
  const { tradingState, killSwitch, tradingMode, session } = options;

  const state = (): Record<string, unknown> => ({
    trading: tradingState.current(),
    mode: tradingMode.current(),
    session: session.current(),
    killSwitchEngaging: killSwitch.engaging(),
  });

  const fromStateChange = (result: StateChangeResult | KillSwitchResetResult): ControlResult =>
    result.ok
      ? { ok: true, state: { ...state(), changed: result.changed, persisted: result.persisted } }
      : { ok: false, code: result.code, message: result.message, details: { state: state() } };

  return {
    pause: async (actor, reason) => fromStateChange(await tradingState.pause(actor, reason)),
    resume: async (actor, reason) => {
      // Entries need working orders: after a TokenException only a new login lets trading resume.
      const kite = session.current();
      if (!kite.valid && tradingState.current().state === 'PAUSED') {
        const why = kite.message === null ? '' : ` (${kite.message})`;
        return {
          ok: false,
          code: 'SESSION_INVALID',
          message: `no valid Kite session${why}: log in to Kite, then resume`,
          details: { state: state() },
        };
      }
      return fromStateChange(await tradingState.resume(actor, reason));
    },
    renewSession: async (_actor, requestToken) => {
      const renewed = await session.renew(requestToken);
      if (renewed.ok) return { ok: true, state: { ...state(), changed: true } };
      return {
        ok: false,
        code: renewed.code,
        message: `Kite refused the login: ${renewed.message}`,
        details: { state: state() },
      };
    },
    reset: async (actor) => fromStateChange(await killSwitch.reset(actor)),
    flatten: (actor, reason) => killSwitch.engage(actor, reason),
    setMode: async (actor, mode, confirmation) => {
      const result = await tradingMode.setMode({ mode, confirmation, actor });
      if (result.ok) return { ok: true, state: { ...state(), changed: result.changed } };
      return {
        ok: false,
        code: result.code,
        message: result.message,
        details: { unmet: result.unmet, state: state() },
      };
    },
  };
}
