import type { Prisma } from './generated/prisma/client';

/**
 * PostgreSQL refuses text holding NUL (U+0000) or a lone UTF-16 surrogate, in text and jsonb
 * alike (neither has a UTF-8 form it accepts).
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is refused
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'gu');

/** Whether PostgreSQL can store the text as it is: request fields are checked with this. */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/**
 * The text with what PostgreSQL refuses replaced by U+FFFD: one such character in a hostile
 * request must not cost the whole audit row.
 */
export function toStorableText(text: string): string {
  return text.replace(UNSTORABLE_ALL, '\uFFFD');
}

/** toStorableText on every key and string value, at any depth; everything else as it was. */
export function toStorableJson<T extends Prisma.InputJsonValue>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return toStorableText(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [toStorableText(key), clean(inner)]),
    );
  }
  return value;
}
