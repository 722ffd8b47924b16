/**
 * An instant as a timestamptz parameter of a raw statement, exactly as Prisma sends a DateTime:
 * its UTC wall-clock reading without a zone ('2026-11-23T04:31:00.000'). Prisma reads
 * timestamptz back the same way, so rows written here and by Prisma agree, whatever the
 * server's TimeZone. (node-postgres would send a Date in the host's zone, with its offset: on
 * a server not at UTC, Prisma then reads it shifted by that offset.)
 */
export function sqlInstant(date: Date): string {
  return date.toISOString().slice(0, -1);
}

export function sqlInstantOrNull(date: Date | null | undefined): string | null {
  return date == null ? null : sqlInstant(date);
}
