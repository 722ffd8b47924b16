import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { KiteError } from '../kite/kite-error';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && LOOPBACK.test(address);
}

/**
 * The control API can mint sessions and break things: only callers on this machine may use it,
 * even when the server is bound to another interface, and callers that show the control token
 * (when one is configured).
 */
export function requireControlAccess(
  controlToken: string | null,
): (request: FastifyRequest) => Promise<void> {
  return (request) => {
    if (isLoopback(request.socket.remoteAddress)) return Promise.resolve();
    if (controlToken !== null && bearerMatches(request.headers.authorization, controlToken)) {
      return Promise.resolve();
    }
    return Promise.reject(
      new KiteError(
        'PermissionException',
        'The /_sim control API is for loopback callers or holders of the control token.',
      ),
    );
  };
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
