import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createNonce, securityHeaders } from './security-headers';

const LOCAL = { origin: 'http://127.0.0.1:3000', dev: false };

/** The sources of one directive of a policy, e.g. script-src → ["'self'", …]. */
function sourcesOf(policy: string, directive: string): string[] {
  const found = policy
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([name]) => name === directive);
  return found?.slice(1) ?? [];
}

describe('securityHeaders', () => {
  it('sends HSTS only behind TLS, and lets the socket connect to its own host', () => {
    const plain = securityHeaders(LOCAL);
    expect(plain['Strict-Transport-Security']).toBeUndefined();
    expect(plain['Content-Security-Policy']).toContain("connect-src 'self' ws://127.0.0.1:3000");
    const tls = securityHeaders({ origin: 'https://kavach.example', dev: false });
    expect(tls['Strict-Transport-Security']).toMatch(/^max-age=31536000/);
    expect(tls['Content-Security-Policy']).toContain("connect-src 'self' wss://kavach.example");
    expect(tls['Content-Security-Policy']).toContain('upgrade-insecure-requests');
  });

  it("forbids framing and plugins, and allows eval only to Next.js's dev mode", () => {
    const production = contentSecurityPolicy(LOCAL);
    expect(production).toContain("frame-ancestors 'none'");
    expect(production).toContain("object-src 'none'");
    expect(production).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy({ ...LOCAL, dev: true })).toContain("'unsafe-eval'");
  });

  it('runs no inline script: none without a nonce, only nonce-stamped ones on a page', () => {
    expect(sourcesOf(contentSecurityPolicy(LOCAL), 'script-src')).toEqual(["'self'"]);
    const nonce = createNonce();
    const page = securityHeaders(LOCAL, nonce)['Content-Security-Policy'] ?? '';
    expect(sourcesOf(page, 'script-src')).toEqual([
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
    ]);
    for (const dev of [false, true]) {
      const scripts = sourcesOf(contentSecurityPolicy({ ...LOCAL, dev }, nonce), 'script-src');
      expect(scripts).not.toContain("'unsafe-inline'");
    }
  });
});

describe('createNonce', () => {
  it('gives 128 random bits in base64, different on every call', () => {
    const nonces = Array.from({ length: 1_000 }, () => createNonce());
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
    }
    expect(new Set(nonces).size).toBe(nonces.length);
  });
});
