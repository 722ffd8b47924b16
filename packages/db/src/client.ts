import { join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/prisma/client';
import { type MigrationResult, applyMigrations, listPendingMigrations } from './migrate';
import { type MigrationFile, readMigrationFiles } from './migration-files';
import { type MigrationSession, openPgSession, openPgliteSession } from './migration-session';
import { defaultPaths } from './paths';
import { acquirePglite, releasePglite } from './pglite-registry';
import {
  type OrderStatements,
  createOrderStatements,
  prismaStatements,
} from './repositories/write-ahead';

export type DbKind = 'pg' | 'pglite';

export interface CreateDbOptions {
  /** PostgreSQL URL; without one the database is embedded PGlite under `dataDir`. */
  readonly databaseUrl?: string | undefined;
  /** Embedded data lives in `<dataDir>/pglite`. */
  readonly dataDir: string;
  /** Defaults to the repository's prisma/migrations. */
  readonly migrationsDir?: string | undefined;
  /** Connections in the pg pool (PostgreSQL only); default 10. */
  readonly maxConnections?: number | undefined;
  /**
   * Errors of idle pooled connections (PostgreSQL only), e.g. a server restart. The pool
   * drops the broken connection and the next query opens a new one.
   */
  readonly onConnectionError?: ((error: Error) => void) | undefined;
}

export interface Db {
  readonly prisma: PrismaClient;
  readonly kind: DbKind;
  /**
   * The statements an order waits on (write-ahead rows, the state before a bracket's next
   * order), past Prisma's per-query cost: on PostgreSQL prepared statements on the pool Prisma
   * uses, on PGlite Prisma's raw queries.
   */
  readonly statements: OrderStatements;
  /** Applies pending migrations (see applyMigrations). */
  migrate(): Promise<MigrationResult>;
  /** Migrations in the directory not yet applied (read-only). */
  pendingMigrations(): Promise<readonly string[]>;
  /** Disconnects; the embedded database closes when its last user has. Idempotent. */
  close(): Promise<void>;
}

export function createDb(options: CreateDbOptions): Db {
  const migrationsDir = options.migrationsDir ?? defaultPaths.migrations;
  const url = options.databaseUrl;
  return url === undefined || url === ''
    ? createPgliteDb(pgliteDirectory(options.dataDir), migrationsDir)
    : createPgDb(url, migrationsDir, options);
}

function createPgDb(url: string, migrationsDir: string, options: CreateDbOptions): Db {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  pool.on('error', options.onConnectionError ?? (() => undefined));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const statements = createOrderStatements(async (name, text, values) => {
    const result = await pool.query<Record<string, unknown>>({ name, text, values: [...values] });
    return result.rows;
  });
  return buildDb(
    'pg',
    prisma,
    statements,
    migrationsDir,
    () => openPgSession(pool),
    async () => {
      await pool.end();
    },
  );
}

function createPgliteDb(dir: string, migrationsDir: string): Db {
  const db: PGlite = acquirePglite(dir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  return buildDb(
    'pglite',
    prisma,
    prismaStatements(prisma),
    migrationsDir,
    () => openPgliteSession(db),
    () => releasePglite(dir),
  );
}

function buildDb(
  kind: DbKind,
  prisma: PrismaClient,
  statements: OrderStatements,
  migrationsDir: string,
  openSession: () => Promise<MigrationSession>,
  release: () => Promise<void>,
): Db {
  let closing: Promise<void> | undefined;
  const withSession = async <T>(
    run: (session: MigrationSession, migrations: readonly MigrationFile[]) => Promise<T>,
  ): Promise<T> => {
    const migrations = await readMigrationFiles(migrationsDir);
    const session = await openSession();
    try {
      return await run(session, migrations);
    } finally {
      await session.release();
    }
  };
  return {
    prisma,
    kind,
    statements,
    migrate: () => withSession((session, migrations) => applyMigrations(session, migrations)),
    pendingMigrations: () =>
      withSession((session, migrations) => listPendingMigrations(session, migrations)),
    close: () => {
      closing ??= (async () => {
        await prisma.$disconnect();
        await release();
      })();
      return closing;
    },
  };
}

/** Where createDb keeps the embedded database for a data directory. */
export function pgliteDirectory(dataDir: string): string {
  return join(resolve(dataDir), 'pglite');
}
