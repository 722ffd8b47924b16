import { describe, expect, it } from 'vitest';
import {
  LOGIN_STATE_TTL_MS,
  kiteLoginUrl,
  signLoginState,
  verifyLoginState,
} from './kite-login-state';

const SECRET = 'state-secret-0123456789-0123456789';
const NOW = Date.parse('2026-11-23T04:00:00Z');

describe('the Kite login state', () => {
  it('is valid for the user who started the login, within its lifetime', () => {
    const state = signLoginState(SECRET, 'user-1', NOW);
    expect(verifyLoginState(SECRET, 'user-1', state, NOW + 1_000)).toBe('OK');
    expect(verifyLoginState(SECRET, 'user-2', state, NOW + 1_000)).toBe('INVALID');
    expect(verifyLoginState('another-secret-0123456789-012345', 'user-1', state, NOW)).toBe(
      'INVALID',
    );
    expect(verifyLoginState(SECRET, 'user-1', state, NOW + LOGIN_STATE_TTL_MS + 1)).toBe('EXPIRED');
  });

  it('refuses a missing, malformed or altered state', () => {
    const state = signLoginState(SECRET, 'user-1', NOW);
    expect(verifyLoginState(SECRET, 'user-1', null, NOW)).toBe('MISSING');
    expect(verifyLoginState(SECRET, 'user-1', 'nonsense', NOW)).toBe('INVALID');
    const altered = `${NOW + 1}.${state.split('.')[1] ?? ''}`;
    expect(verifyLoginState(SECRET, 'user-1', altered, NOW)).toBe('INVALID');
  });

  it("builds Kite's login URL with the api key, v=3 and the state in redirect_params", () => {
    const url = new URL(
      kiteLoginUrl('http://127.0.0.1:8100/connect/login', 'kavach_sim_key', 'S.x'),
    );
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:8100/connect/login');
    expect(url.searchParams.get('api_key')).toBe('kavach_sim_key');
    expect(url.searchParams.get('v')).toBe('3');
    expect(url.searchParams.get('redirect_params')).toBe('state=S.x');
  });
});
