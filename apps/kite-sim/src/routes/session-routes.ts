import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { successBody } from '../kite/envelope';
import { tokenError } from '../kite/kite-error';
import { sessionOf } from '../http/auth-hook';
import { parseInput } from '../http/parse-input';
import type { KiteSimServices } from '../services';
import { toKiteSession } from '../session/sim-user';

const tokenRequest = z.object({
  api_key: z.string().min(1),
  request_token: z.string().min(1),
  checksum: z.string().min(1),
});

const logoutQuery = z.object({
  api_key: z.string().min(1).optional(),
  access_token: z.string().min(1).optional(),
});

/** POST /session/token: needs no session, it makes one. */
export function registerSessionRoutes(app: FastifyInstance, services: KiteSimServices): void {
  app.post('/session/token', (request) => {
    const body = parseInput(tokenRequest, request.body);
    const session = services.sessions.exchangeRequestToken(
      body.api_key,
      body.request_token,
      body.checksum,
    );
    return successBody(toKiteSession(session));
  });
}

/** DELETE /session/token: logout, on the authenticated scope. */
export function registerLogoutRoute(app: FastifyInstance, services: KiteSimServices): void {
  app.delete('/session/token', (request) => {
    const query = parseInput(logoutQuery, request.query);
    const current = sessionOf(request);
    const revoked = services.sessions.revoke(
      query.api_key ?? current.apiKey,
      query.access_token ?? current.accessToken,
    );
    if (!revoked) throw tokenError();
    return successBody(true);
  });
}
