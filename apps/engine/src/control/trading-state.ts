import type { Db } from '@kavach/db';
import type { Clock } from '@kavach/domain';
import type { Logger } from '@kavach/config';
import type { ControlStore } from './control-store';
import { createDbControlStore } from './db-control-store';
import type { Actor, EventSink, TradingState } from './ports';
import {
  INITIAL_SNAPSHOT,
  type RequestablePauseCode,
  type StateChangeRow,
  type StateIntent,
  type StateRefusalCode,
  type TradingStateSnapshot,
  decideIntent,
  isRestrictive,
  replayRows,
} from './trading-state-model';

export type StateChangeResult =
  | {
      readonly ok: true;
      /** False when the request changed nothing (already paused for that reason, …). */
      readonly changed: boolean;
      /** False when a restriction took effect but could not be written down (see the log). */
      readonly persisted: boolean;
      readonly snapshot: TradingStateSnapshot;
    }
  | {
      readonly ok: false;
      readonly code: StateRefusalCode;
      readonly message: string;
      readonly snapshot: TradingStateSnapshot;
    };

export interface TradingStateService {
  /** Restores the last stored state; call once at start-up, before any change. */
  load(): Promise<TradingStateSnapshot>;
  /**
   * The state as the engine acts on it now, restrictions included the moment they are asked;
   * PAUSED ("not loaded yet") before load().
   */
  current(): TradingStateSnapshot;
  /** Whether new entries may be placed (exits are always allowed); false until load(). */
  canEnter(): boolean;
  pause(actor: Actor, reason: string, code?: RequestablePauseCode): Promise<StateChangeResult>;
  /** PAUSED → ACTIVE; only a person may resume, and never out of HALTED. */
  resume(actor: Actor, reason: string): Promise<StateChangeResult>;
  /** → HALTED, effective before this returns its promise (the kill switch relies on it). */
  halt(actor: Actor, reason: string): Promise<StateChangeResult>;
  /** HALTED → PAUSED, by a person; trading restarts only with a separate resume. */
  reset(actor: Actor, reason: string): Promise<StateChangeResult>;
  /** Resolves once every change asked for so far has been decided and written. */
  flush(): Promise<void>;
}

export type TradingStateOptions = ({ readonly db: Db } | { readonly store: ControlStore }) & {
  readonly clock: Clock;
  readonly events: EventSink;
  readonly logger: Logger;
  /** The state of an engine with no stored history; ACTIVE unless told otherwise. */
  readonly initial?: 'ACTIVE' | 'PAUSED';
};

interface Pending {
  readonly intent: StateIntent;
  readonly resolve: (result: StateChangeResult) => void;
  readonly reject: (error: unknown) => void;
}

const STARTUP: Actor = { type: 'SYSTEM', name: 'engine' };

const AUDIT_ACTIONS: Record<StateIntent['kind'], string> = {
  PAUSE: 'trading_state.paused',
  HALT: 'trading_state.halted',
  RESUME: 'trading_state.resumed',
  RESET: 'trading_state.reset',
};

/**
 * ACTIVE / PAUSED / HALTED with every change stored, audited and published.
 *
 * Changes are decided and written one at a time, in the order they were asked. A restriction
 * (pause, halt) takes effect in memory at once, before its row is written: a slow or failed
 * database must never delay stopping entries. A release (resume, reset) takes effect only once
 * written: if the database cannot record it, trading stays restricted.
 */
