import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { booleanish } from '../http/form-fields';
import { requireControlAccess } from '../http/loopback';
import { parseInput } from '../http/parse-input';
import type { KiteSimServices } from '../services';

const sessionBody = z.object({ api_key: z.string().min(1) });
const expireBody = z.object({ access_token: z.string().min(1).optional() });
const count = z.coerce.number().int().positive().default(1);
const pathPrefix = z.string().startsWith('/').optional();
const method = z.string().min(1).optional();

const httpFaultBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('status'),
    status: z.coerce.number().int().min(400).max(599),
    body: z.enum(['kite', 'html']).default('kite'),
    count,
    path_prefix: pathPrefix,
    method,
  }),
  z.object({
    kind: z.literal('delay'),
    ms: z.coerce.number().int().min(0).max(600_000),
    count,
    path_prefix: pathPrefix,
    method,
  }),
  z.object({
    kind: z.literal('timeout'),
    ms: z.coerce.number().int().min(0).max(600_000).default(30_000),
    count,
    path_prefix: pathPrefix,
    method,
  }),
]);

const switchBody = z.object({ stopped: booleanish.default(true) });
const muteBody = z.object({ muted: booleanish.default(true) });
const orderUpdateFaultBody = z.object({ kind: z.enum(['duplicate', 'reorder']), count });
const postbackBody = z.object({ url: z.url({ protocol: /^https?$/ }).nullable() });

/**
 * The parts of the control API that need no market or exchange: sessions, faults, the ticker.
 * Simulator controls (clock, prices, market hours, scenarios, rejections) are registered
 * beside these by the simulator routes.
 */
export function registerControlRoutes(app: FastifyInstance, services: KiteSimServices): void {
  const { faults, sessions, ticker, postbacks } = services;
  app.addHook('onRequest', requireControlAccess(services.settings.controlToken ?? null));

  app.post('/session', (request) => {
    const body = parseInput(sessionBody, request.body);
    const session = sessions.mintSession(body.api_key);
    return { access_token: session.accessToken, public_token: session.publicToken };
  });

  app.post('/session/expire', (request) => {
    const body = parseInput(expireBody, request.body);
    return { expired: sessions.expire(body.access_token) };
  });

  app.get('/faults', () => faults.snapshot());

  app.delete('/faults', () => {
    faults.clear();
    return faults.snapshot();
  });

  app.post('/faults/http', (request) => {
    const body = parseInput(httpFaultBody, request.body);
    const fault =
      body.kind === 'status'
        ? { kind: body.kind, status: body.status, body: body.body }
        : { kind: body.kind, ms: body.ms };
    return faults.addHttpFault(fault, {
      count: body.count,
      pathPrefix: body.path_prefix ?? null,
      method: body.method ?? null,
    });
  });

  app.post('/faults/order-updates', (request) => {
    const body = parseInput(orderUpdateFaultBody, request.body);
    faults.addOrderUpdateFault(body.kind, body.count);
    return faults.snapshot();
  });

  app.post('/ticker/heartbeats', (request) => {
    const body = parseInput(switchBody, request.body);
    faults.setHeartbeatsStopped(body.stopped);
    return faults.snapshot();
  });

  app.post('/ticker/mute', (request) => {
    const body = parseInput(muteBody, request.body);
    faults.setTickerMuted(body.muted);
    return faults.snapshot();
  });

  app.post('/ticker/drop', () => ({ dropped: ticker.dropAll() }));

  app.get('/ticker', () => ({ connections: ticker.connectionCount() }));

  app.post('/postback', (request) => {
    const body = parseInput(postbackBody, request.body);
    postbacks.setUrl(body.url);
    return { url: postbacks.url() };
  });
}
