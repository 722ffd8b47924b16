import { Prisma } from './generated/prisma/client';

/** A unique constraint a write may hit, by table and column as in the database. */
export interface UniqueKey {
  readonly table: string;
  readonly column: string;
}

/**
 * Whether `error` is Prisma's P2002 on `key`. Driver adapters report the constraint in
 * different shapes: PGlite's gives the columns, pg's the index name (Prisma names it
 * `<table>_<column>_key`); the classic engine gave `meta.target`. Accept each.
 */
export function isUniqueViolation(error: unknown, key: UniqueKey): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') {
    return false;
  }
  const indexName = `${key.table}_${key.column}_key`;
  const meta: unknown = error.meta;
  const cause = pick(pick(meta, 'driverAdapterError'), 'cause');
  const constraint = pick(cause, 'constraint');
  const fields = pick(constraint, 'fields');
  if (Array.isArray(fields) && fields.includes(key.column)) return true;
  if (pick(constraint, 'index') === indexName) return true;
  const message = pick(cause, 'originalMessage');
  if (typeof message === 'string' && message.includes(`"${indexName}"`)) return true;
  const target = pick(meta, 'target');
  return target === indexName || (Array.isArray(target) && target.includes(key.column));
}

function pick(value: unknown, property: string): unknown {
  return typeof value === 'object' && value !== null && property in value
    ? (value as Record<string, unknown>)[property]
    : undefined;
}
