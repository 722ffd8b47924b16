import { describe, expect, it } from 'vitest';
import { resolveKiteLoginUrl } from './kite-login-url';

describe('resolveKiteLoginUrl', () => {
  it('prefers KITE_LOGIN_URL, then the simulator, then Zerodha', () => {
    expect(resolveKiteLoginUrl('https://x.example/login', 'http://127.0.0.1:8100')).toBe(
      'https://x.example/login',
    );
    expect(resolveKiteLoginUrl(undefined, 'http://127.0.0.1:8100/')).toBe(
      'http://127.0.0.1:8100/connect/login',
    );
    expect(resolveKiteLoginUrl(undefined, 'https://api.kite.trade')).toBe(
      'https://kite.zerodha.com/connect/login',
    );
    expect(resolveKiteLoginUrl(undefined, undefined)).toBe(
      'https://kite.zerodha.com/connect/login',
    );
  });
});
