import type { ControlApi } from '../control/control-api';
import type { Actor } from '../control/ports';

/** What a control action answered, in words a chat can show. */
export type CommandOutcome =
  | { readonly ok: true; readonly message?: string }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** What Telegram commands may do to the engine; start-up builds it over the control services. */
export interface TelegramControlPort {
  /** A short status text: trading state, mode, positions, P&L. */
  status(): Promise<string>;
  pause(actor: Actor, reason: string): Promise<CommandOutcome>;
  resume(actor: Actor, reason: string): Promise<CommandOutcome>;
  /** The kill switch. */
  flatten(actor: Actor, reason: string): Promise<CommandOutcome>;
}

/**
 * The port over the control API the HTTP routes use, so a command from Telegram is refused for
 * the same reasons as one from the dashboard (resume without a Kite session, resume while HALTED).
 */
export function createTelegramControlPort(options: {
  readonly control: Pick<ControlApi, 'pause' | 'resume' | 'flatten'>;
  readonly status: () => Promise<string>;
}): TelegramControlPort {
  const { control } = options;
  return {
    status: options.status,
    pause: async (actor, reason) => {
      const result = await control.pause(actor, reason);
      return result.ok ? { ok: true } : { ok: false, code: result.code, message: result.message };
    },
    resume: async (actor, reason) => {
      const result = await control.resume(actor, reason);
      return result.ok ? { ok: true } : { ok: false, code: result.code, message: result.message };
    },
    flatten: async (actor, reason) => {
      const report = await control.flatten(actor, reason);
      const took = ((report.finishedAt - report.startedAt) / 1000).toFixed(1);
      return report.flat
        ? { ok: true, message: `flat: ${report.orders.length} orders handled in ${took} s` }
        : {
            ok: false,
            code: 'NOT_FLAT',
            message: `${report.remainingPositions} positions still open after ${took} s: check the dashboard`,
          };
    },
  };
}
