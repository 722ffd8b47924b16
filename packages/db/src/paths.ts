import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Resolved from this file, so they hold however the process was started (pnpm --filter runs
// scripts in packages/db, the engine runs from apps/engine). A bundler that moves this file
// (Next.js) must pass the directories explicitly.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export const defaultPaths = {
  repoRoot,
  prismaConfig: join(repoRoot, 'prisma.config.ts'),
  schema: join(repoRoot, 'prisma', 'schema.prisma'),
  migrations: join(repoRoot, 'prisma', 'migrations'),
} as const;
