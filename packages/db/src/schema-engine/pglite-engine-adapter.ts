import { PGlite } from '@electric-sql/pglite';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';

/**
 * Driver adapters for the schema engine on PGlite. The shadow database is a fresh in-memory
 * PGlite each time the engine asks for one; the main database is `main` when given (to
 * inspect a migrated database) or another throwaway one.
 */
export function createPgliteEngineAdapter(main?: PGlite): SqlMigrationAwareDriverAdapterFactory {
  const adapterName = 'pglite-prisma-adapter';
  return {
    provider: 'postgres',
    adapterName,
    connect: () => connectPglite(main ?? new PGlite(), main === undefined),
    connectToShadowDb: () => connectPglite(new PGlite(), true),
  };
}

async function connectPglite(db: PGlite, owned: boolean): Promise<SqlDriverAdapter> {
  const adapter = await new PrismaPGlite(db).connect();
  // pglite-prisma-adapter 0.7 neither awaits executeScript nor reports its failure, so the
  // engine would replay migrations on the shadow database blind: await it here.
  adapter.executeScript = async (script) => {
    await db.exec(script);
  };
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await dispose();
    if (owned && !db.closed) await db.close();
  };
  return adapter;
}
