import { describe, expect, it } from 'vitest';
import { readBearerToken, tokensMatch } from './bearer-token';
import { readActor } from './request-actor';

describe('readBearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer  abc ', 'abc'],
    ['Basic abc', null],
    ['Bearer', null],
    ['Bearer a b', null],
    [undefined, null],
    [['Bearer a', 'Bearer b'], null],
  ] as const)('%j → %j', (header, expected) => {
    expect(readBearerToken(header as string | string[] | undefined)).toBe(expected);
  });
});

describe('tokensMatch', () => {
  it('matches only the exact token', () => {
    const token = 'abcdefghijklmnop';
    expect(tokensMatch(token, token)).toBe(true);
    expect(tokensMatch(`${token}x`, token)).toBe(false);
    expect(tokensMatch(token.slice(1), token)).toBe(false);
    expect(tokensMatch('', token)).toBe(false);
  });
});

describe('readActor', () => {
  it('defaults to api and keeps a trimmed name', () => {
    expect(readActor(undefined)).toEqual({ ok: true, actor: { type: 'USER', name: 'api' } });
    expect(readActor('  asha@example.com ')).toEqual({
      ok: true,
      actor: { type: 'USER', name: 'asha@example.com' },
    });
  });

  it.each([[''], ['x'.repeat(129)], ['a\nb'], [['a', 'b']]])('refuses %j', (header) => {
    expect(readActor(header).ok).toBe(false);
  });
});
