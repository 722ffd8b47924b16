import type { ServerResponse } from 'node:http';

export interface SecurityHeaderOptions {
  /** The dashboard's public origin, e.g. https://kavach.example or http://127.0.0.1:3000. */
  readonly origin: string;
  /** Next.js dev mode: its hot reload evaluates code, which production never does. */
  readonly dev: boolean;
}

/**
 * The Content-Security-Policy of every answer: everything from the dashboard's own origin
 * (its scripts, styles, fonts, the tRPC and Socket.IO connections), nothing framed, no plugins,
 * forms only to itself. Next.js writes its bootstrap as inline scripts and the charts use inline
 * styles, hence 'unsafe-inline' (nonces would need every page rendered per request).
 */
export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  const url = new URL(options.origin);
  // The live socket: 'self' covers ws(s) of the same host only in newer browsers.
  const socket = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${options.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${socket}`,
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (url.protocol === 'https:') directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/**
 * Headers every answer carries: a CSP, no framing, no sniffing, no referrer leaks; HSTS only
 * when the dashboard is served over TLS (its public URL is https).
 */
export function securityHeaders(options: SecurityHeaderOptions): Readonly<Record<string, string>> {
  const secure = new URL(options.origin).protocol === 'https:';
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    ...(secure ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

export function setSecurityHeaders(
  res: ServerResponse,
  headers: Readonly<Record<string, string>>,
): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}
