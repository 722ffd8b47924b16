import type { Actor, TradingState } from './ports';

/** Why the engine stopped taking new entries; a paused engine shows every one of them. */
export const AUTO_PAUSE_CODES = [
  'DAILY_LOSS_STOP',
  'HEAT_LIMIT',
  'SESSION_EXPIRED',
  'RECONCILIATION',
  'SLIPPAGE',
] as const;
export type AutoPauseCode = (typeof AUTO_PAUSE_CODES)[number];

/** Codes a caller may pause with; KILL_SWITCH_RESET is set only by a reset. */
export type RequestablePauseCode = 'MANUAL' | AutoPauseCode;
export type PauseCode = RequestablePauseCode | 'KILL_SWITCH_RESET';

const PAUSE_CODES: readonly string[] = ['MANUAL', ...AUTO_PAUSE_CODES, 'KILL_SWITCH_RESET'];

export interface PauseReason {
  readonly code: PauseCode;
  readonly message: string;
  readonly actor: Actor;
  readonly at: number;
}

export interface HaltInfo {
  readonly message: string;
  readonly actor: Actor;
  readonly at: number;
}

/**
 * The trading state with everything a person needs to act on it. Invariants: ACTIVE has no
 * reasons and no halt; PAUSED has at least one reason; HALTED has a halt (and keeps the pause
 * reasons collected so far, which survive the reset).
 */
export interface TradingStateSnapshot {
  readonly state: TradingState;
  /** When the current state was entered (epoch ms); null before anything happened. */
  readonly since: number | null;
  readonly reasons: readonly PauseReason[];
  readonly halt: HaltInfo | null;
}

interface IntentBase {
  readonly message: string;
  readonly actor: Actor;
  readonly at: number;
}

export type StateIntent =
  | (IntentBase & { readonly kind: 'PAUSE'; readonly code: PauseCode })
  | (IntentBase & { readonly kind: 'HALT' })
  | (IntentBase & { readonly kind: 'RESUME' })
  | (IntentBase & { readonly kind: 'RESET' });

/** One row of the trading_state_changes table. */
export interface StateChangeRow {
  readonly state: TradingState;
  readonly previousState: TradingState;
  /** `CODE: message`, so the reasons can be rebuilt from the rows at start-up. */
  readonly reason: string;
  readonly actor: Actor;
  readonly at: number;
}

export const STATE_REFUSAL_CODES = ['USER_REQUIRED', 'HALTED', 'NOT_HALTED'] as const;
export type StateRefusalCode = (typeof STATE_REFUSAL_CODES)[number];

export type IntentOutcome =
  | { readonly kind: 'CHANGED'; readonly next: TradingStateSnapshot; readonly row: StateChangeRow }
  | { readonly kind: 'UNCHANGED' }
  | { readonly kind: 'REFUSED'; readonly code: StateRefusalCode; readonly message: string };

export const INITIAL_SNAPSHOT: TradingStateSnapshot = Object.freeze({
  state: 'ACTIVE',
  since: null,
  reasons: Object.freeze([]),
  halt: null,
});

/** Intents that only ever restrict trading; they take effect before they are written down. */
export function isRestrictive(intent: StateIntent): boolean {
  return intent.kind === 'PAUSE' || intent.kind === 'HALT';
}

/**
 * Who may do what: anyone may restrict trading, only a person may lift a restriction. The
 * engine pausing itself for a daily loss and then resuming on its own would be a trader's
 * worst surprise.
 */
export function decideIntent(snapshot: TradingStateSnapshot, intent: StateIntent): IntentOutcome {
  if ((intent.kind === 'RESUME' || intent.kind === 'RESET') && intent.actor.type !== 'USER') {
    return {
      kind: 'REFUSED',
      code: 'USER_REQUIRED',
      message: `only a person may ${intent.kind === 'RESUME' ? 'resume' : 'reset'} trading`,
    };
  }
  return applyIntent(snapshot, intent);
}

/** The state machine itself, without the actor rule: also replays history at start-up. */
export function applyIntent(snapshot: TradingStateSnapshot, intent: StateIntent): IntentOutcome {
  switch (intent.kind) {
    case 'PAUSE':
      return applyPause(snapshot, intent);
    case 'HALT':
      if (snapshot.state === 'HALTED') return { kind: 'UNCHANGED' };
      return changed(
        snapshot,
        { ...snapshot, state: 'HALTED', since: intent.at, halt: haltOf(intent) },
        intent,
        'KILL_SWITCH',
      );
    case 'RESUME':
      if (snapshot.state === 'ACTIVE') return { kind: 'UNCHANGED' };
      if (snapshot.state === 'HALTED') {
        return {
          kind: 'REFUSED',
          code: 'HALTED',
          message: 'the kill switch is engaged: a person must reset it before trading resumes',
        };
      }
      return changed(snapshot, { ...INITIAL_SNAPSHOT, since: intent.at }, intent, 'RESUMED');
    case 'RESET': {
      if (snapshot.state !== 'HALTED') {
        return { kind: 'REFUSED', code: 'NOT_HALTED', message: 'the kill switch is not engaged' };
      }
      const reason: PauseReason = { code: 'KILL_SWITCH_RESET', ...reasonOf(intent) };
      return changed(
        snapshot,
        {
          state: 'PAUSED',
          since: intent.at,
          reasons: withReason(snapshot.reasons, reason),
          halt: null,
        },
        intent,
        'KILL_SWITCH_RESET',
      );
    }
  }
}

