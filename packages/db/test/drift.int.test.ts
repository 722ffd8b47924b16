import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type PostgresServer, startPostgres } from '@kavach/testkit';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '../src/generated/prisma/client';
import { type MigrationResult, applyMigrations } from '../src/migrate';
import { readMigrationFiles } from '../src/migration-files';
import { openPgSession, openPgliteSession } from '../src/migration-session';
import { defaultPaths } from '../src/paths';
import {
  diffDatabaseToSchema,
  diffMigrationsToSchema,
  diffPgliteToSchema,
} from '../src/schema-engine/diff';
import { deployWithSchemaEngine, inspectMigrationHistory } from '../src/schema-engine/history';
import {
  type PgEngineAdapter,
  createPgEngineAdapter,
} from '../src/schema-engine/pg-engine-adapter';
import { createPgliteEngineAdapter } from '../src/schema-engine/pglite-engine-adapter';
import { BACKENDS } from './backends';

/** The slice of the generated client's runtime data model this test reads. */
interface RuntimeDataModel {
  models: Record<
    string,
    { dbName: string | null; fields: { name: string; kind: string; dbName?: string | null }[] }
  >;
}

/** Table -> columns every model of schema.prisma needs, from the generated client. */
function expectedColumns(): Map<string, string[]> {
  const client = new PrismaClient({ adapter: new PrismaPGlite(new PGlite()) });
  const model = (client as unknown as { _runtimeDataModel?: RuntimeDataModel })._runtimeDataModel;
  if (model === undefined) throw new Error('the generated client no longer exposes its data model');
  return new Map(
    Object.entries(model.models).map(([name, m]) => [
      m.dbName ?? name,
      m.fields
        .filter((f) => f.kind === 'scalar' || f.kind === 'enum')
        .map((f) => f.dbName ?? f.name),
    ]),
  );
}

const COLUMNS_SQL = `SELECT table_name, column_name FROM information_schema.columns
  WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`;

function groupColumns(rows: { table_name: string; column_name: string }[]): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  for (const row of rows)
    tables.set(row.table_name, [...(tables.get(row.table_name) ?? []), row.column_name]);
  return tables;
}

// Each engine call boots in-memory PGlite databases (seconds each): allow slow CI machines.
const ENGINE_TIMEOUT = { timeout: 180_000 };

