import { randomBytes } from 'node:crypto';
import type { Clock } from '@kavach/domain';
import { sameHex, sessionChecksum } from '../kite/checksum';
import { inputError, KITE_MESSAGES, KiteError } from '../kite/kite-error';
import { computeTokenExpiry } from './token-expiry';

export interface Session {
  readonly apiKey: string;
  readonly accessToken: string;
  readonly publicToken: string;
  readonly loginTime: number;
  readonly expiresAt: number;
}

export interface SessionStoreOptions {
  readonly apiKey: string;
  readonly apiSecret: string;
  /** The simulator's clock: sessions live in exchange time, so tests can step past expiry. */
  readonly clock: Clock;
  /** HH:MM IST at which access tokens die (Kite: about 06:00 the next morning). */
  readonly expiryTime: string;
  /** How long a request_token from the login page can be exchanged (Kite: a few minutes). */
  readonly requestTokenTtlMs?: number;
  /** Sessions of an earlier run (SessionStore.snapshot): their tokens work until they expire. */
  readonly restore?: readonly Session[];
}

export interface SessionStore {
  /** A one-time request_token for the login redirect. */
  readonly issueRequestToken: (apiKey: string) => string;
  /** POST /session/token: the request_token and checksum for a session. */
  readonly exchangeRequestToken: (
    apiKey: string,
    requestToken: string,
    checksum: string,
  ) => Session;
  /** A session without the login flow (the /_sim control API). */
  readonly mintSession: (apiKey: string) => Session;
  /** The live session for these credentials, or null when unknown, revoked or expired. */
  readonly authenticate: (apiKey: string, accessToken: string) => Session | null;
  /** DELETE /session/token; true when the token was live. */
  readonly revoke: (apiKey: string, accessToken: string) => boolean;
  /** Fault injection: every (or one) live token stops working at once. */
  readonly expire: (accessToken?: string) => number;
  readonly isKnownApiKey: (apiKey: string) => boolean;
  /** The sessions still live now, for `restore` (request tokens are not kept: minutes-lived). */
  readonly snapshot: () => readonly Session[];
}

const DEFAULT_REQUEST_TOKEN_TTL_MS = 5 * 60_000;

function newToken(): string {
  return randomBytes(16).toString('hex');
}

export function createSessionStore(options: SessionStoreOptions): SessionStore {
  const { clock } = options;
  const requestTokenTtl = options.requestTokenTtlMs ?? DEFAULT_REQUEST_TOKEN_TTL_MS;
  const requestTokens = new Map<string, number>();
  const sessions = new Map<string, Session>(
    (options.restore ?? [])
      .filter((session) => session.apiKey === options.apiKey)
      .map((session) => [session.accessToken, session]),
  );

  const checkApiKey = (apiKey: string): void => {
    if (apiKey !== options.apiKey) throw inputError('Invalid `api_key`.');
  };

  const mintSession = (apiKey: string): Session => {
    checkApiKey(apiKey);
    const now = clock.now();
    const session: Session = {
      apiKey,
      accessToken: newToken(),
      publicToken: newToken(),
      loginTime: now,
      expiresAt: computeTokenExpiry(now, options.expiryTime),
    };
    sessions.set(session.accessToken, session);
    return session;
  };

  return {
    isKnownApiKey: (apiKey) => apiKey === options.apiKey,
    snapshot: () => {
      const now = clock.now();
      return [...sessions.values()].filter((session) => now < session.expiresAt);
    },
    issueRequestToken: (apiKey) => {
      checkApiKey(apiKey);
      const token = newToken();
      requestTokens.set(token, clock.now() + requestTokenTtl);
      return token;
    },
    exchangeRequestToken: (apiKey, requestToken, checksum) => {
      checkApiKey(apiKey);
      const expected = sessionChecksum(apiKey, requestToken, options.apiSecret);
      if (!sameHex(checksum, expected)) {
        throw new KiteError('TokenException', KITE_MESSAGES.badChecksum);
      }
      const validUntil = requestTokens.get(requestToken);
      // A request_token is single-use, as on Kite: a replayed redirect must not log in twice.
      requestTokens.delete(requestToken);
      if (validUntil === undefined || clock.now() > validUntil) {
        throw new KiteError('TokenException', KITE_MESSAGES.badRequestToken);
      }
      return mintSession(apiKey);
    },
    mintSession,
    authenticate: (apiKey, accessToken) => {
      const session = sessions.get(accessToken);
      if (session?.apiKey !== apiKey) return null;
      if (clock.now() >= session.expiresAt) {
        sessions.delete(accessToken);
        return null;
      }
      return session;
    },
    revoke: (apiKey, accessToken) => {
      const session = sessions.get(accessToken);
      if (session?.apiKey !== apiKey) return false;
      return sessions.delete(accessToken);
    },
    expire: (accessToken) => {
      if (accessToken !== undefined) return sessions.delete(accessToken) ? 1 : 0;
      const count = sessions.size;
      sessions.clear();
      return count;
    },
  };
}
