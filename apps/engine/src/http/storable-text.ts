/**
 * Whether PostgreSQL can store the text, in a TEXT/VARCHAR column or inside JSONB: it refuses
 * NUL (U+0000) and a UTF-16 surrogate without its pair (neither has a UTF-8 form it accepts).
 * Free text from a request is checked with this before it can reach the database, so such a
 * body is a 400 naming the field, not a failed insert and a 500.
 */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

export const UNSTORABLE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired surrogates';

// eslint-disable-next-line no-control-regex -- NUL is exactly what is refused
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;
