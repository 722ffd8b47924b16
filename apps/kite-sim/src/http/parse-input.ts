import type { z } from 'zod';
import { inputError } from '../kite/kite-error';

/** Kite's wording for bad parameters; collected here so one table is easy to correct. */
export const INPUT_MESSAGES = {
  missing: (field: string) => `Missing \`${field}\``,
  invalid: (field: string) => `Invalid \`${field}\`.`,
} as const;

/**
 * Validate a query or form body with a zod schema; the first problem becomes a Kite
 * InputException naming the field, the way Kite reports it.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = String(issue?.path[0] ?? 'input');
  const raw =
    typeof input === 'object' && input !== null
      ? (input as Record<string, unknown>)[field]
      : undefined;
  throw inputError(
    raw === undefined || raw === '' ? INPUT_MESSAGES.missing(field) : INPUT_MESSAGES.invalid(field),
  );
}

/** A query value that may repeat (`i=a&i=b`) as a list. */
export function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}
