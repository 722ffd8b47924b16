import type { FastifyInstance } from 'fastify';
import { successBody } from '../kite/envelope';
import { toKiteProfile } from '../session/sim-user';

/** GET /user/profile. Margins live with the exchange (see trading routes). */
export function registerUserRoutes(app: FastifyInstance): void {
  app.get('/user/profile', () => successBody(toKiteProfile()));
}
