import { atIst, VirtualClock } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { sessionChecksum } from '../kite/checksum';
import { KiteError } from '../kite/kite-error';
import { createSessionStore } from './session-store';

const API_KEY = 'test_key';
const API_SECRET = 'test_secret';

function setUp() {
  const clock = new VirtualClock(atIst('09:00', '2026-11-23'));
  const store = createSessionStore({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    clock,
    expiryTime: '06:00',
  });
  return { clock, store };
}

function caught(run: () => unknown): KiteError {
  try {
    run();
  } catch (error) {
    if (error instanceof KiteError) return error;
    throw error;
  }
  throw new Error('expected a KiteError');
}

describe('session store', () => {
  it('exchanges a request token with the right checksum for a live session', () => {
    const { store } = setUp();
    const requestToken = store.issueRequestToken(API_KEY);
    const session = store.exchangeRequestToken(
      API_KEY,
      requestToken,
      sessionChecksum(API_KEY, requestToken, API_SECRET),
    );
    expect(store.authenticate(API_KEY, session.accessToken)).toEqual(session);
    expect(session.expiresAt).toBe(atIst('06:00', '2026-11-24'));
  });

  it('refuses a wrong checksum with "Invalid `checksum`."', () => {
    const { store } = setUp();
    const requestToken = store.issueRequestToken(API_KEY);
    const error = caught(() =>
      store.exchangeRequestToken(
        API_KEY,
        requestToken,
        sessionChecksum(API_KEY, requestToken, 'x'),
      ),
    );
    expect([error.errorType, error.httpStatus, error.message]).toEqual([
      'TokenException',
      403,
      'Invalid `checksum`.',
    ]);
  });

  it('lets a request token be used once only and only for a few minutes', () => {
    const { clock, store } = setUp();
    const checksumOf = (t: string) => sessionChecksum(API_KEY, t, API_SECRET);
    const once = store.issueRequestToken(API_KEY);
    store.exchangeRequestToken(API_KEY, once, checksumOf(once));
    expect(caught(() => store.exchangeRequestToken(API_KEY, once, checksumOf(once))).message).toBe(
      'Token is invalid or has expired.',
    );
    const late = store.issueRequestToken(API_KEY);
    clock.advance(5 * 60_000 + 1);
    expect(
      caught(() => store.exchangeRequestToken(API_KEY, late, checksumOf(late))).errorType,
    ).toBe('TokenException');
  });

  it('stops authenticating at the expiry time, on revoke and on an injected expiry', () => {
    const { clock, store } = setUp();
    const a = store.mintSession(API_KEY);
    const b = store.mintSession(API_KEY);
    const c = store.mintSession(API_KEY);
    expect(store.authenticate('other_key', a.accessToken)).toBeNull();
    expect(store.revoke(API_KEY, a.accessToken)).toBe(true);
    expect(store.authenticate(API_KEY, a.accessToken)).toBeNull();
    expect(store.expire(b.accessToken)).toBe(1);
    expect(store.authenticate(API_KEY, b.accessToken)).toBeNull();
    clock.set(atIst('05:59', '2026-11-24'));
    expect(store.authenticate(API_KEY, c.accessToken)).not.toBeNull();
    clock.set(atIst('06:00', '2026-11-24'));
    expect(store.authenticate(API_KEY, c.accessToken)).toBeNull();
  });

  it('refuses an unknown api_key', () => {
    const { store } = setUp();
    expect(caught(() => store.mintSession('nope')).errorType).toBe('InputException');
  });

  it('keeps live sessions across a restart through its snapshot, and only live ones', () => {
    const { clock, store } = setUp();
    const kept = store.mintSession(API_KEY);
    const revoked = store.mintSession(API_KEY);
    store.revoke(API_KEY, revoked.accessToken);
    const saved = JSON.parse(JSON.stringify(store.snapshot())) as ReturnType<typeof store.snapshot>;
    expect(saved).toEqual([kept]);

    clock.set(atIst('15:00', '2026-11-23'));
    const restarted = createSessionStore({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      clock,
      expiryTime: '06:00',
      restore: saved,
    });
    expect(restarted.authenticate(API_KEY, kept.accessToken)).toEqual(kept);
    expect(restarted.authenticate(API_KEY, revoked.accessToken)).toBeNull();
    clock.set(atIst('06:00', '2026-11-24'));
    expect(restarted.snapshot()).toEqual([]);
    expect(restarted.authenticate(API_KEY, kept.accessToken)).toBeNull();
  });
});
