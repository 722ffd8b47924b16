import { createLogger } from '@kavach/config';
import { VirtualClock, nseCalendar2026 } from '@kavach/domain';
import { checkReliability } from '@kavach/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryControlStore } from '../src/control/in-memory-control-store';
import { buildEngineServer, listRegisteredRoutes } from '../src/http/engine-server';
import type { EngineServer } from '../src/http/engine-server';
import { createFakeEngineApi } from '../src/http/fake-engine-api';
import type { FakeEngineApi } from '../src/http/fake-engine-api';
import { ROUTES } from '../src/http/routes';
import type { RouteSpec } from '../src/http/routes';
import { createEngineMetrics } from '../src/metrics/engine-metrics';

/**
 * The engine API's authorisation matrix: every route of ROUTES (the table the server registers
 * and the OpenAPI document lists) × no token, every kind of wrong token, the right token. The
 * bearer routes answer 401 and reach nothing without the right one; the public ones (probes,
 * Prometheus, Kite's postbacks, TradingView) need none and check their own secrets.
 */
const TOKEN = 'security-token-0123456789abcdef';
const GROUP_ID = '0196f0a4-2b3c-7d4e-8f50-61728394a5b6';

/** A body each route accepts, so a request with the right token reaches the handler. */
const VALID_BODIES: Partial<Record<RouteSpec['operationId'], unknown>> = {
  pause: { reason: 'lunch' },
  resume: { reason: 'back' },
  reset: { confirmation: 'RESET' },
  flatten: { reason: 'panic', confirm: 'FLATTEN' },
  exitPosition: { groupId: GROUP_ID, reason: 'done for the day' },
  setMode: { mode: 'PAPER' },
  session: { request_token: 'reqTok123' },
  postback: { order_id: '1', status: 'COMPLETE' },
};

/** Ways to present a token that is not the engine's, or the engine's the wrong way. */
const WRONG: readonly (readonly [string, Record<string, string>])[] = [
  ['another token', { authorization: 'Bearer wrong-token-0123456789abcdef' }],
  ['the token minus its last character', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
  ['the token plus a character', { authorization: `Bearer ${TOKEN}x` }],
  ['the token in upper case', { authorization: `Bearer ${TOKEN.toUpperCase()}` }],
  ['an empty bearer', { authorization: 'Bearer ' }],
  ['the token as Basic', { authorization: `Basic ${TOKEN}` }],
  ['the token without a scheme', { authorization: TOKEN }],
  ['the token in X-Api-Key', { 'x-api-key': TOKEN }],
  ['the token in a cookie', { cookie: `token=${TOKEN}` }],
];

let api: FakeEngineApi;
let store: ReturnType<typeof createInMemoryControlStore>;
let app: EngineServer;

beforeAll(async () => {
  api = createFakeEngineApi();
  store = createInMemoryControlStore();
  app = buildEngineServer({
    api,
    token: TOKEN,
    metrics: createEngineMetrics({ collectDefault: false }),
    audit: store,
    clock: new VirtualClock(Date.UTC(2026, 10, 23, 5, 0)),
    calendar: nseCalendar2026,
    logger: createLogger('test', 'silent'),
    version: 'security',
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

function call(route: RouteSpec, headers: Record<string, string>, query = '') {
  const body = VALID_BODIES[route.operationId];
  return app.inject({
    method: route.method,
    url: `${route.url.replace(':strategyId', 'orb-15m')}${query}`,
    headers,
    ...(body === undefined ? {} : { payload: body as object }),
  });
}

const bearer = ROUTES.filter((r) => r.auth === 'bearer');
const open = ROUTES.filter((r) => r.auth === 'none');

describe('the engine API authorisation matrix', () => {
  it('serves exactly the routes of the table, and only four without a token', async () => {
    await checkReliability(
      {
        area: 'security',
        fault: 'engine: routes registered beside the ROUTES table, public routes listed',
        expected: 'registered = ROUTES; public only healthz, metrics, postback, TradingView',
        source: import.meta.url,
      },
      () => {
        const registered = listRegisteredRoutes(app).map((r) => `${r.method} ${r.url}`);
        expect(new Set(registered)).toEqual(new Set(ROUTES.map((r) => `${r.method} ${r.url}`)));
        expect(registered).toHaveLength(ROUTES.length);
        expect(open.map((r) => r.operationId).sort()).toEqual([
          'healthz',
          'metrics',
          'postback',
          'tradingViewWebhook',
        ]);
        return { routes: ROUTES.length, bearer: bearer.length, public: open.length };
      },
    );
  });

  it('refuses every bearer route without a token, and unknown routes as well', async () => {
    await checkReliability(
      {
        area: 'security',
        fault: 'engine: every route of ROUTES (and an unknown one) with no token',
        expected: 'bearer routes 401 + WWW-Authenticate, nothing reached; public ones served',
        source: import.meta.url,
      },
      async () => {
        const controlBefore = api.controlCalls().length;
        const auditsBefore = store.audits.length;
        for (const route of bearer) {
          const response = await call(route, {});
          expect(response.statusCode, route.url).toBe(401);
          expect(response.headers['www-authenticate'], route.url).toBe('Bearer');
          expect(response.json(), route.url).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
        }
        for (const route of open) {
          const response = await call(route, {});
          expect(response.statusCode, route.url).not.toBe(401);
        }
        expect((await app.inject({ method: 'GET', url: '/admin' })).statusCode).toBe(401);
        expect((await app.inject({ method: 'DELETE', url: '/pause' })).statusCode).toBe(401);
        expect(api.controlCalls()).toHaveLength(controlBefore);
        expect(store.audits).toHaveLength(auditsBefore);
        return { routes: ROUTES.length, refused: bearer.length, public: open.length };
      },
    );
  });

  it('refuses every bearer route with every kind of wrong token', async () => {
    await checkReliability(
      {
        area: 'security',
        fault: `engine: every bearer route × ${WRONG.length} wrong tokens (near misses, other schemes, query, cookie)`,
        expected: '401 every time; no control call, no audit row',
        source: import.meta.url,
      },
      async () => {
        const controlBefore = api.controlCalls().length;
        const auditsBefore = store.audits.length;
        const accepted: string[] = [];
        for (const route of bearer) {
          for (const [name, headers] of WRONG) {
            if ((await call(route, headers)).statusCode !== 401) {
              accepted.push(`${route.url} with ${name}`);
            }
          }
          // A token in the query string is not a credential.
          if ((await call(route, {}, `?token=${TOKEN}&access_token=${TOKEN}`)).statusCode !== 401) {
            accepted.push(`${route.url} with the token in the query`);
          }
        }
        expect(accepted).toEqual([]);
        expect(api.controlCalls()).toHaveLength(controlBefore);
        expect(store.audits).toHaveLength(auditsBefore);
        const tries = bearer.length * (WRONG.length + 1);
        return { routes: bearer.length, tries, refused: tries };
      },
    );
  });

  it('serves every route with the right token', async () => {
    await checkReliability(
      {
        area: 'security',
        fault: 'engine: every route of ROUTES with the right token',
        expected: 'served (2xx), none refused',
        source: import.meta.url,
      },
      async () => {
        const statuses: string[] = [];
        for (const route of ROUTES) {
          const response = await call(route, { authorization: `Bearer ${TOKEN}` });
          if (response.statusCode >= 300) statuses.push(`${route.url} ${response.statusCode}`);
        }
        expect(statuses).toEqual([]);
        return { routes: ROUTES.length, served: ROUTES.length };
      },
    );
  });
});
