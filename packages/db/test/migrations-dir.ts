import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPaths } from '../src/paths';

/** A scratch copy of prisma/migrations that a test may edit. */
export interface MigrationsCopy {
  readonly dir: string;
  /** Names of the real migrations, in order. */
  readonly names: readonly string[];
  write(name: string, script: string): Promise<void>;
  read(name: string): Promise<string>;
  remove(): Promise<void>;
}

export async function copyMigrations(): Promise<MigrationsCopy> {
  const root = await mkdtemp(join(tmpdir(), 'kavach-migrations-'));
  const dir = join(root, 'migrations');
  await cp(defaultPaths.migrations, dir, { recursive: true });
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return {
    dir,
    names,
    write: async (name, script) => {
      await mkdir(join(dir, name), { recursive: true });
      await writeFile(join(dir, name, 'migration.sql'), script);
    },
    read: (name) => readFile(join(dir, name, 'migration.sql'), 'utf8'),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
