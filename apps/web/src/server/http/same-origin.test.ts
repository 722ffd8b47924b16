import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isSameOriginRequest } from './same-origin';

const request = (method: string, origin?: string) =>
  ({ method, headers: origin === undefined ? {} : { origin } }) as IncomingMessage;

describe('isSameOriginRequest', () => {
  const self = 'http://127.0.0.1:3000';
  it('refuses a POST from another site', () => {
    expect(isSameOriginRequest(request('POST', 'https://evil.example'), self)).toBe(false);
    expect(isSameOriginRequest(request('POST', 'http://127.0.0.1:3001'), self)).toBe(false);
  });
  it('lets the dashboard itself, reads and non-browser callers through', () => {
    expect(isSameOriginRequest(request('POST', self), self)).toBe(true);
    expect(isSameOriginRequest(request('GET', 'https://evil.example'), self)).toBe(true);
    expect(isSameOriginRequest(request('POST'), self)).toBe(true);
  });
});
