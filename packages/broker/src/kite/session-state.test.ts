import { describe, expect, it } from 'vitest';
import { createSessionState } from './session-state';

describe('createSessionState', () => {
  it('says a session expired once, and again for the next session', () => {
    const said: string[] = [];
    const session = createSessionState((message) => said.push(message));
    session.expire('a');
    session.expire('b');
    expect(session.isExpired()).toBe(true);
    session.renew();
    expect(session.isExpired()).toBe(false);
    session.expire('c');
    expect(said).toEqual(['a', 'c']);
  });

  it('ignores the refusal of a request sent under an earlier session', () => {
    const said: string[] = [];
    const session = createSessionState((message) => said.push(message));
    const sentUnder = session.generation();
    session.renew();
    session.expire('late answer to the old token', sentUnder);
    expect(session.isExpired()).toBe(false);
    expect(said).toEqual([]);
  });
});
