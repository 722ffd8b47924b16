import { describe, expect, it } from 'vitest';
import { classifyPath, redirectFor } from './page-access';

describe('classifyPath', () => {
  it.each(['/', '/positions', '/orders/abc', '/settings'])('%s needs a session', (path) => {
    expect(classifyPath(path)).toBe('SIGNED_IN');
  });
  it.each(['/login', '/setup', '/_next/static/x.js', '/api/trpc/overview.get', '/socket.io/'])(
    '%s is served without one (or checks it itself)',
    (path) => {
      expect(classifyPath(path)).toBe('PUBLIC');
    },
  );
});

describe('redirectFor', () => {
  it('sends the first visitor to setup, others to sign-in and back', () => {
    expect(redirectFor('/positions', '?x=1', true)).toBe('/setup');
    expect(redirectFor('/', '', false)).toBe('/login');
    expect(redirectFor('/positions', '?x=1', false)).toBe('/login?next=%2Fpositions%3Fx%3D1');
  });
});
