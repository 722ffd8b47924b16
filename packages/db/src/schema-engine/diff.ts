import type { PGlite } from '@electric-sql/pglite';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { DiffTarget, SchemaEngine } from '@prisma/schema-engine-wasm';
import {
  NO_FILTER,
  type SchemaFiles,
  readMigrationList,
  readSchema,
  withSchemaEngine,
} from './engine';
import { createPgliteEngineAdapter } from './pglite-engine-adapter';

/** What `prisma migrate diff --script --exit-code` reports. */
export interface SchemaDiff {
  /** 0: nothing to do; 2: the target differs (the engine's --exit-code convention). */
  readonly exitCode: number;
  /** The SQL that takes the source to the target; empty when there is nothing to do. */
  readonly sql: string;
}

export interface DiffInput {
  readonly migrationsDir: string;
  readonly schemaPath: string;
}

/**
 * The migration `prisma migrate dev` would write next: the engine replays every migration on
 * an in-memory PGlite shadow database and diffs the result against schema.prisma.
 */
export async function diffMigrationsToSchema(input: DiffInput): Promise<SchemaDiff> {
  const schema = await readSchema(input.schemaPath);
  const from: DiffTarget = { tag: 'migrations', ...(await readMigrationList(input.migrationsDir)) };
  return withSchemaEngine(schema, createPgliteEngineAdapter(), (engine) =>
    runDiff(engine, from, datamodel(schema)),
  );
}

/**
 * Differences between a live database and schema.prisma, by the engine's own introspection:
 * every table, column, type, default, index and foreign key. `adapter.connect()` must reach
 * the database to inspect.
 */
export async function diffDatabaseToSchema(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  schemaPath: string,
): Promise<SchemaDiff> {
  const schema = await readSchema(schemaPath);
  const from: DiffTarget = { tag: 'schemaDatasource', files: schema.files, configDir: '.' };
  return withSchemaEngine(schema, adapter, (engine) => runDiff(engine, from, datamodel(schema)));
}

/** diffDatabaseToSchema for an embedded database. */
export function diffPgliteToSchema(db: PGlite, schemaPath: string): Promise<SchemaDiff> {
  return diffDatabaseToSchema(createPgliteEngineAdapter(db), schemaPath);
}

function datamodel(schema: SchemaFiles): DiffTarget {
  return { tag: 'schemaDatamodel', files: schema.files };
}

async function runDiff(
  engine: SchemaEngine,
  from: DiffTarget,
  to: DiffTarget,
): Promise<SchemaDiff> {
  const result = await engine.diff({ from, to, script: true, exitCode: true, filters: NO_FILTER });
  return { exitCode: result.exitCode, sql: result.exitCode === 0 ? '' : (result.stdout ?? '') };
}
