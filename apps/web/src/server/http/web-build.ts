import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
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
const STAMP = '.next/kavach-sources.sha256';

async function listFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => null);
  if (info === null) return [];
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path);
  const nested = await Promise.all(entries.sort().map((entry) => listFiles(join(path, entry))));
  return nested.flat();
}

/** SHA-256 over the paths and contents of the browser sources. */
export async function hashWebSources(webDir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const source of SOURCES) {
    for (const file of await listFiles(join(webDir, source))) {
      hash.update(file.slice(webDir.length));
      hash.update(await readFile(file));
    }
  }
  return hash.digest('hex');
}

/**
 * Builds the dashboard (`next build`) when it has never been built or its sources changed
 * since: `pnpm start` on a fresh clone needs no separate build step.
 */
export async function ensureWebBuild(webDir: string, logger: Logger): Promise<'BUILT' | 'FRESH'> {
  const wanted = await hashWebSources(webDir);
  const current = await readFile(join(webDir, STAMP), 'utf8').catch(() => null);
  const built = await stat(join(webDir, '.next', 'BUILD_ID')).catch(() => null);
  if (built !== null && current === wanted) return 'FRESH';
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
  await writeFile(join(webDir, STAMP), wanted);
  return 'BUILT';
}
