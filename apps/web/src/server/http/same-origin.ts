import type { IncomingMessage } from 'node:http';

/**
 * A state-changing request must come from the dashboard's own pages (CSRF): it must carry the
 * dashboard's Origin. Browsers send Origin on every POST, same-site or not, so a request naming
 * another site, or none at all (a browser that hides it, a form posted from an opaque origin as
 * "null"), is refused. Scripts and the tests send the dashboard's origin themselves.
 */
export function isSameOriginRequest(req: IncomingMessage, allowedOrigin: string): boolean {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return true;
  return req.headers.origin === allowedOrigin;
}
