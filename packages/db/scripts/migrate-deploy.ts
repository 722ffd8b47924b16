/**
 * pnpm db:migrate — applies pending migrations, like `prisma migrate deploy`, to DATABASE_URL
 * or, when it is unset, to the embedded database under DATA_DIR (relative to the repository
 * root, where the engine keeps it).
 */
import { resolve } from 'node:path';
import { loadEnv } from '@kavach/config';
import { createDb } from '../src/client';
import { defaultPaths } from '../src/paths';

const env = loadEnv();
const db = createDb({
  databaseUrl: env.DATABASE_URL,
  dataDir: resolve(defaultPaths.repoRoot, env.DATA_DIR),
});
try {
  const result = await db.migrate();
  const target =
    db.kind === 'pg' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${env.DATA_DIR}`;
  for (const name of result.applied) console.log(`applied ${name}`);
  console.log(
    `${target}: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`,
  );
  if (result.unknown.length > 0) {
    console.warn(`recorded but not in prisma/migrations: ${result.unknown.join(', ')}`);
  }
} finally {
  await db.close();
}