describe('schema.prisma and prisma/migrations', ENGINE_TIMEOUT, () => {
  it('have not drifted apart (the engine finds nothing to migrate)', async () => {
    const diff = await diffMigrationsToSchema({
      migrationsDir: defaultPaths.migrations,
      schemaPath: defaultPaths.schema,
    });
    expect(diff.sql).toBe('');
    expect(diff.exitCode).toBe(0);
  });

  it('would be reported as drift after a schema change', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kavach-drift-'));
    try {
      const schemaPath = join(dir, 'schema.prisma');
      const schema = await readFile(defaultPaths.schema, 'utf8');
      await writeFile(
        schemaPath,
        schema.replace('model Alert {', 'model Alert {\n  driftProbe String? @map("drift_probe")'),
      );
      const diff = await diffMigrationsToSchema({
        migrationsDir: defaultPaths.migrations,
        schemaPath,
      });
      expect(diff.exitCode).toBe(2);
      expect(diff.sql).toContain('ALTER TABLE "alerts" ADD COLUMN     "drift_probe" TEXT');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.each(BACKENDS)('the runner-migrated database on %s', ENGINE_TIMEOUT, (kind) => {
  let query: (sql: string) => Promise<Record<string, unknown>[]>;
  let diffToSchema: () => ReturnType<typeof diffDatabaseToSchema>;
  let engineAdapter: () => SqlMigrationAwareDriverAdapterFactory;
  /** An empty database: its engine adapter, and our runner on it. */
  let freshDatabase: () => Promise<{
    adapter: SqlMigrationAwareDriverAdapterFactory;
    runMigrations: () => Promise<MigrationResult>;
  }>;
  let stop: () => Promise<void>;
  const paths = { migrationsDir: defaultPaths.migrations, schemaPath: defaultPaths.schema };

  beforeAll(async () => {
    const migrations = await readMigrationFiles(defaultPaths.migrations);
    if (kind === 'pglite') {
      const db = new PGlite();
      const session = await openPgliteSession(db);
      await applyMigrations(session, migrations);
      await session.release();
      query = async (sql) => (await db.query<Record<string, unknown>>(sql)).rows;
      diffToSchema = () => diffPgliteToSchema(db, defaultPaths.schema);
      engineAdapter = () => createPgliteEngineAdapter(db);
      const fresh = new PGlite();
      freshDatabase = () =>
        Promise.resolve({
          adapter: createPgliteEngineAdapter(fresh),
          runMigrations: async () => {
            const freshSession = await openPgliteSession(fresh);
            try {
              return await applyMigrations(freshSession, migrations);
            } finally {
              await freshSession.release();
            }
          },
        });
      stop = async () => {
        await fresh.close();
        await db.close();
      };
    } else {
      const server: PostgresServer = await startPostgres();
      const pool = new pg.Pool({ connectionString: server.url });
      pool.on('error', () => undefined);
      const session = await openPgSession(pool);
      await applyMigrations(session, migrations);
      await session.release();
      query = async (sql) => (await pool.query<Record<string, unknown>>(sql)).rows;
      const adapters: PgEngineAdapter[] = [];
      const adapterFor = (url: string) => {
        const created = createPgEngineAdapter(url);
        adapters.push(created);
        return created.adapter;
      };
      const pools: pg.Pool[] = [pool];
      diffToSchema = () => diffDatabaseToSchema(adapterFor(server.url), defaultPaths.schema);
      engineAdapter = () => adapterFor(server.url);
      freshDatabase = async () => {
        const url = await server.createDatabase('fresh');
        const freshPool = new pg.Pool({ connectionString: url });
        freshPool.on('error', () => undefined);
        pools.push(freshPool);
        return {
          adapter: adapterFor(url),
          runMigrations: async () => {
            const freshSession = await openPgSession(freshPool);
            try {
              return await applyMigrations(freshSession, migrations);
            } finally {
              await freshSession.release();
            }
          },
        };
      };
      stop = async () => {
        await Promise.all(adapters.map((adapter) => adapter.close()));
        await Promise.all(pools.map((each) => each.end()));
        await server.stop();
      };
    }
  });
  afterAll(async () => {
    await stop();
  });

  it('has every model’s table and every column, and nothing else', async () => {
    const actual = groupColumns(
      (await query(COLUMNS_SQL)) as { table_name: string; column_name: string }[],
    );
    actual.delete('_prisma_migrations');
    const expected = expectedColumns();
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [table, columns] of expected) {
      expect({ table, columns: [...(actual.get(table) ?? [])].sort() }).toEqual({
        table,
        columns: [...columns].sort(),
      });
    }
  });

  it('matches schema.prisma exactly, by the engine’s introspection', async () => {
    const diff = await diffToSchema();
    expect(diff.sql).toBe('');
    expect(diff.exitCode).toBe(0);
  });

  it('reads as in sync to the engine behind `prisma migrate status`', async () => {
    expect(await inspectMigrationHistory(engineAdapter(), paths)).toEqual({
      history: null,
      failedMigrationNames: [],
      editedMigrationNames: [],
      hasMigrationsTable: true,
    });
  });

  it('leaves the engine behind `prisma migrate deploy` nothing to apply', async () => {
    const before = await query('SELECT * FROM _prisma_migrations ORDER BY migration_name');
    expect(await deployWithSchemaEngine(engineAdapter(), paths)).toEqual([]);
    expect(await query('SELECT * FROM _prisma_migrations ORDER BY migration_name')).toEqual(before);
  });

  it('accepts a database that `prisma migrate deploy` migrated', async () => {
    const fresh = await freshDatabase();
    const names = (await readMigrationFiles(defaultPaths.migrations)).map((m) => m.name);
    expect(await deployWithSchemaEngine(fresh.adapter, paths)).toEqual(names);
    expect(await fresh.runMigrations()).toEqual({
      applied: [],
      alreadyApplied: names,
      unknown: [],
    });
  });

  it('would show a missing index (the introspection is not vacuous)', async () => {
    await query('DROP INDEX "orders_status_idx"');
    const diff = await diffToSchema();
    expect(diff.exitCode).toBe(2);
    expect(diff.sql).toContain('CREATE INDEX "orders_status_idx" ON "orders"("status")');
  });
});
