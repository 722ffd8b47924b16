import { fileURLToPath } from 'node:url';
import type { PrismaConfig } from 'prisma';

// Read by the Prisma CLI only (Prisma 7 takes the connection URL from here, not from
// schema.prisma); the application gets its database settings from packages/config.
// A plain object rather than defineConfig(): `prisma` is installed in packages/db, not at
// the root, and a type import needs no resolution at run time.
//
// `prisma generate` needs no schema engine, yet the CLI insists on one and would download the
// native binary, which these machines cannot reach. For `generate` alone, point it at a stub
// unless one is set; every other command keeps the CLI's own behaviour, so `prisma migrate
// deploy/status` work as usual wherever the binary can be downloaded.
if (process.argv.slice(2).includes('generate')) {
  process.env['PRISMA_SCHEMA_ENGINE_BINARY'] ??= fileURLToPath(
    new URL('packages/db/scripts/no-native-schema-engine.sh', import.meta.url),
  );
}

const url = process.env['DATABASE_URL'];

export default {
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  ...(url === undefined || url === '' ? {} : { datasource: { url } }),
} satisfies PrismaConfig;
