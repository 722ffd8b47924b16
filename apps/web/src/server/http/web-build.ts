import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Logger } from '@kavach/config';

/** What the browser bundle is built from: a change in any of these means a new build. */
const SOURCES = [
  'src/app',
  'src/components',
  'src/lib',
  'public',
  'next.config.ts',
  'package.json',
];

/** The newest modification time (ms) under the given paths; 0 when none exist. */
export async function newestChange(paths: readonly string[]): Promise<number> {
  let newest = 0;
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info === null) continue;
    if (!info.isDirectory()) {
      newest = Math.max(newest, info.mtimeMs);
      continue;
    }
    const entries = await readdir(path);
    newest = Math.max(newest, await newestChange(entries.map((entry) => join(path, entry))));
  }
  return newest;
}

/** Whether `next build` output exists and is newer than every browser source. */
export async function isBuildFresh(webDir: string): Promise<boolean> {
  const built = await stat(join(webDir, '.next', 'BUILD_ID')).catch(() => null);
  if (built === null) return false;
  return built.mtimeMs >= (await newestChange(SOURCES.map((source) => join(webDir, source))));
}

/**
 * Builds the dashboard (`next build`) when it has never been built or a source changed since:
 * `pnpm start` on a fresh clone needs no separate build step, and a build made with
 * `pnpm build` is used as it is.
 */
export async function ensureWebBuild(webDir: string, logger: Logger): Promise<'BUILT' | 'FRESH'> {
  if (await isBuildFresh(webDir)) return 'FRESH';
  logger.info('building the dashboard (first run or changed sources; about a minute)');
  const nextBin = createRequire(join(webDir, 'package.json')).resolve('next/dist/bin/next');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: webDir,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`next build exited with ${code ?? 'a signal'}`));
    });
  });
  return 'BUILT';
}
