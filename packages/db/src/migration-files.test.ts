import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checksumScript,
  readMigrationFiles,
  readMigrationLock,
  scriptMatchesChecksum,
} from './migration-files';

describe('checksumScript', () => {
  it('is the lowercase SHA-256 hex Prisma stores', () => {
    // The vector from prisma-engines' checksum.rs tests.
    expect(checksumScript('hello')).toBe(
      '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    );
  });
});

describe('scriptMatchesChecksum', () => {
  it('ignores line endings git may have rewritten, either way', () => {
    const lf = 'CREATE TABLE a ();\nCREATE TABLE b ();\n';
    const crlf = lf.replaceAll('\n', '\r\n');
    expect(scriptMatchesChecksum(lf, checksumScript(crlf))).toBe(true);
    expect(scriptMatchesChecksum(crlf, checksumScript(lf))).toBe(true);
  });

  it('rejects any other change', () => {
    expect(scriptMatchesChecksum('abc\n', checksumScript('abc'))).toBe(false);
    expect(scriptMatchesChecksum('abc', checksumScript('abcd'))).toBe(false);
  });

  it('accepts the unpadded hex old engines wrote', () => {
    const unpad = (hex: string) =>
      Array.from(Buffer.from(hex, 'hex'), (byte) => byte.toString(16)).join('');
    // A script whose digest has a byte below 0x10, so padding makes a difference.
    const script = Array.from({ length: 100 }, (_, i) => `SELECT ${i};`).find(
      (candidate) => unpad(checksumScript(candidate)).length < 64,
    )!;
    expect(scriptMatchesChecksum(script, unpad(checksumScript(script)))).toBe(true);
  });
});

describe('readMigrationFiles', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kavach-migration-files-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists migration directories in name order with their checksums', async () => {
    for (const name of ['20250102000000_second', '20250101000000_first']) {
      await mkdir(join(dir, name));
      await writeFile(join(dir, name, 'migration.sql'), `-- ${name}\n`);
    }
    await writeFile(join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
    const files = await readMigrationFiles(dir);
    expect(files.map((file) => file.name)).toEqual([
      '20250101000000_first',
      '20250102000000_second',
    ]);
    expect(files[0]?.checksum).toBe(checksumScript('-- 20250101000000_first\n'));
    expect(await readMigrationLock(dir)).toBe('provider = "postgresql"\n');
  });

  it('treats a missing directory as no migrations', async () => {
    expect(await readMigrationFiles(join(dir, 'absent'))).toEqual([]);
    expect(await readMigrationLock(join(dir, 'absent'))).toBeNull();
  });

  it('fails on a migration directory without migration.sql', async () => {
    await mkdir(join(dir, '20250101000000_empty'));
    await expect(readMigrationFiles(dir)).rejects.toThrow(/migration\.sql/);
  });
});
