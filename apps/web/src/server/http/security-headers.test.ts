import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it('sends HSTS only behind TLS, and lets the socket connect to its own host', () => {
    const plain = securityHeaders({ origin: 'http://127.0.0.1:3000', dev: false });
    expect(plain['Strict-Transport-Security']).toBeUndefined();
    expect(plain['Content-Security-Policy']).toContain("connect-src 'self' ws://127.0.0.1:3000");
    const tls = securityHeaders({ origin: 'https://kavach.example', dev: false });
    expect(tls['Strict-Transport-Security']).toMatch(/^max-age=31536000/);
    expect(tls['Content-Security-Policy']).toContain("connect-src 'self' wss://kavach.example");
    expect(tls['Content-Security-Policy']).toContain('upgrade-insecure-requests');
  });

  it("forbids framing and plugins, and allows eval only to Next.js's dev mode", () => {
    const production = contentSecurityPolicy({ origin: 'http://127.0.0.1:3000', dev: false });
    expect(production).toContain("frame-ancestors 'none'");
    expect(production).toContain("object-src 'none'");
    expect(production).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy({ origin: 'http://127.0.0.1:3000', dev: true })).toContain(
      "'unsafe-eval'",
    );
  });
});
