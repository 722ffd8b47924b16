import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseKiteSimState } from './kite-sim-state';
import type { KiteSimState } from './kite-sim-state';

/** A state file that exists but cannot be used: start-up must stop and say so. */
export class StateFileError extends Error {
  override readonly name = 'StateFileError';

  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(
      `kite-sim state file ${file} cannot be used: ${reason}. ` +
        'Move it away (or delete it) to start a fresh simulated session.',
    );
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The saved state, or null when there is no file yet; anything else throws StateFileError. */
export async function readStateFile(file: string): Promise<KiteSimState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StateFileError(file, `it cannot be read (${reasonOf(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(file, `it is not valid JSON (${reasonOf(error)})`);
  }
  try {
    return parseKiteSimState(json);
  } catch (error) {
    throw new StateFileError(file, reasonOf(error));
  }
}

/**
 * Replaces the file with `text` atomically: written and flushed to a temporary file beside
 * it, then renamed over it, so a crash leaves the old state or the new one, never half.
 */
export async function writeStateFile(file: string, text: string): Promise<void> {
  const directory = dirname(file);
  await mkdir(directory, { recursive: true });
  const temporary = join(directory, `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
