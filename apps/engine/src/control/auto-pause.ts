import { type Paise, addPaise, formatRupees, negatePaise, paise } from '@kavach/domain';
import type { Logger } from '@kavach/config';
import type {
  Actor,
  EventSink,
  ReconciliationPort,
  RiskSnapshot,
  RiskSnapshotPort,
  SessionPort,
} from './ports';
import type { AutoPauseCode } from './trading-state-model';
import type { TradingStateService } from './trading-state';

export interface AutoPauseTrigger {
  readonly code: AutoPauseCode;
  readonly message: string;
}

export interface AutoPauseCheck {
  /** Every limit breached by this snapshot, whether or not it was already a pause reason. */
  readonly breached: readonly AutoPauseTrigger[];
  /** The ones this check added as new pause reasons. */
  readonly paused: readonly AutoPauseCode[];
}

export interface AutoPause {
  /**
   * Reads the risk snapshot and pauses for every limit breached. Call it on every fill and P&L
   * update and on a timer; calls made while one runs are folded into one more run.
   */
  check(): Promise<AutoPauseCheck>;
}

export interface AutoPauseOptions {
  readonly risk: RiskSnapshotPort;
  readonly tradingState: TradingStateService;
  readonly events: EventSink;
  readonly logger: Logger;
  /** When given, a Kite session that was valid and no longer is pauses with SESSION_EXPIRED. */
  readonly session?: SessionPort;
  /** When given, a reconciliation run that found problems pauses with RECONCILIATION. */
  readonly reconciliation?: ReconciliationPort;
}

const ACTOR: Actor = { type: 'SYSTEM', name: 'auto-pause' };

/** Which limits a snapshot breaches (pure): the same comparisons as the entry gate. */
export function findBreaches(snapshot: RiskSnapshot): AutoPauseTrigger[] {
  const realised = paise(snapshot.realisedPnlToday);
  const unrealised = paise(snapshot.unrealisedPnlToday);
  const dailyLossLimit = positive(snapshot.dailyLossLimit, 'dailyLossLimit');
  const heatLimit = positive(snapshot.heatLimit, 'heatLimit');
  const openRisk = paise(snapshot.openRisk);
  const pnl = addPaise(realised, unrealised);
  const breaches: AutoPauseTrigger[] = [];
  if (pnl <= negatePaise(dailyLossLimit)) {
    breaches.push({
      code: 'DAILY_LOSS_STOP',
      message: `today's P&L ${formatRupees(pnl)} has reached the daily loss stop of ${formatRupees(dailyLossLimit)}`,
    });
  }
  if (openRisk >= heatLimit) {
    breaches.push({
      code: 'HEAT_LIMIT',
      message: `open risk ${formatRupees(openRisk)} has reached the heat limit of ${formatRupees(heatLimit)}`,
    });
  }
  return breaches;
}

/** A limit of zero or less would pause on every check: that is a wiring bug, not a setting. */
function positive(value: number, name: string): Paise {
  const amount = paise(value);
  if (amount <= 0) throw new RangeError(`${name} must be a positive amount of paise, got ${value}`);
  return amount;
}

/** Pauses new entries when a limit is reached; never resumes (only a person does). */
export function createAutoPause(options: AutoPauseOptions): AutoPause {
  const { risk, tradingState, events, logger } = options;
  let running: Promise<AutoPauseCheck> | null = null;
  let queued: Promise<AutoPauseCheck> | null = null;
  let sessionWasValid = false;

  async function runOnce(): Promise<AutoPauseCheck> {
    const snapshot = await risk.snapshot();
    const breached = [...findBreaches(snapshot), ...checkSession(), ...checkReconciliation()];
    const paused: AutoPauseCode[] = [];
    for (const trigger of breached) {
      const result = await tradingState.pause(ACTOR, trigger.message, trigger.code);
      if (result.ok && result.changed) {
        paused.push(trigger.code);
        logger.warn({ code: trigger.code }, trigger.message);
        try {
          events.risk(trigger.code, 'CRITICAL', `Entries paused: ${trigger.message}`, {
            code: trigger.code,
            snapshot,
          });
        } catch (error) {
          logger.error({ err: error }, 'event sink failed');
        }
      }
    }
    return { breached, paused };
  }

  function checkSession(): AutoPauseTrigger[] {
    if (options.session === undefined) return [];
    const session = options.session.kiteSession();
    const expired = sessionWasValid && !session.valid;
    sessionWasValid = session.valid;
    if (!expired) return [];
    const detail = session.message === null ? '' : `: ${session.message}`;
    return [{ code: 'SESSION_EXPIRED', message: `the Kite session is no longer valid${detail}` }];
  }

  function checkReconciliation(): AutoPauseTrigger[] {
    if (options.reconciliation === undefined) return [];
    const status = options.reconciliation.lastStatus();
    // Before the first run the start-up gate blocks entries; only a run that found problems pauses.
    if (status.at === null || status.clean) return [];
    const detail = status.message === null ? '' : `: ${status.message}`;
    return [{ code: 'RECONCILIATION', message: `reconciliation found differences${detail}` }];
  }

  function next(): Promise<AutoPauseCheck> {
    const run = runOnce().finally(() => {
      running = null;
    });
    running = run;
    return run;
  }

  return {
    check: () => {
      if (running === null) return next();
      // One more run after the current one sees every update made meanwhile.
      queued ??= running
        .catch(() => undefined)
        .then(() => {
          queued = null;
          return next();
        });
      return queued;
    },
  };
}
