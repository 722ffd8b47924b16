/** Paths served without a session: sign-in, first-run setup, and what those pages load. */
const PUBLIC_PAGES = new Set(['/login', '/setup']);
const PUBLIC_PREFIXES = ['/_next/', '/api/auth/', '/api/trpc/', '/socket.io/', '/icons/'];
const PUBLIC_FILES = new Set([
  '/manifest.webmanifest',
  '/favicon.ico',
  '/robots.txt',
  '/api/health',
]);

export type PageAccess = 'PUBLIC' | 'SIGNED_IN';

/** Which dashboard paths need a session before Next renders them. */
export function classifyPath(pathname: string): PageAccess {
  if (PUBLIC_PAGES.has(pathname) || PUBLIC_FILES.has(pathname)) return 'PUBLIC';
  if (PUBLIC_PREFIXES.some((prefix) => pathname.startsWith(prefix))) return 'PUBLIC';
  return 'SIGNED_IN';
}

/** Where an unauthenticated visitor goes: setup on first run, else sign-in and back. */
export function redirectFor(pathname: string, search: string, needsSetup: boolean): string {
  if (needsSetup) return '/setup';
  const back = `${pathname}${search}`;
  return back === '/' ? '/login' : `/login?next=${encodeURIComponent(back)}`;
}
