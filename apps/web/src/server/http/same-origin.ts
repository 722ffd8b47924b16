import type { IncomingMessage } from 'node:http';

/**
 * A state-changing request must come from the dashboard's own pages: browsers send Origin on
 * every cross-site POST, so one naming another site is refused (CSRF). Requests without an
 * Origin (curl, server to server) carry no ambient cookie risk from a browser.
 */
export function isSameOriginRequest(req: IncomingMessage, allowedOrigin: string): boolean {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return true;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin === allowedOrigin;
}
