import type { Prisma } from './generated/prisma/client';

/**
 * PostgreSQL refuses text holding NUL (U+0000) or a lone UTF-16 surrogate, in text and jsonb
 * alike: one such character in a hostile request would cost the whole audit row. They become
 * U+FFFD, in keys and values at any depth; everything else is kept as it was.
 */
const UNSTORABLE = new RegExp(
  // NUL spelled as a code point: a literal one would read as a mistake in the pattern.
  `${String.fromCodePoint(0)}|${String.raw`[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]`}`,
  'g',
);

export function toStorableText(text: string): string {
  return text.replace(UNSTORABLE, '\uFFFD');
}

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