function applyPause(
  snapshot: TradingStateSnapshot,
  intent: StateIntent & { readonly kind: 'PAUSE' },
): IntentOutcome {
  const existing = snapshot.reasons.find((reason) => reason.code === intent.code);
  // A standing automatic reason is not re-recorded on every check; a person's new words are.
  if (existing !== undefined && (intent.code !== 'MANUAL' || existing.message === intent.message)) {
    return { kind: 'UNCHANGED' };
  }
  const reasons = withReason(snapshot.reasons, { code: intent.code, ...reasonOf(intent) });
  const state = snapshot.state === 'HALTED' ? 'HALTED' : 'PAUSED';
  const since = snapshot.state === 'ACTIVE' ? intent.at : snapshot.since;
  return changed(snapshot, { ...snapshot, state, since, reasons }, intent, intent.code);
}

function changed(
  previous: TradingStateSnapshot,
  next: TradingStateSnapshot,
  intent: StateIntent,
  code: string,
): IntentOutcome {
  return {
    kind: 'CHANGED',
    next,
    row: {
      state: next.state,
      previousState: previous.state,
      reason: `${code}: ${intent.message}`,
      actor: intent.actor,
      at: intent.at,
    },
  };
}

function reasonOf(intent: StateIntent): Omit<PauseReason, 'code'> {
  return { message: intent.message, actor: intent.actor, at: intent.at };
}

function haltOf(intent: StateIntent): HaltInfo {
  return { message: intent.message, actor: intent.actor, at: intent.at };
}

function withReason(reasons: readonly PauseReason[], reason: PauseReason): PauseReason[] {
  return [...reasons.filter((r) => r.code !== reason.code), reason];
}

const ROW_REASON = /^([A-Z_]+): ([\s\S]*)$/;

/**
 * The intent a stored row records. The state column is authoritative: a row whose reason
 * cannot be read still restores its state (a HALTED row halts), so a bad row fails closed.
 */
export function intentFromRow(row: StateChangeRow): StateIntent {
  const match = ROW_REASON.exec(row.reason);
  const code = match?.[1] ?? '';
  const message = match?.[2] ?? row.reason;
  const base = { actor: row.actor, at: row.at };
  if (row.state === 'ACTIVE') return { kind: 'RESUME', message, ...base };
  if (code === 'KILL_SWITCH_RESET' && row.state === 'PAUSED') {
    return { kind: 'RESET', message, ...base };
  }
  if (PAUSE_CODES.includes(code)) {
    return { kind: 'PAUSE', code: code as PauseCode, message, ...base };
  }
  if (row.state === 'HALTED') return { kind: 'HALT', message, ...base };
  return { kind: 'PAUSE', code: 'MANUAL', message: row.reason, ...base };
}

/**
 * The state the stored history ends in. Rows are oldest first. Whatever the replay makes of an
 * inconsistent history, the last row's state wins, so a HALTED engine restarts HALTED.
 */
export function replayRows(
  start: TradingStateSnapshot,
  rows: readonly StateChangeRow[],
): TradingStateSnapshot {
  let snapshot = start;
  for (const row of rows) {
    const outcome = applyIntent(snapshot, intentFromRow(row));
    if (outcome.kind === 'CHANGED') snapshot = outcome.next;
    // History starts at the last change to ACTIVE, which replays onto ACTIVE as "no change".
    else if (row.state === 'ACTIVE') snapshot = { ...INITIAL_SNAPSHOT, since: row.at };
  }
  const last = rows.at(-1);
  if (last === undefined || last.state === snapshot.state) return snapshot;
  return forceState(snapshot, last);
}

function forceState(snapshot: TradingStateSnapshot, row: StateChangeRow): TradingStateSnapshot {
  const fallback = { message: row.reason, actor: row.actor, at: row.at };
  switch (row.state) {
    case 'ACTIVE':
      return { ...INITIAL_SNAPSHOT, since: row.at };
    case 'PAUSED':
      return {
        state: 'PAUSED',
        since: row.at,
        halt: null,
        reasons: snapshot.reasons.length > 0 ? snapshot.reasons : [{ code: 'MANUAL', ...fallback }],
      };
    case 'HALTED':
      return { ...snapshot, state: 'HALTED', since: row.at, halt: snapshot.halt ?? fallback };
  }
}
