import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readStoredSecret, resolveSecret } from './stored-secret';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kavach-secret-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveSecret', () => {
  const spec = (envValue?: string) => ({
    name: 'AUTH_SECRET',
    envValue,
    dataDir: dir,
    file: 'auth-secret',
  });

  it('takes the environment first and refuses a short value', async () => {
    await expect(resolveSecret(spec('x'.repeat(40)))).resolves.toEqual({
      value: 'x'.repeat(40),
      source: 'env',
      path: null,
    });
    await expect(resolveSecret(spec('short'))).rejects.toThrow(/AUTH_SECRET must be at least 16/);
  });

  it('generates a 0600 file once and reuses it', async () => {
    const first = await resolveSecret(spec());
    const again = await resolveSecret(spec());
    expect(first.source).toBe('generated');
    expect(again).toEqual({ ...first, source: 'stored' });
    expect((await readFile(join(dir, 'auth-secret'), 'utf8')).trim()).toBe(first.value);
    expect((await stat(join(dir, 'auth-secret'))).mode & 0o777).toBe(0o600);
  });

  it('gives processes starting together one secret, never a half-written file', async () => {
    const all = await Promise.all(Array.from({ length: 8 }, () => resolveSecret(spec())));
    expect(new Set(all.map((r) => r.value)).size).toBe(1);
    expect(all.filter((r) => r.source === 'generated')).toHaveLength(1);
  });

  it('refuses a damaged file and reads none when there is none', async () => {
    expect(await readStoredSecret(join(dir, 'missing'))).toBeNull();
    await writeFile(join(dir, 'auth-secret'), 'two words here\n');
    await expect(resolveSecret(spec())).rejects.toThrow(/does not hold a valid secret/);
  });
});
