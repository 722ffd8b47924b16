import type { ControlAuditEntry, ControlStore, StoredAudit } from './control-store';
import type { StateChangeRow } from './trading-state-model';

export interface InMemoryControlStore extends ControlStore {
  readonly rows: readonly StateChangeRow[];
  readonly audits: readonly ControlAuditEntry[];
  /** Makes the next writes fail, to test what the services do when the database does. */
  failWrites(error: Error | null): void;
}

/** A ControlStore in memory: for tests and for tools that replay a day without a database. */
export function createInMemoryControlStore(
  seed: { rows?: readonly StateChangeRow[]; audits?: readonly ControlAuditEntry[] } = {},
): InMemoryControlStore {
  const rows: StateChangeRow[] = [...(seed.rows ?? [])];
  const audits: ControlAuditEntry[] = [...(seed.audits ?? [])];
  let failure: Error | null = null;

  const write = (work: () => void): Promise<void> => {
    if (failure !== null) return Promise.reject(failure);
    work();
    return Promise.resolve();
  };

  return {
    rows,
    audits,
    failWrites: (error) => {
      failure = error;
    },
    recordStateChange: (row, audit) =>
      write(() => {
        rows.push(row);
        audits.push(audit);
      }),
    loadStateHistory: () => {
      const lastActive = rows.findLastIndex((row) => row.state === 'ACTIVE');
      return Promise.resolve(rows.slice(Math.max(lastActive, 0)));
    },
    appendAudit: (entry) => write(() => audits.push(entry)),
    lastAudit: (action) => {
      const entry = audits.findLast((a) => a.action === action);
      const found: StoredAudit | null =
        entry === undefined
          ? null
          : { action: entry.action, actor: entry.actor, payload: entry.payload, at: entry.at };
      return Promise.resolve(found);
    },
  };
}
