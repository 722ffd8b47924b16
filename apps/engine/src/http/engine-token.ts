import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const ENGINE_TOKEN_FILE = 'engine-api-token';
const MIN_LENGTH = 16;

export interface ResolvedEngineToken {
  readonly token: string;
  /** env: ENGINE_API_TOKEN; generated: written now; stored: read from an earlier start. */
  readonly source: 'env' | 'generated' | 'stored';
  /** The token file, when one is used: log this, never the token. */
  readonly path: string | null;
}

/**
 * The engine API token: ENGINE_API_TOKEN when set; otherwise a random one kept in
 * `<dataDir>/engine-api-token` (mode 0600), created on the first start and reused after, so
 * the dashboard on the same machine can read it and restarts do not log anyone out.
 */
export async function resolveEngineToken(options: {
  readonly envToken: string | undefined;
  readonly dataDir: string;
}): Promise<ResolvedEngineToken> {
  if (options.envToken !== undefined && options.envToken !== '') {
    if (options.envToken.length < MIN_LENGTH) {
      throw new RangeError(`ENGINE_API_TOKEN must be at least ${MIN_LENGTH} characters`);
    }
    return { token: options.envToken, source: 'env', path: null };
  }
  const path = resolve(join(options.dataDir, ENGINE_TOKEN_FILE));
  const stored = await readStoredToken(path);
  if (stored !== null) return { token: stored, source: 'stored', path };

  await mkdir(options.dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  try {
    // 'wx': two engines starting at once must not overwrite each other's token.
    await writeFile(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (isErrno(error, 'EEXIST')) {
      const winner = await readStoredToken(path);
      if (winner !== null) return { token: winner, source: 'stored', path };
    }
    throw error;
  }
  return { token, source: 'generated', path };
}

async function readStoredToken(path: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw error;
  }
  const token = text.trim();
  if (token.length < MIN_LENGTH || /\s/.test(token)) {
    throw new Error(`${path} does not hold a valid token: delete it to have a new one generated`);
  }
  // A copy or restore may have widened the permissions: the token is a password.
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  return token;
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
