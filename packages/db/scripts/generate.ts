/**
 * `prisma generate`, offline: prisma.config.ts points the CLI at a stub schema engine, which
 * generate never runs. Writes the client to src/generated/prisma (not committed).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { defaultPaths } from '../src/paths';

const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');

const result = spawnSync(
  process.execPath,
  [prismaCli, 'generate', '--config', defaultPaths.prismaConfig],
  { cwd: defaultPaths.repoRoot, stdio: 'inherit' },
);
if (result.error) throw result.error;
process.exitCode = result.status ?? 1;
