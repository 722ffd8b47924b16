import type { Actor } from './ports';
import type { StateChangeRow } from './trading-state-model';

/** One audit-log entry of a control action; `payload` must be JSON-serialisable. */
export interface ControlAuditEntry {
  readonly actor: Actor;
  readonly action: string;
  readonly entity: string;
  readonly entityId?: string | null;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly at: number;
}

export interface StoredAudit {
  readonly action: string;
  readonly actor: Actor;
  readonly payload: unknown;
  readonly at: number;
}

/**
 * Where control services keep their history: the trading_state_changes table and the audit
 * log. A port, so the state machines run in unit tests without a database.
 */
export interface ControlStore {
  /** Writes the state change and its audit entry together (one transaction). */
  recordStateChange(row: StateChangeRow, audit: ControlAuditEntry): Promise<void>;
  /** The rows from the last change to ACTIVE on (all rows when there is none), oldest first. */
  loadStateHistory(): Promise<StateChangeRow[]>;
  appendAudit(entry: ControlAuditEntry): Promise<void>;
  /** The newest audit entry with this action, or null. */
  lastAudit(action: string): Promise<StoredAudit | null>;
}
