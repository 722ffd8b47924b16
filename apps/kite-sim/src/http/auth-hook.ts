import type { FastifyRequest } from 'fastify';
import { tokenError } from '../kite/kite-error';
import type { Session, SessionStore } from '../session/session-store';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's live session, set by the auth hook on authenticated routes. */
    kiteSession: Session | null;
  }
}

const AUTH_HEADER = /^token ([^:\s]+):(\S+)$/;

/** `Authorization: token api_key:access_token`, as every Kite client sends it. */
export function readAuthHeader(
  header: string | undefined,
): { apiKey: string; accessToken: string } | null {
  const match = header === undefined ? null : AUTH_HEADER.exec(header.trim());
  if (match === null) return null;
  const [, apiKey = '', accessToken = ''] = match;
  return { apiKey, accessToken };
}

/** An onRequest hook: a missing, malformed, unknown or expired token is a 403 TokenException. */
export function createAuthHook(sessions: SessionStore) {
  return (request: FastifyRequest): Promise<void> => {
    const credentials = readAuthHeader(request.headers.authorization);
    const session =
      credentials === null
        ? null
        : sessions.authenticate(credentials.apiKey, credentials.accessToken);
    if (session === null) return Promise.reject(tokenError());
    request.kiteSession = session;
    return Promise.resolve();
  };
}

/** The session of an authenticated request; the auth hook guarantees it on Kite routes. */
export function sessionOf(request: FastifyRequest): Session {
  if (request.kiteSession === null) throw tokenError();
  return request.kiteSession;
}
