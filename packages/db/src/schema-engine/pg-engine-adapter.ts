import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

export interface PgEngineAdapter {
  readonly adapter: SqlMigrationAwareDriverAdapterFactory;
  close(): Promise<void>;
}

/**
 * @prisma/adapter-pg for the schema engine's introspection of a PostgreSQL database.
 * adapter-pg 7.10 maps no column type for the catalogs' one-byte "char" (pg_class.relkind
 * and friends), so the engine cannot describe a schema through it; pglite-prisma-adapter
 * can. Such columns are relabelled text, which pg already returns them as.
 */
export function createPgEngineAdapter(connectionString: string): PgEngineAdapter {
  const pool = new pg.Pool({ connectionString, max: 2 });
  // An idle connection the server closes (shutdown, restart) must not crash the process.
  pool.on('error', () => undefined);
  const query = pool.query.bind(pool) as (config: unknown) => Promise<pg.QueryResult>;
  const relabelled = async (config: unknown) => {
    const result = await query(config);
    for (const field of result.fields) {
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
    return result;
  };
  pool.query = relabelled as typeof pool.query;
  return {
    adapter: new PrismaPg(pool),
    close: () => pool.end(),
  };
}
