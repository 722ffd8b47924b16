import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/client';
import { MigrationError } from '../src/migrate';
import { defaultPaths } from '../src/paths';
import { BACKENDS, type TestBackend, startBackend } from './backends';
import { type MigrationsCopy, copyMigrations } from './migrations-dir';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

describe.each(BACKENDS)('migration runner on %s', (kind) => {
  let backend: TestBackend;
  let db: Db;
  let copy: MigrationsCopy;

  beforeAll(async () => {
    backend = await startBackend(kind);
    db = await backend.createDb();
    copy = await copyMigrations();
  });
  afterAll(async () => {
    await backend.stop();
    await copy.remove();
  });

  const rows = (target: Db = db) =>
    target.prisma.$queryRawUnsafe<MigrationRow[]>(
      'SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name',
    );
  const tableExists = async (table: string) => {
    const found = await db.prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_name = $1`,
      table,
    );
    return found[0]?.n === 1;
  };
  const expectMigrationError = async (run: Promise<unknown>, code: string, names: string[]) => {
    const error: unknown = await run.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ code, migrations: names });
  };

  it('lists what is pending without applying it', async () => {
    const fresh = await backend.createDb();
    const all = (await fresh.pendingMigrations()).length;
    expect(all).toBeGreaterThan(5);
    const history = await fresh.prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = '_prisma_migrations'`,
    );
    expect(history[0]?.n).toBe(0);
    await fresh.migrate();
    expect(await fresh.pendingMigrations()).toEqual([]);
  });

  it('applies every migration and records it as Prisma does', async () => {
    const result = await db.migrate();
    expect(result.applied).toEqual(copy.names);
    expect(result.alreadyApplied).toEqual([]);

    const recorded = await rows();
    expect(recorded.map((row) => row.migration_name)).toEqual(copy.names);
    for (const row of recorded) {
      const script = await readFile(
        join(defaultPaths.migrations, row.migration_name, 'migration.sql'),
      );
      expect(row.id).toMatch(UUID_V4);
      expect(row.checksum).toBe(createHash('sha256').update(script).digest('hex'));
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }
  });

  it('creates _prisma_migrations with the schema engine’s column types', async () => {
    const columns = await db.prisma.$queryRawUnsafe<
      { column_name: string; data_type: string; is_nullable: string; len: number | null }[]
    >(
      `SELECT column_name, data_type, is_nullable, character_maximum_length AS len
         FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = '_prisma_migrations'
        ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => [c.column_name, c.data_type, c.is_nullable, c.len])).toEqual([
      ['id', 'character varying', 'NO', 36],
      ['checksum', 'character varying', 'NO', 64],
      ['finished_at', 'timestamp with time zone', 'YES', null],
      ['migration_name', 'character varying', 'NO', 255],
      ['logs', 'text', 'YES', null],
      ['rolled_back_at', 'timestamp with time zone', 'YES', null],
      ['started_at', 'timestamp with time zone', 'NO', null],
      ['applied_steps_count', 'integer', 'NO', null],
    ]);
  });

  it('is idempotent', async () => {
    const before = await rows();
    const result = await db.migrate();
    expect(result).toEqual({ applied: [], alreadyApplied: copy.names, unknown: [] });
    expect(await rows()).toEqual(before);
  });

  it('accepts a migration whose line endings git rewrote, as Prisma does', async () => {
    const name = copy.names[0]!;
    const original = await copy.read(name);
    await copy.write(name, original.replaceAll('\n', '\r\n'));
    try {
      const result = await backend.reopen(db, { migrationsDir: copy.dir }).migrate();
      expect(result.applied).toEqual([]);
    } finally {
      await copy.write(name, original);
    }
  });

  it('refuses to run when an applied migration was edited', async () => {
    const name = copy.names[0]!;
    const original = await copy.read(name);
    await copy.write(name, `${original}\n-- edited after it was applied\n`);
    try {
      await expectMigrationError(
        backend.reopen(db, { migrationsDir: copy.dir }).migrate(),
        'CHECKSUM_MISMATCH',
        [name],
      );
    } finally {
      await copy.write(name, original);
    }
  });

  it('rolls a failing migration back whole and applies it once fixed', async () => {
    const broken = '29991231235959_probe';
    await copy.write(
      broken,
      'CREATE TABLE "kv_probe" ("id" INTEGER);\nSELECT * FROM "no_such_table";\n',
    );
    const migrator = backend.reopen(db, { migrationsDir: copy.dir });
    await expectMigrationError(migrator.migrate(), 'MIGRATION_FAILED', [broken]);
    expect(await tableExists('kv_probe')).toBe(false);
    expect((await rows()).map((row) => row.migration_name)).toEqual(copy.names);

    await copy.write(broken, 'CREATE TABLE "kv_probe" ("id" INTEGER);\n');
    expect((await migrator.migrate()).applied).toEqual([broken]);
    expect(await tableExists('kv_probe')).toBe(true);

    // Back to the real history: the probe counts as applied by a newer build.
    expect((await db.migrate()).unknown).toEqual([broken]);
  });

  it('refuses to run past a migration recorded as failed (Prisma P3009)', async () => {
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ($1, $2, $3)`,
      '00000000-0000-4000-8000-000000000000',
      '0'.repeat(64),
      '29991231235960_half_done',
    );
    try {
      await expectMigrationError(db.migrate(), 'FAILED_MIGRATION', ['29991231235960_half_done']);
    } finally {
      await db.prisma.$executeRawUnsafe(
        `DELETE FROM _prisma_migrations WHERE migration_name = '29991231235960_half_done'`,
      );
    }
  });

  it('lets concurrent runners apply each migration once', async () => {
    const fresh = await backend.createDb();
    const other = backend.reopen(fresh, { migrationsDir: defaultPaths.migrations });
    const results = await Promise.all([fresh.migrate(), other.migrate()]);
    expect(results.flatMap((result) => result.applied).sort()).toEqual(copy.names);
    expect((await rows(fresh)).map((row) => row.migration_name)).toEqual(copy.names);
  });

  it('refuses a database that has tables but no migration history (Prisma P3005)', async () => {
    const fresh = await backend.createDb();
    await fresh.prisma.$executeRawUnsafe('CREATE TABLE "legacy" ("id" INTEGER)');
    await expectMigrationError(fresh.migrate(), 'NOT_EMPTY', []);
  });
});
