import { createHash, timingSafeEqual } from 'node:crypto';

/** The token from `Authorization: Bearer <token>`, or null when the header is not that. */
export function readBearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match?.[1] ?? null;
}

/**
 * Constant-time comparison. Both sides are hashed first, so neither the length nor any prefix
 * of the real token leaks through the time a wrong guess takes.
 */
export function tokensMatch(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
