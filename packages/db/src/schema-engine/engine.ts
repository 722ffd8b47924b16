import { readFile } from 'node:fs/promises';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import {
  MIGRATION_LOCK_CONTENT,
  MIGRATION_LOCK_FILE,
  MIGRATION_SCRIPT_FILE,
  readMigrationFiles,
  readMigrationLock,
} from '../migration-files';
import { loadSchemaEngine } from './load-schema-engine';

export const NO_FILTER = { externalTables: [], externalEnums: [] };

export interface SchemaFiles {
  readonly files: { path: string; content: string }[];
}

export async function readSchema(schemaPath: string): Promise<SchemaFiles> {
  return { files: [{ path: schemaPath, content: await readFile(schemaPath, 'utf8') }] };
}

/** prisma/migrations as the engine takes it: already read, with the lockfile. */
export async function readMigrationList(migrationsDir: string): Promise<MigrationList> {
  const migrations = await readMigrationFiles(migrationsDir);
  return {
    baseDir: migrationsDir,
    // The engine refuses a migration history without a provider, even an empty one.
    lockfile: {
      path: MIGRATION_LOCK_FILE,
      content: (await readMigrationLock(migrationsDir)) ?? MIGRATION_LOCK_CONTENT,
    },
    shadowDbInitScript: '',
    migrationDirectories: migrations.map((migration) => ({
      path: migration.name,
      migrationFile: {
        path: MIGRATION_SCRIPT_FILE,
        content: { tag: 'ok', value: migration.script },
      },
    })),
  };
}

/** Runs `work` on a schema engine bound to `adapter`, freeing the engine afterwards. */
export async function withSchemaEngine<T>(
  schema: SchemaFiles,
  adapter: SqlMigrationAwareDriverAdapterFactory,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const SchemaEngineClass = await loadSchemaEngine();
  const engine = await SchemaEngineClass.new(
    { datamodels: schema.files.map((file) => [file.path, file.content]) },
    // The engine's tracing output; its failures come back as rejections.
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(adapter),
  );
  try {
    return await work(engine);
  } catch (error) {
    const reason = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(`schema engine failed: ${reason}`, { cause: error });
  } finally {
    engine.free();
  }
}
