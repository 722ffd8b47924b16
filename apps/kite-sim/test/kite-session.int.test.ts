import { logInThroughKitePage } from '@kavach/testkit';
import { KiteConnect } from 'kiteconnect';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { keysOf, PROFILE_KEYS, SESSION_KEYS } from './fixtures/sample-keys';
import {
  mintAccessToken,
  startKiteSim,
  TEST_API_KEY,
  TEST_API_SECRET,
  TEST_REDIRECT_URL,
} from './start-kite-sim';
import type { RunningSim } from './start-kite-sim';

let running: RunningSim;

beforeAll(async () => {
  running = await startKiteSim();
});
afterAll(async () => {
  await running.stop();
});

describe('login flow and session with the official client', () => {
  it('logs in through the page and generates a session with the sample’s fields', async () => {
    const kc = new KiteConnect({ api_key: TEST_API_KEY, root: running.root });
    const loginUrl = kc.getLoginURL().replace('https://kite.zerodha.com', running.root);
    const redirect = await logInThroughKitePage(loginUrl);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(TEST_REDIRECT_URL);
    expect(redirect.searchParams.get('status')).toBe('success');
    expect(redirect.searchParams.get('action')).toBe('login');
    expect(redirect.searchParams.get('type')).toBe('login');
    const requestToken = redirect.searchParams.get('request_token')!;

    const session = await kc.generateSession(requestToken, TEST_API_SECRET);
    expect(keysOf(session)).toEqual(SESSION_KEYS);
    expect(session.api_key).toBe(TEST_API_KEY);
    expect(session.login_time).toEqual(
      new Date(running.clock.now() - (running.clock.now() % 1000)),
    );

    const profile = await kc.getProfile();
    expect(keysOf(profile)).toEqual(PROFILE_KEYS);
    expect(profile.user_id).toBe(session.user_id);
  });

  it('carries redirect_params through the login and honours redirect_url', async () => {
    const redirect = await logInThroughKitePage(
      `${running.root}/connect/login?api_key=${TEST_API_KEY}&v=3&redirect_params=${encodeURIComponent('a=1&b=two')}&redirect_url=${encodeURIComponent('http://127.0.0.1:3999/cb?x=y')}`,
    );
    expect(redirect.origin + redirect.pathname).toBe('http://127.0.0.1:3999/cb');
    expect(Object.fromEntries(redirect.searchParams)).toMatchObject({ x: 'y', a: '1', b: 'two' });
  });

  it('refuses a wrong checksum and a used request token', async () => {
    const kc = new KiteConnect({ api_key: TEST_API_KEY, root: running.root });
    const redirect = await logInThroughKitePage(
      `${running.root}/connect/login?api_key=${TEST_API_KEY}&v=3`,
    );
    const requestToken = redirect.searchParams.get('request_token')!;
    await expect(kc.generateSession(requestToken, 'wrong-secret')).rejects.toMatchObject({
      error_type: 'TokenException',
      message: 'Invalid `checksum`.',
    });
    // A wrong checksum does not burn the token; a used one is gone.
    await expect(kc.generateSession(requestToken, TEST_API_SECRET)).resolves.toBeDefined();
    await expect(kc.generateSession(requestToken, TEST_API_SECRET)).rejects.toMatchObject({
      error_type: 'TokenException',
      message: 'Token is invalid or has expired.',
    });
  });

  it('answers a bad or missing token with 403 TokenException and calls the expiry hook', async () => {
    const kc = new KiteConnect({ api_key: TEST_API_KEY, root: running.root, access_token: 'nope' });
    const hook = vi.fn();
    kc.setSessionExpiryHook(hook);
    await expect(kc.getProfile()).rejects.toEqual({
      status: 'error',
      error_type: 'TokenException',
      message: 'Incorrect `api_key` or `access_token`.',
    });
    expect(hook).toHaveBeenCalledOnce();
    const bare = await fetch(`${running.root}/user/profile`);
    expect(bare.status).toBe(403);
    expect(bare.headers.get('x-kite-version')).toBe('3');
  });

  it('logs out, and an expired or control-expired session stops working', async () => {
    const kc = new KiteConnect({
      api_key: TEST_API_KEY,
      root: running.root,
      access_token: await mintAccessToken(running.root),
    });
    await expect(kc.getProfile()).resolves.toBeDefined();
    await expect(kc.invalidateAccessToken()).resolves.toBe(true);
    await expect(kc.getProfile()).rejects.toMatchObject({ error_type: 'TokenException' });

    kc.setAccessToken(await mintAccessToken(running.root));
    await fetch(`${running.root}/_sim/session/expire`, { method: 'POST' });
    await expect(kc.getProfile()).rejects.toMatchObject({ error_type: 'TokenException' });
  });

  it('ends every token at 06:00 IST the next morning (simulator time)', async () => {
    const kc = new KiteConnect({
      api_key: TEST_API_KEY,
      root: running.root,
      access_token: await mintAccessToken(running.root),
    });
    await expect(kc.getProfile()).resolves.toBeDefined();
    running.clock.set(Date.parse('2026-11-24T00:29:59Z'));
    await expect(kc.getProfile()).resolves.toBeDefined();
    running.clock.set(Date.parse('2026-11-24T00:30:00Z'));
    await expect(kc.getProfile()).rejects.toMatchObject({ error_type: 'TokenException' });
  });
});
