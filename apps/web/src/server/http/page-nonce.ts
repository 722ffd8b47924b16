import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentSecurityPolicy, createNonce } from './security-headers';
import type { SecurityHeaderOptions } from './security-headers';

/**
 * Whether Next.js may answer this path with an HTML page, which needs a nonce: anything but its
 * build assets under /_next/ (a page, a file from public/, or the not-found page for either).
 */
export function rendersPage(pathname: string): boolean {
  return !pathname.startsWith('/_next/');
}

/**
 * Gives one page request a fresh nonce. The browser enforces the answer's CSP; Next.js finds
 * the nonce in the request's CSP header and stamps it on every script it renders, so both
 * carry the same policy. The request's CSP is overwritten, never trusted: a client must not
 * choose the nonce, nor slip one in through the report-only header Next.js falls back to.
 */
export function handPageNonce(
  req: IncomingMessage,
  res: ServerResponse,
  options: SecurityHeaderOptions,
): string {
  const nonce = createNonce();
  const policy = contentSecurityPolicy(options, nonce);
  res.setHeader('Content-Security-Policy', policy);
  delete req.headers['content-security-policy-report-only'];
  req.headers['content-security-policy'] = policy;
  return nonce;
}
