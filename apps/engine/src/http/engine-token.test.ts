import { mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINE_TOKEN_FILE, resolveEngineToken } from './engine-token';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kavach-token-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveEngineToken', () => {
  it('uses ENGINE_API_TOKEN when set and writes nothing', async () => {
    const token = 'from-env-0123456789abcdef';
    expect(await resolveEngineToken({ envToken: token, dataDir: dir })).toEqual({
      token,
      source: 'env',
      path: null,
    });
    await expect(stat(join(dir, ENGINE_TOKEN_FILE))).rejects.toThrow();
  });

  it('refuses a short ENGINE_API_TOKEN', async () => {
    await expect(resolveEngineToken({ envToken: 'short', dataDir: dir })).rejects.toThrow(
      RangeError,
    );
  });

  it('generates a token into a 0600 file once and reuses it', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const first = await resolveEngineToken({ envToken: undefined, dataDir });
    expect(first.source).toBe('generated');
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.path).toBe(join(dataDir, ENGINE_TOKEN_FILE));
    expect((await stat(join(dataDir, ENGINE_TOKEN_FILE))).mode & 0o777).toBe(0o600);
    expect((await readFile(join(dataDir, ENGINE_TOKEN_FILE), 'utf8')).trim()).toBe(first.token);

    const second = await resolveEngineToken({ envToken: '', dataDir });
    expect(second).toEqual({ ...first, source: 'stored' });
  });

  it('gives two engines starting together the same token', async () => {
    const [a, b] = await Promise.all([
      resolveEngineToken({ envToken: undefined, dataDir: dir }),
      resolveEngineToken({ envToken: undefined, dataDir: dir }),
    ]);
    expect(a.token).toBe(b.token);
  });

  it('tightens a stored file readable by others', async () => {
    const path = join(dir, ENGINE_TOKEN_FILE);
    await writeFile(path, 'stored-token-0123456789abcdef\n');
    await chmod(path, 0o644);
    const resolved = await resolveEngineToken({ envToken: undefined, dataDir: dir });
    expect(resolved).toMatchObject({ token: 'stored-token-0123456789abcdef', source: 'stored' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('refuses a stored file that holds no usable token', async () => {
    await writeFile(join(dir, ENGINE_TOKEN_FILE), 'short\n', { mode: 0o600 });
    await expect(resolveEngineToken({ envToken: undefined, dataDir: dir })).rejects.toThrow(
      'does not hold a valid token',
    );
  });
});
