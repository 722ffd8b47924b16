import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isSameOriginRequest } from './same-origin';

function request(method: string, origin?: string): IncomingMessage {
  const message = new IncomingMessage(new Socket());
  message.method = method;
  if (origin !== undefined) message.headers.origin = origin;
  return message;
}

describe('isSameOriginRequest', () => {
  const self = 'http://127.0.0.1:3000';
  it('refuses a POST from another site', () => {
    expect(isSameOriginRequest(request('POST', 'https://evil.example'), self)).toBe(false);
    expect(isSameOriginRequest(request('POST', 'http://127.0.0.1:3001'), self)).toBe(false);
  });
  it('refuses a POST naming no origin, or the opaque "null" one', () => {
    expect(isSameOriginRequest(request('POST'), self)).toBe(false);
    expect(isSameOriginRequest(request('PUT'), self)).toBe(false);
    expect(isSameOriginRequest(request('POST', 'null'), self)).toBe(false);
  });
  it('lets the dashboard itself and reads through', () => {
    expect(isSameOriginRequest(request('POST', self), self)).toBe(true);
    expect(isSameOriginRequest(request('GET', 'https://evil.example'), self)).toBe(true);
    expect(isSameOriginRequest(request('GET'), self)).toBe(true);
  });
});
