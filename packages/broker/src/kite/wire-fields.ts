/**
 * Readers for Kite payloads, which arrive as untyped JSON (or as the kiteconnect client's
 * lightly converted objects). Each returns undefined when the field is missing or of the wrong
 * type, so mappers can say exactly which field was wrong.
 */
export type WireRecord = Readonly<Record<string, unknown>>;

export function isWireRecord(value: unknown): value is WireRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readString(record: WireRecord, field: string): string | undefined {
  const value = record[field];
  return typeof value === 'string' ? value : undefined;
}

/** A string or null (Kite sends null for absent text such as status_message). */
export function readNullableString(record: WireRecord, field: string): string | null | undefined {
  const value = record[field];
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : undefined;
}

export function readFiniteNumber(record: WireRecord, field: string): number | undefined {
  const value = record[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function readInteger(record: WireRecord, field: string): number | undefined {
  const value = record[field];
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
}

/** Kite ids are strings on the wire, but some clients turn numeric ones into numbers. */
export function readId(record: WireRecord, field: string): string | undefined {
  const value = record[field];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/** Thrown inside a mapper when a required field is missing; caught at the mapper's edge. */
export class WireFieldError extends Error {}

export function required<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new WireFieldError(`missing or invalid field "${field}"`);
  return value;
}
