import type { AlertStore, NewAlertRow, StoredAlertStatus } from './alert-store';

export interface InMemoryAlertRow extends Omit<NewAlertRow, 'status'> {
  readonly id: string;
  status: StoredAlertStatus;
  attempts: number;
  sentAt: number | null;
}

export interface InMemoryAlertStore extends AlertStore {
  readonly rows: readonly InMemoryAlertRow[];
}

/** An AlertStore in memory: unit tests, and an engine run without a database. */
export function createInMemoryAlertStore(): InMemoryAlertStore {
  const rows: InMemoryAlertRow[] = [];
  const find = (id: string): InMemoryAlertRow => {
    const row = rows.find((r) => r.id === id);
    if (row === undefined) throw new Error(`no alert ${id}`);
    return row;
  };
  return {
    rows,
    insert(row) {
      const id = `alert-${rows.length + 1}`;
      rows.push({ ...row, id, attempts: 0, sentAt: null });
      return Promise.resolve(id);
    },
    markSent(id, attempts, sentAt) {
      Object.assign(find(id), { status: 'SENT', attempts, sentAt, error: null });
      return Promise.resolve();
    },
    markFailed(id, attempts, error) {
      Object.assign(find(id), { status: 'FAILED', attempts, error });
      return Promise.resolve();
    },
  };
}
