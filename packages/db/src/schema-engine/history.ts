import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { DiagnoseMigrationHistoryOutput } from '@prisma/schema-engine-wasm';
import { NO_FILTER, readMigrationList, readSchema, withSchemaEngine } from './engine';

export interface HistoryInput {
  readonly migrationsDir: string;
  readonly schemaPath: string;
}

/**
 * What `prisma migrate status` reads: the engine compares _prisma_migrations with the
 * migrations directory (`history: null` when in sync) and checks checksums and failures.
 */
export async function inspectMigrationHistory(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  input: HistoryInput,
): Promise<DiagnoseMigrationHistoryOutput> {
  const migrationsList = await readMigrationList(input.migrationsDir);
  return withSchemaEngine(await readSchema(input.schemaPath), adapter, (engine) =>
    engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: NO_FILTER,
    }),
  );
}

/** What `prisma migrate deploy` does, by the engine: returns the migrations it applied. */
export async function deployWithSchemaEngine(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  input: HistoryInput,
): Promise<string[]> {
  const migrationsList = await readMigrationList(input.migrationsDir);
  const result = await withSchemaEngine(await readSchema(input.schemaPath), adapter, (engine) =>
    engine.applyMigrations({ migrationsList, filters: NO_FILTER }),
  );
  return result.appliedMigrationNames;
}
