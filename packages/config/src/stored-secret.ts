import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const MIN_LENGTH = 16;

/** The engine API token's file under DATA_DIR: written by the engine, read by the dashboard. */
export const ENGINE_TOKEN_FILE = 'engine-api-token';

export interface ResolvedSecret {
  readonly value: string;
  /** env: from the environment; generated: written now; stored: read from an earlier start. */
  readonly source: 'env' | 'generated' | 'stored';
  /** The file, when one is used: log this, never the value. */
  readonly path: string | null;
}

export interface SecretSpec {
  /** The variable's name, for messages. */
  readonly name: string;
  readonly envValue: string | undefined;
  readonly dataDir: string;
  /** File name under dataDir. */
  readonly file: string;
  readonly minLength?: number;
  /** What it is, for messages: "secret" by default, "token" for the engine API's. */
  readonly kind?: string;
}

/**
 * A secret from the environment when set; otherwise a random one kept in `<dataDir>/<file>`
 * (mode 0600), created on the first start and reused after, so a restart keeps sessions and
 * another process on the same machine can read it.
 */
export async function resolveSecret(spec: SecretSpec): Promise<ResolvedSecret> {
  const minLength = spec.minLength ?? MIN_LENGTH;
  if (spec.envValue !== undefined && spec.envValue !== '') {
    if (spec.envValue.length < minLength) {
      throw new RangeError(`${spec.name} must be at least ${minLength} characters`);
    }
    return { value: spec.envValue, source: 'env', path: null };
  }
  const path = resolve(join(spec.dataDir, spec.file));
  const stored = await readStoredSecret(path, minLength, spec.kind ?? 'secret');
  if (stored !== null) return { value: stored, source: 'stored', path };

  await mkdir(spec.dataDir, { recursive: true });
  const value = randomBytes(32).toString('base64url');
  // Written whole under a private name, then linked into place: a process starting at the same
  // moment sees either no file or the complete secret, never an empty one, and link refuses
  // to replace a secret another process put there first.
  const draft = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  await writeFile(draft, `${value}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(draft, path);
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
    const winner = await readStoredSecret(path, minLength, spec.kind ?? 'secret');
    if (winner === null) throw error;
    return { value: winner, source: 'stored', path };
  } finally {
    await rm(draft, { force: true });
  }
  return { value, source: 'generated', path };
}

/** The secret stored at `path`, or null when there is no file. */
export async function readStoredSecret(
  path: string,
  minLength = MIN_LENGTH,
  what = 'secret',
): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw error;
  }
  const value = text.trim();
  if (value.length < minLength || /\s/.test(value)) {
    throw new Error(`${path} does not hold a valid ${what}: delete it to have a new one generated`);
  }
  // A copy or restore may have widened the permissions: the secret is a password.
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  return value;
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
