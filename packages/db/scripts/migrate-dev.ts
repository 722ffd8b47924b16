/**
 * pnpm db:migrate:dev --name <name>
 *
 * Writes the next migration, prisma/migrations/<yyyyMMddHHmmss>_<name>/migration.sql, exactly
 * as `prisma migrate dev --create-only` would: the WebAssembly schema engine replays the
 * existing migrations on an in-memory PGlite shadow database and diffs them against
 * prisma/schema.prisma. Touches no database; apply with `pnpm db:migrate`.
 */
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import {
  MIGRATION_LOCK_CONTENT,
  MIGRATION_LOCK_FILE,
  MIGRATION_SCRIPT_FILE,
} from '../src/migration-files';
import { defaultPaths } from '../src/paths';
import { diffMigrationsToSchema } from '../src/schema-engine/diff';
import { formatMigrationTimestamp, slugifyMigrationName } from '../src/migration-name';

const USAGE = 'usage: pnpm db:migrate:dev --name <name>';

async function main(): Promise<number> {
  const { values } = parseArgs({
    // pnpm forwards a literal `--` when called as `pnpm db:migrate:dev -- --name x`.
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: { name: { type: 'string', short: 'n' } },
  });
  const name = slugifyMigrationName(values.name ?? '');
  if (name === '') {
    console.error(`A migration name is required.\n${USAGE}`);
    return 64;
  }

  const { migrations: migrationsDir, schema: schemaPath, repoRoot } = defaultPaths;
  const diff = await diffMigrationsToSchema({ migrationsDir, schemaPath });
  if (diff.exitCode === 0) {
    console.error(
      `No changes: ${relative(repoRoot, schemaPath)} already matches ${relative(repoRoot, migrationsDir)}. No migration written.`,
    );
    return 1;
  }

  const dirName = `${formatMigrationTimestamp(new Date())}_${name}`;
  const dir = join(migrationsDir, dirName);
  await mkdir(migrationsDir, { recursive: true });
  if (await exists(dir)) throw new Error(`${relative(repoRoot, dir)} already exists`);
  await mkdir(dir);
  await writeFile(join(dir, MIGRATION_SCRIPT_FILE), diff.sql);
  const lockPath = join(migrationsDir, MIGRATION_LOCK_FILE);
  if (!(await exists(lockPath))) await writeFile(lockPath, MIGRATION_LOCK_CONTENT);

  console.log(`Wrote ${relative(repoRoot, join(dir, MIGRATION_SCRIPT_FILE))}`);
  return 0;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

process.exitCode = await main();
