import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a login started from the dashboard may take at Kite's page. */
export const LOGIN_STATE_TTL_MS = 10 * 60_000;

function mac(secret: string, userId: string, issuedAt: number): string {
  return createHmac('sha256', secret)
    .update(`kite-login\n${userId}\n${issuedAt}`)
    .digest('base64url');
}

/**
 * A login's state, carried through Kite's page in `redirect_params` and checked on the way
 * back: the request token is used only for the person who started that login here, so another
 * site cannot hand the engine a session of its own choosing (login CSRF).
 */
export function signLoginState(secret: string, userId: string, issuedAt: number): string {
  return `${issuedAt}.${mac(secret, userId, issuedAt)}`;
}

export function verifyLoginState(
  secret: string,
  userId: string,
  state: string | null,
  now: number,
): 'OK' | 'MISSING' | 'INVALID' | 'EXPIRED' {
  if (state === null || state === '') return 'MISSING';
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(state);
  const issuedAt = Number(match?.[1]);
  const presented = match?.[2];
  if (presented === undefined || !Number.isSafeInteger(issuedAt)) return 'INVALID';
  const expected = Buffer.from(mac(secret, userId, issuedAt));
  if (!timingSafeEqual(Buffer.from(presented), expected)) return 'INVALID';
  if (issuedAt > now + 60_000 || now - issuedAt > LOGIN_STATE_TTL_MS) return 'EXPIRED';
  return 'OK';
}

/** Kite's login page for this app, with the state Kite appends to its redirect. */
export function kiteLoginUrl(loginUrl: string, apiKey: string, state: string): string {
  const url = new URL(loginUrl);
  url.searchParams.set('api_key', apiKey);
  url.searchParams.set('v', '3');
  url.searchParams.set('redirect_params', new URLSearchParams({ state }).toString());
  return url.toString();
}
