import { randomUUID } from 'node:crypto';
import { type MigrationFile, scriptMatchesChecksum } from './migration-files';
import type { MigrationSession, Row } from './migration-session';

/**
 * Prisma's bookkeeping table, created with the schema engine's own DDL
 * (sql-schema-connector, postgres flavour) so `prisma migrate status/deploy` read it as theirs.
 */
const MIGRATIONS_TABLE_DDL = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

/** The key Prisma Migrate takes; sharing it keeps this runner and the CLI from overlapping. */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

export type MigrationErrorCode =
  'NOT_EMPTY' | 'FAILED_MIGRATION' | 'CHECKSUM_MISMATCH' | 'LOCK_TIMEOUT' | 'MIGRATION_FAILED';

export class MigrationError extends Error {
  readonly code: MigrationErrorCode;
  readonly migrations: readonly string[];

  constructor(
    code: MigrationErrorCode,
    message: string,
    migrations: readonly string[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MigrationError';
    this.code = code;
    this.migrations = migrations;
  }
}

export interface MigrationResult {
  /** Applied by this run, in order. */
  readonly applied: readonly string[];
  /** Already recorded as applied before this run. */
  readonly alreadyApplied: readonly string[];
  /** Recorded in the database but absent from the directory (a newer build migrated it). */
  readonly unknown: readonly string[];
}

export interface ApplyMigrationsOptions {
  /** How long to wait for another runner (or the Prisma CLI) to finish; default 60 s. */
  readonly lockTimeoutMs?: number;
}

interface MigrationRow {
  readonly name: string;
  readonly checksum: string;
  readonly finished: boolean;
  readonly rolledBack: boolean;
}

/**
 * Applies the migrations not yet recorded, in name order, each in its own transaction with
 * its _prisma_migrations row, recorded as Prisma records it. Idempotent. Refuses to run when
 * an applied migration's file changed, when a migration is recorded as failed (Prisma's
 * P3009), or on a database that holds tables but no migration history (P3005).
 */
export async function applyMigrations(
  session: MigrationSession,
  migrations: readonly MigrationFile[],
  options: ApplyMigrationsOptions = {},
): Promise<MigrationResult> {
  await acquireLock(session, options.lockTimeoutMs ?? 60_000);
  try {
    await ensureMigrationsTable(session);
    const rows = await readMigrationRows(session);
    checkHistory(rows, migrations);

    const appliedNames = new Set(
      rows.filter((row) => row.finished && !row.rolledBack).map((row) => row.name),
    );
    const localNames = new Set(migrations.map((migration) => migration.name));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (appliedNames.has(migration.name)) continue;
      await applyOne(session, migration);
      applied.push(migration.name);
    }
    return {
      applied,
      alreadyApplied: migrations.filter((m) => appliedNames.has(m.name)).map((m) => m.name),
      unknown: [...appliedNames].filter((name) => !localNames.has(name)),
    };
  } finally {
    await session.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
  }
}

/**
 * The migrations in the directory not yet applied to the database, in order, without changing
 * anything: how an engine told not to migrate learns it would run on an old schema.
 */
export async function listPendingMigrations(
  session: MigrationSession,
  migrations: readonly MigrationFile[],
): Promise<readonly string[]> {
  const [table] = await session.query(
    `SELECT 1 FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_name = '_prisma_migrations'`,
  );
  if (table === undefined) return migrations.map((migration) => migration.name);
  const rows = await readMigrationRows(session);
  const applied = new Set(
    rows.filter((row) => row.finished && !row.rolledBack).map((row) => row.name),
  );
  return migrations.filter((m) => !applied.has(m.name)).map((m) => m.name);
}

async function acquireLock(session: MigrationSession, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await session.query('SELECT pg_try_advisory_lock($1) AS locked', [
      PRISMA_MIGRATE_LOCK_KEY,
    ]);
    if (row?.locked === true) return;
    if (Date.now() >= deadline) {
      throw new MigrationError(
        'LOCK_TIMEOUT',
        `another migration run holds the lock (pg_advisory_lock ${PRISMA_MIGRATE_LOCK_KEY}); gave up after ${timeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function ensureMigrationsTable(session: MigrationSession): Promise<void> {
  const tables = await session.query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  const names = tables.map((row) => String(row.table_name));
  if (names.includes('_prisma_migrations')) return;
  if (names.length > 0) {
    throw new MigrationError(
      'NOT_EMPTY',
      `the database schema is not empty (${names.slice(0, 5).join(', ')}…) and has no migration history; baseline it before migrating (Prisma P3005)`,
    );
  }
  await session.query(MIGRATIONS_TABLE_DDL);
}

async function readMigrationRows(session: MigrationSession): Promise<MigrationRow[]> {
  const rows = await session.query(
    `SELECT migration_name, checksum, finished_at, rolled_back_at
       FROM _prisma_migrations ORDER BY started_at`,
  );
  return rows.map((row: Row) => ({
    name: String(row.migration_name),
    checksum: String(row.checksum),
    finished: row.finished_at !== null,
    rolledBack: row.rolled_back_at !== null,
  }));
}

function checkHistory(rows: readonly MigrationRow[], migrations: readonly MigrationFile[]): void {
  const failed = rows.filter((row) => !row.finished && !row.rolledBack).map((row) => row.name);
  if (failed.length > 0) {
    throw new MigrationError(
      'FAILED_MIGRATION',
      `migrations recorded as failed: ${failed.join(', ')}. Resolve them first (prisma migrate resolve, Prisma P3009)`,
      failed,
    );
  }
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  const edited = rows
    .filter((row) => row.finished && !row.rolledBack)
    .filter((row) => {
      const local = byName.get(row.name);
      return local !== undefined && !scriptMatchesChecksum(local.script, row.checksum);
    })
    .map((row) => row.name);
  if (edited.length > 0) {
    throw new MigrationError(
      'CHECKSUM_MISMATCH',
      `applied migrations were modified after they were applied: ${edited.join(', ')}. Restore the files; change the schema with a new migration`,
      edited,
    );
  }
}

async function applyOne(session: MigrationSession, migration: MigrationFile): Promise<void> {
  try {
    await session.transaction(async (tx) => {
      const id = randomUUID();
      await tx.query(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at)
         VALUES ($1, $2, $3, clock_timestamp())`,
        [id, migration.checksum, migration.name],
      );
      await tx.exec(migration.script);
      await tx.query(
        `UPDATE _prisma_migrations
            SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp()
          WHERE id = $1`,
        [id],
      );
    });
  } catch (error) {
    // The transaction rolled back the script and its row alike: the database is as it was,
    // and a fixed migration can simply be applied again.
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(
      'MIGRATION_FAILED',
      `migration ${migration.name} failed and was rolled back: ${reason}`,
      [migration.name],
      { cause: error },
    );
  }
}
