import type { Clock } from '@kavach/domain';
import type { Logger } from '@kavach/config';
import { type Failpoint, noFailpoint } from '../failpoints/create-failpoint';
import type { ControlStore } from './control-store';
import type { Actor, EventSink, FlattenPort, FlattenReport } from './ports';
import type { StateChangeResult, TradingStateService } from './trading-state';

export type KillSwitchResetResult =
  | StateChangeResult
  | {
      readonly ok: false;
      readonly code: 'FLATTEN_IN_PROGRESS';
      readonly message: string;
      readonly snapshot: ReturnType<TradingStateService['current']>;
    };

export interface KillSwitch {
  /**
   * HALTED at once, then cancel every working order and exit every position. Presses while one
   * is running join it and get its report.
   */
  engage(actor: Actor, reason: string): Promise<FlattenReport>;
  /** HALTED → PAUSED by a person; a separate resume restarts trading. */
  reset(actor: Actor, reason?: string): Promise<KillSwitchResetResult>;
  /** Whether a flatten started by the kill switch is still running. */
  engaging(): boolean;
  /** The report of the last completed flatten, if any. */
  lastReport(): FlattenReport | null;
}

export interface KillSwitchOptions {
  readonly tradingState: TradingStateService;
  readonly flatten: FlattenPort;
  readonly store: ControlStore;
  readonly events: EventSink;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Named crash points for the reliability suite (ENGINE_FAILPOINT); default: none. */
  readonly failpoint?: Failpoint;
}

/**
 * The big red button. Reset goes to PAUSED, not ACTIVE: after an emergency a person looks at
 * what is left (positions, orders, the report) and then resumes deliberately — two steps, the
 * way the dashboard asks for a second confirmation on destructive actions.
 */
export function createKillSwitch(options: KillSwitchOptions): KillSwitch {
  const { tradingState, flatten, store, events, clock, logger } = options;
  const failpoint = options.failpoint ?? noFailpoint;
  let inFlight: Promise<FlattenReport> | null = null;
  let last: FlattenReport | null = null;

  async function audit(actor: Actor, action: string, payload: Record<string, unknown>) {
    try {
      await store.appendAudit({ actor, action, entity: 'kill_switch', payload, at: clock.now() });
    } catch (error) {
      logger.error({ err: error, action }, 'kill switch audit not written');
    }
  }

  async function run(actor: Actor, reason: string): Promise<FlattenReport> {
    // Synchronous up to the broker call: the state is HALTED before flattenAll is invoked.
    const halting = tradingState.halt(actor, reason);
    publish(() => {
      events.risk('KILL_SWITCH', 'CRITICAL', `Kill switch engaged by ${actor.name}: ${reason}`, {
        actor,
        reason,
      });
    });
    // The HALTED row is written while the exits go out: a stuck database must not hold them.
    const flattening = callFlatten(reason, actor);
    const halted = await halting.catch((error: unknown) => {
      logger.error({ err: error }, 'kill switch: HALTED not recorded');
      return null;
    });
    let report: FlattenReport;
    try {
      report = await flattening;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await audit(actor, 'kill_switch.failed', { reason, error: message });
      publish(() => {
        events.risk('FLATTEN_FAILED', 'CRITICAL', `Flatten failed: ${message}`, { reason });
      });
      throw error;
    }
    last = report;
    await audit(actor, 'kill_switch.engaged', {
      reason,
      statePersisted: halted?.ok === true && halted.persisted,
      report,
    });
    publish(() => {
      events.event(
        'kill_switch.flattened',
        report.flat
          ? `Flat: ${report.orders.length} orders handled`
          : `NOT flat: ${report.remainingPositions} positions remain`,
        { actor, reason, report },
      );
      if (!report.flat) {
        events.risk(
          'FLATTEN_INCOMPLETE',
          'CRITICAL',
          `${report.remainingPositions} positions still open after flatten`,
          { reason, report },
        );
      }
    });
    return report;
  }

  function callFlatten(reason: string, actor: Actor): Promise<FlattenReport> {
    try {
      return flatten.flattenAll(reason, actor, {
        midway: () => {
          failpoint('flatten.midway');
        },
      });
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  function publish(send: () => void): void {
    try {
      send();
    } catch (error) {
      logger.error({ err: error }, 'event sink failed');
    }
  }

  return {
    engage: async (actor, reason) => {
      if (inFlight !== null) {
        const joined = inFlight;
        await audit(actor, 'kill_switch.joined', { reason });
        return joined;
      }
      const running = run(actor, reason);
      inFlight = running;
      try {
        return await running;
      } finally {
        inFlight = null;
      }
    },
    reset: async (actor, reason) => {
      if (inFlight !== null) {
        return {
          ok: false,
          code: 'FLATTEN_IN_PROGRESS',
          message: 'the flatten is still running; reset once it has finished',
          snapshot: tradingState.current(),
        };
      }
      return tradingState.reset(actor, reason ?? `kill switch reset by ${actor.name}`);
    },
    engaging: () => inFlight !== null,
    lastReport: () => last,
  };
}
