import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PostgresServer, startPostgres } from '@kavach/testkit';
import { type Db, type DbKind, createDb } from '../src/client';

/** Every integration suite runs once per backend: embedded PGlite and a real PostgreSQL. */
export const BACKENDS: readonly DbKind[] = ['pglite', 'pg'];

export interface TestBackend {
  readonly kind: DbKind;
  /** A new, empty database (not migrated). */
  createDb(options?: { migrationsDir?: string }): Promise<Db>;
  /** Another handle on the same database as `db`, e.g. with other migrations. */
  reopen(db: Db, options: { migrationsDir: string }): Db;
  stop(): Promise<void>;
}

export async function startBackend(kind: DbKind): Promise<TestBackend> {
  const root = await mkdtemp(join(tmpdir(), `kavach-db-${kind}-`));
  const server: PostgresServer | undefined = kind === 'pg' ? await startPostgres() : undefined;
  const opened: Db[] = [];
  const origins = new Map<Db, { databaseUrl?: string; dataDir: string }>();
  let counter = 0;

  const open = (target: { databaseUrl?: string; dataDir: string }, migrationsDir?: string) => {
    const db = createDb({ ...target, migrationsDir });
    opened.push(db);
    origins.set(db, target);
    return db;
  };

  return {
    kind,
    createDb: async (options = {}) => {
      counter += 1;
      const dataDir = join(root, `db${counter}`);
      const databaseUrl =
        server === undefined ? undefined : await server.createDatabase(`db${counter}`);
      return open(
        databaseUrl === undefined ? { dataDir } : { databaseUrl, dataDir },
        options.migrationsDir,
      );
    },
    reopen: (db, options) => {
      const target = origins.get(db);
      if (target === undefined) throw new Error('reopen: not a database of this backend');
      return open(target, options.migrationsDir);
    },
    stop: async () => {
      await Promise.all(opened.map((db) => db.close()));
      await server?.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