export function createTradingStateService(options: TradingStateOptions): TradingStateService {
  const store = 'store' in options ? options.store : createDbControlStore(options.db);
  const { clock, events, logger } = options;

  let base: TradingStateSnapshot = INITIAL_SNAPSHOT;
  // Until the stored state is known, an engine that was HALTED must not look ACTIVE.
  let view: TradingStateSnapshot = {
    state: 'PAUSED',
    since: null,
    reasons: [
      {
        code: 'MANUAL',
        message: 'starting: stored trading state not loaded yet',
        actor: STARTUP,
        at: 0,
      },
    ],
    halt: null,
  };
  const pending: Pending[] = [];
  let chain: Promise<void> = Promise.resolve();
  let touched = false;
  let loaded = false;

  function refreshView(): void {
    let next = base;
    for (const entry of pending) {
      if (!isRestrictive(entry.intent)) continue;
      const outcome = decideIntent(next, entry.intent);
      if (outcome.kind === 'CHANGED') next = outcome.next;
    }
    view = next;
  }

  function submit(intent: StateIntent): Promise<StateChangeResult> {
    if (intent.message.trim() === '') throw new RangeError('a trading state change needs a reason');
    touched = true;
    return new Promise<StateChangeResult>((resolve, reject) => {
      const entry: Pending = { intent, resolve, reject };
      pending.push(entry);
      if (isRestrictive(intent)) refreshView();
      chain = chain
        .then(() => process(entry))
        .catch((error: unknown) => {
          // process() handles store failures itself; this is a bug, so fail the caller loudly.
          if (pending.includes(entry)) settle(entry);
          entry.reject(error);
        });
    });
  }

  async function process(entry: Pending): Promise<void> {
    const { intent } = entry;
    const outcome = decideIntent(base, intent);
    if (outcome.kind !== 'CHANGED') {
      settle(entry);
      entry.resolve(
        outcome.kind === 'UNCHANGED'
          ? { ok: true, changed: false, persisted: true, snapshot: view }
          : { ok: false, code: outcome.code, message: outcome.message, snapshot: view },
      );
      return;
    }
    try {
      await store.recordStateChange(outcome.row, auditOf(intent, outcome.row));
    } catch (error) {
      if (!isRestrictive(intent)) {
        settle(entry);
        entry.reject(error);
        return;
      }
      logger.error({ err: error, row: outcome.row }, 'trading state change not persisted');
      safely(() => {
        events.risk('STATE_NOT_PERSISTED', 'CRITICAL', 'A trading state change was not stored', {
          state: outcome.row.state,
          reason: outcome.row.reason,
        });
      });
      base = outcome.next;
      settle(entry);
      publish(outcome.row);
      entry.resolve({ ok: true, changed: true, persisted: false, snapshot: view });
      return;
    }
    base = outcome.next;
    settle(entry);
    publish(outcome.row);
    entry.resolve({ ok: true, changed: true, persisted: true, snapshot: view });
  }

  function settle(entry: Pending): void {
    pending.splice(pending.indexOf(entry), 1);
    refreshView();
  }

  function auditOf(intent: StateIntent, row: StateChangeRow) {
    return {
      actor: intent.actor,
      action: AUDIT_ACTIONS[intent.kind],
      entity: 'trading_state',
      payload: {
        from: row.previousState,
        to: row.state,
        reason: row.reason,
        ...(intent.kind === 'PAUSE' ? { code: intent.code } : {}),
      },
      at: intent.at,
    };
  }

  function publish(row: StateChangeRow): void {
    logger.info({ state: row.state, from: row.previousState, reason: row.reason }, 'trading state');
    safely(() => {
      events.event('trading_state.changed', `Trading ${row.state}: ${row.reason}`, {
        state: row.state,
        previousState: row.previousState,
        reason: row.reason,
        actor: row.actor,
        snapshot: view,
      });
    });
  }

  /** Publishing is fire-and-forget: a broken sink must not stop state changes. */
  function safely(publishNow: () => void): void {
    try {
      publishNow();
    } catch (error) {
      logger.error({ err: error }, 'event sink failed');
    }
  }

  const intent = <K extends StateIntent['kind']>(kind: K, actor: Actor, message: string) => ({
    kind,
    actor,
    message: message.trim(),
    at: clock.now(),
  });

  return {
    load: async () => {
      if (touched) throw new Error('load() must run before any trading state change');
      touched = true;
      const rows = await store.loadStateHistory();
      if (rows.length === 0 && options.initial === 'PAUSED') {
        const outcome = decideIntent(INITIAL_SNAPSHOT, {
          kind: 'PAUSE',
          code: 'MANUAL',
          message: 'engine configured to start paused',
          actor: STARTUP,
          at: clock.now(),
        });
        base = outcome.kind === 'CHANGED' ? outcome.next : INITIAL_SNAPSHOT;
      } else {
        base = replayRows(INITIAL_SNAPSHOT, rows);
      }
      refreshView();
      loaded = true;
      logger.info({ state: base.state, reasons: base.reasons.length }, 'trading state restored');
      return view;
    },
    current: () => view,
    canEnter: () => loaded && view.state === 'ACTIVE',
    pause: (actor, reason, code = 'MANUAL') => submit({ ...intent('PAUSE', actor, reason), code }),
    resume: (actor, reason) => submit(intent('RESUME', actor, reason)),
    halt: (actor, reason) => submit(intent('HALT', actor, reason)),
    reset: (actor, reason) => submit(intent('RESET', actor, reason)),
    flush: () => chain,
  };
}

/** For gauges and logs: the state as a number (ACTIVE 0, PAUSED 1, HALTED 2). */
export function tradingStateLevel(state: TradingState): 0 | 1 | 2 {
  return state === 'ACTIVE' ? 0 : state === 'PAUSED' ? 1 : 2;
}
