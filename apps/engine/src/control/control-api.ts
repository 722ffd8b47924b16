import type { ControlResult, EngineApi } from '../http/engine-api';
import type { KillSwitch, KillSwitchResetResult } from './kill-switch';
import type { TradingModeService } from './trading-mode';
import type { StateChangeResult, TradingStateService } from './trading-state';

export type ControlApi = Pick<EngineApi, 'pause' | 'resume' | 'reset' | 'flatten' | 'setMode'>;

export interface ControlApiOptions {
  readonly tradingState: TradingStateService;
  readonly killSwitch: KillSwitch;
  readonly tradingMode: TradingModeService;
}

/**
 * The control half of EngineApi over the control services; main.ts adds status, risk, health
 * and postbacks. Every answer carries the whole control state, so the dashboard never shows a
 * state older than the action it just took.
 */
export function createControlApi(options: ControlApiOptions): ControlApi {
  const { tradingState, killSwitch, tradingMode } = options;

  const state = (): Record<string, unknown> => ({
    trading: tradingState.current(),
    mode: tradingMode.current(),
    killSwitchEngaging: killSwitch.engaging(),
  });

  const fromStateChange = (result: StateChangeResult | KillSwitchResetResult): ControlResult =>
    result.ok
      ? { ok: true, state: { ...state(), changed: result.changed, persisted: result.persisted } }
      : { ok: false, code: result.code, message: result.message, details: { state: state() } };

  return {
    pause: async (actor, reason) => fromStateChange(await tradingState.pause(actor, reason)),
    resume: async (actor, reason) => fromStateChange(await tradingState.resume(actor, reason)),
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
