import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { getScriptNonceFromHeaders } from 'next/dist/server/app-render/get-script-nonce-from-header.js';
import { describe, expect, it } from 'vitest';
import { handPageNonce, rendersPage } from './page-nonce';

const OPTIONS = { origin: 'http://127.0.0.1:3000', dev: false };

/** A request with the headers a client sent, and the answer the server would write to it. */
function exchange(headers: IncomingMessage['headers'] = {}) {
  const req = new IncomingMessage(new Socket());
  req.headers = { ...headers };
  return { req, res: new ServerResponse(req) };
}

describe('handPageNonce', () => {
  it('puts the same fresh nonce in the answer’s CSP and where Next.js reads it', () => {
    const { req, res } = exchange();
    const nonce = handPageNonce(req, res, OPTIONS);
    expect(res.getHeader('content-security-policy')).toContain(`'nonce-${nonce}'`);
    expect(req.headers['content-security-policy']).toBe(res.getHeader('content-security-policy'));
    // Next.js's own parser, as its App Router renders a page.
    expect(getScriptNonceFromHeaders(req.headers)).toBe(nonce);
  });

  it('hands every request its own nonce', () => {
    const nonces = Array.from({ length: 100 }, () => {
      const { req, res } = exchange();
      return handPageNonce(req, res, OPTIONS);
    });
    expect(new Set(nonces).size).toBe(nonces.length);
  });

  it('lets no client choose the nonce through a CSP header of its own', () => {
    const { req, res } = exchange({
      'content-security-policy': "script-src 'nonce-chosen'",
      'content-security-policy-report-only': "script-src 'nonce-chosen'",
    });
    const nonce = handPageNonce(req, res, OPTIONS);
    expect(req.headers['content-security-policy-report-only']).toBeUndefined();
    expect(getScriptNonceFromHeaders(req.headers)).toBe(nonce);
  });
});

describe('rendersPage', () => {
  it("leaves Next.js's build assets without a nonce, and nothing else", () => {
    expect(rendersPage('/_next/static/chunks/main.js')).toBe(false);
    expect(rendersPage('/')).toBe(true);
    expect(rendersPage('/trades/abc')).toBe(true);
    expect(rendersPage('/manifest.webmanifest')).toBe(true);
  });
});
