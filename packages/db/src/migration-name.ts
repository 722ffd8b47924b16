/** Prisma's directory timestamp: UTC, yyyyMMddHHmmss. */
export function formatMigrationTimestamp(at: Date): string {
  return at.toISOString().replace(/\D/g, '').slice(0, 14);
}

const MAX_NAME_LENGTH = 200;

/**
 * The name part as `prisma migrate dev --name` slugifies it: camelCase split, lowercase, any
 * run of other characters becomes one `_`, at most 200 characters.
 */
export function slugifyMigrationName(name: string): string {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_NAME_LENGTH);
}
