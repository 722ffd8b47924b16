import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export interface SecurityHeaderOptions {
  /** The dashboard's public origin, e.g. https://kavach.example or http://127.0.0.1:3000. */
  readonly origin: string;
  /** Next.js dev mode: its hot reload evaluates code, which production never does. */
  readonly dev: boolean;
}

/** A page's one-time CSP nonce: 128 random bits, so that injected markup cannot guess it. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The Content-Security-Policy of an answer: everything from the dashboard's own origin (its
 * scripts, styles, fonts, the tRPC and Socket.IO connections), nothing framed, no plugins,
 * forms only to itself. No inline script runs without the page's nonce: Next.js writes its
 * bootstrap inline and stamps it with the nonce, and 'strict-dynamic' lets those scripts load
 * the page's chunks. Answers that are not pages get no nonce, so no inline script at all.
 * Styles keep 'unsafe-inline': React writes style attributes (the charts, widths of bars),
 * which no nonce can cover.
 */
export function contentSecurityPolicy(
  options: SecurityHeaderOptions,
  nonce: string | null = null,
): string {
  const url = new URL(options.origin);
  // The live socket: 'self' covers ws(s) of the same host only in newer browsers.
  const socket = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
  const scripts = nonce === null ? "'self'" : `'self' 'nonce-${nonce}' 'strict-dynamic'`;
  const directives = [
    "default-src 'self'",
    `script-src ${scripts}${options.dev ? " 'unsafe-eval'" : ''}`,
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
export function securityHeaders(
  options: SecurityHeaderOptions,
  nonce: string | null = null,
): Readonly<Record<string, string>> {
  const secure = new URL(options.origin).protocol === 'https:';
  return {
    'Content-Security-Policy': contentSecurityPolicy(options, nonce),
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
