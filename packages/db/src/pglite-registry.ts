import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';

interface Entry {
  readonly db: PGlite;
  users: number;
}

// On globalThis, not in module scope: Next.js bundles server code more than once, and a second
// PGlite on the same directory corrupts it. Symbol.for gives every copy the same key.
const REGISTRY_KEY = Symbol.for('kavach.db.pglite');

function registry(): Map<string, Entry> {
  const holder = globalThis as typeof globalThis & { [REGISTRY_KEY]?: Map<string, Entry> };
  holder[REGISTRY_KEY] ??= new Map<string, Entry>();
  return holder[REGISTRY_KEY];
}

/** The process's one PGlite for `dir` (an absolute path), opened on first use. */
export function acquirePglite(dir: string): PGlite {
  const instances = registry();
  const existing = instances.get(dir);
  if (existing !== undefined && !existing.db.closed) {
    existing.users += 1;
    return existing.db;
  }
  mkdirSync(dir, { recursive: true });
  const db = new PGlite(dir);
  instances.set(dir, { db, users: 1 });
  return db;
}

/** Closes the instance once its last user lets go. */
export async function releasePglite(dir: string): Promise<void> {
  const instances = registry();
  const entry = instances.get(dir);
  if (entry === undefined) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  instances.delete(dir);
  if (!entry.db.closed) await entry.db.close();
}
