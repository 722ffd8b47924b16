import type { PGlite } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';

export type Row = Record<string, unknown>;

export interface SqlQueryable {
  query(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface SqlTransaction extends SqlQueryable {
  /** Runs a script of several statements (no parameters). */
  exec(script: string): Promise<void>;
}

/**
 * One database session, so a session-level advisory lock holds for the whole run and each
 * migration commits or rolls back as a unit.
 */
export interface MigrationSession extends SqlQueryable {
  transaction(run: (tx: SqlTransaction) => Promise<void>): Promise<void>;
  release(): Promise<void>;
}

// PGlite is one session, in which advisory locks are re-entrant: runners sharing an instance
// queue here instead. On globalThis for the same reason as the instances themselves.
const PGLITE_QUEUE_KEY = Symbol.for('kavach.db.pglite-migration-queue');

function pgliteQueue(): WeakMap<PGlite, Promise<void>> {
  const holder = globalThis as typeof globalThis & {
    [PGLITE_QUEUE_KEY]?: WeakMap<PGlite, Promise<void>>;
  };
  holder[PGLITE_QUEUE_KEY] ??= new WeakMap<PGlite, Promise<void>>();
  return holder[PGLITE_QUEUE_KEY];
}

export async function openPgliteSession(db: PGlite): Promise<MigrationSession> {
  const queue = pgliteQueue();
  const previous = queue.get(db) ?? Promise.resolve();
  let leaveQueue: () => void = () => undefined;
  const mine = new Promise<void>((resolve) => {
    leaveQueue = resolve;
  });
  queue.set(
    db,
    previous.then(() => mine),
  );
  await previous;

  const query = async (sql: string, params?: unknown[]): Promise<Row[]> =>
    (await db.query<Row>(sql, params)).rows;
  return {
    query,
    // PGlite's transaction holds its connection lock, so nothing else interleaves.
    transaction: async (run) => {
      await db.transaction(async (tx) => {
        await run({
          query: async (sql, params) => (await tx.query<Row>(sql, params)).rows,
          exec: async (script) => {
            await tx.exec(script);
          },
        });
      });
    },
    release: () => {
      leaveQueue();
      return Promise.resolve();
    },
  };
}

export async function openPgSession(pool: Pool): Promise<MigrationSession> {
  const client: PoolClient = await pool.connect();
  const query = async (sql: string, params?: unknown[]): Promise<Row[]> =>
    (await client.query<Row>(sql, params)).rows;
  return {
    query,
    transaction: async (run) => {
      await client.query('BEGIN');
      try {
        await run({
          query,
          // Without parameters pg uses the simple protocol, which accepts several statements.
          exec: async (script) => {
            await client.query(script);
          },
        });
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
    release: () => {
      client.release();
      return Promise.resolve();
    },
  };
}
