import { v7 } from 'uuid';

/**
 * A row id made before the row is written, the kind the schema generates (UUIDv7: ordered by
 * creation), for a caller that must name the row first: a write kept while PostgreSQL is away
 * (ADR 7), whose replay then meets its own row instead of writing a second one.
 */
export function newRowId(): string {
  return v7();
}
