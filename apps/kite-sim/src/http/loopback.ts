import type { FastifyRequest } from 'fastify';
import { KiteError } from '../kite/kite-error';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && LOOPBACK.test(address);
}

/**
 * The control API can mint sessions and break things: only callers on this machine may use it,
 * even if the server is ever bound to another interface.
 */
export function requireLoopback(request: FastifyRequest): Promise<void> {
  if (isLoopback(request.socket.remoteAddress)) return Promise.resolve();
  return Promise.reject(
    new KiteError('PermissionException', 'The /_sim control API is loopback only.'),
  );
}
