import { createLogger } from '@kavach/config';
import { VirtualClock, nseCalendar2026 } from '@kavach/domain';
import { Validator } from '@seriousme/openapi-schema-validator';
import { toOpenApiPath } from './openapi';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInMemoryControlStore } from '../control/in-memory-control-store';
import { createEngineMetrics } from '../metrics/engine-metrics';
import { type EngineServer, buildEngineServer, listRegisteredRoutes } from './engine-server';
import { type FakeEngineApi, createFakeEngineApi } from './fake-engine-api';
import { ROUTES, type RouteSpec } from './routes';

const TOKEN = 'test-token-0123456789abcdef';
const GROUP_ID = '0196f0a4-2b3c-7d4e-8f50-61728394a5b6';
const logger = createLogger('test', 'silent');

/** A body each route accepts, so the auth matrix reaches the handler with the right token. */
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

let api: FakeEngineApi;
let store: ReturnType<typeof createInMemoryControlStore>;
let metrics: ReturnType<typeof createEngineMetrics>;
let app: EngineServer;

beforeEach(async () => {
  api = createFakeEngineApi();
  store = createInMemoryControlStore();
  metrics = createEngineMetrics({ collectDefault: false });
  app = buildEngineServer({
    api,
    token: TOKEN,
    metrics,
    audit: store,
    clock: new VirtualClock(Date.UTC(2026, 10, 23, 5, 0)),
    calendar: nseCalendar2026,
    logger,
    version: '1.2.3',
  });
  await app.ready();
});

afterEach(async () => {
  await app.close();
});

function call(
  route: { method: 'GET' | 'POST' | 'PUT'; url: string },
  options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
) {
  const token = options.token === undefined ? TOKEN : options.token;
  return app.inject({
    method: route.method,
    url: route.url,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  });
}

const post = (url: string) => ({ method: 'POST' as const, url });
const bearerRoutes = ROUTES.filter((r) => r.auth === 'bearer');
const publicRoutes = ROUTES.filter((r) => r.auth === 'none');

describe('bearer auth', () => {
  it.each(bearerRoutes.map((r) => [`${r.method} ${r.url}`, r] as const))(
    '%s: 401 without a token or with a wrong one, served with the right one',
    async (_name, route) => {
      const body = VALID_BODIES[route.operationId];
      for (const token of [null, 'wrong-token-0123456789abcdef', TOKEN.slice(0, -1)]) {
        const response = await call(route, { token, body });
        expect(response.statusCode).toBe(401);
        expect(response.headers['www-authenticate']).toBe('Bearer');
        expect(response.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      }
      expect(api.calls).toEqual([]);
      const response = await call(route, { body });
      expect(response.statusCode).toBe(200);
    },
  );

  it('refuses a token sent another way than Bearer', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/status/all',
      headers: { authorization: `Basic ${TOKEN}` },
    });
    expect(response.statusCode).toBe(401);
  });

  it.each(publicRoutes.map((r) => [`${r.method} ${r.url}`, r] as const))(
    '%s needs no token',
    async (_name, route) => {
      const response = await call(route, { token: null, body: VALID_BODIES[route.operationId] });
      // The webhook's fake answers as an accepted entry does.
      expect(response.statusCode).toBe(route.operationId === 'tradingViewWebhook' ? 202 : 200);
    },
  );

  it('answers unknown routes 401 without a token and 404 with one', async () => {
    expect((await call({ method: 'GET', url: '/nope' }, { token: null })).statusCode).toBe(401);
    const found = await call({ method: 'GET', url: '/nope' });
    expect(found.statusCode).toBe(404);
    expect(found.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('refuses a token shorter than 16 characters at build time', () => {
    expect(() =>
      buildEngineServer({
        api,
        token: 'short',
        metrics,
        audit: store,
        clock: new VirtualClock(0),
        calendar: nseCalendar2026,
        logger,
      }),
    ).toThrow(RangeError);
  });
});

describe('validation', () => {
  it.each([
    ['/pause', undefined],
    ['/pause', {}],
    ['/pause', { reason: '   ' }],
    ['/pause', { reason: 'x'.repeat(501) }],
    ['/pause', { reason: 'ok', extra: true }],
    ['/pause', { reason: 42 }],
    ['/resume', { reason: '' }],
    ['/resume', { why: 'x' }],
    ['/reset', { confirmation: 'reset' }],
    ['/flatten', { reason: 'panic' }],
    ['/flatten', { reason: 'panic', confirm: 'flatten' }],
    ['/flatten', { confirm: 'FLATTEN' }],
    ['/mode', { mode: 'live' }],
    ['/mode', {}],
    ['/mode', { mode: 'LIVE', confirmation: 7 }],
    ['/api/positions/exit', { reason: 'x' }],
    ['/api/positions/exit', { groupId: 'INFY', reason: 'x' }],
    ['/api/positions/exit', { groupId: GROUP_ID }],
    ['/api/positions/exit', { groupId: GROUP_ID, reason: 'x', confirm: true }],
  ])('POST %s %j → 400 and nothing changes', async (url, body) => {
    const response = await call(post(url), { body });
    expect(response.statusCode).toBe(400);
    const json: { error: { code: string; issues: unknown[] } } = response.json();
    expect(json.error.code).toBe('BAD_REQUEST');
    expect(json.error.issues.length).toBeGreaterThan(0);
    expect(api.controlCalls()).toEqual([]);
    expect(store.audits).toMatchObject([{ payload: { result: 'BAD_REQUEST' } }]);
  });

  it('answers malformed JSON with 400', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/pause',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      payload: '{"reason": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(api.controlCalls()).toEqual([]);
  });

  it('refuses an actor header with control characters', async () => {
    const response = await call(post('/pause'), {
      body: { reason: 'x' },
      headers: { 'x-kavach-actor': 'eve\u0007' },
    });
    expect(response.statusCode).toBe(400);
    expect(api.controlCalls()).toEqual([]);
  });
});

describe('control routes', () => {
  it('passes the actor from X-Kavach-Actor, trims the reason, and audits the result', async () => {
    const response = await call(post('/pause'), {
      body: { reason: '  lunch  ' },
      headers: { 'x-kavach-actor': 'trader@example.com' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ ok: true, state: { by: 'trader@example.com' } });
    const actor = { type: 'USER', name: 'trader@example.com' };
    expect(api.controlCalls()).toEqual([{ method: 'pause', args: [actor, 'lunch'] }]);
    expect(store.audits).toEqual([
      {
        actor,
        action: 'api.pause',
        entity: 'engine_api',
        payload: { request: { reason: 'lunch' }, result: 'OK' },
        at: Date.UTC(2026, 10, 23, 5, 0),
      },
    ]);
  });

  it('defaults the actor to "api" and the resume reason to who resumed', async () => {
    await call(post('/resume'), { body: {} });
    expect(api.controlCalls()).toEqual([
      { method: 'resume', args: [{ type: 'USER', name: 'api' }, 'resumed by api'] },
    ]);
  });

  it('answers a refusal with 409 and its typed code and details, audited', async () => {
    api.nextControlResult = {
      ok: false,
      code: 'MODE_CHANGE_REFUSED',
      message: 'cannot switch to LIVE',
      details: { unmet: [{ code: 'SESSION_INVALID', message: 'no session' }] },
    };
    const response = await call(post('/mode'), {
      body: { mode: 'LIVE', confirmation: 'I understand this trades real money' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({
      error: {
        code: 'MODE_CHANGE_REFUSED',
        message: 'cannot switch to LIVE',
        unmet: [{ code: 'SESSION_INVALID', message: 'no session' }],
      },
    });
    expect(api.controlCalls()[0]?.args.slice(1)).toEqual([
      'LIVE',
      'I understand this trades real money',
    ]);
    expect(store.audits[0]?.payload).toMatchObject({ result: 'MODE_CHANGE_REFUSED' });
  });

  it('flattens with the report as the answer', async () => {
    const response = await call(post('/flatten'), {
      body: { reason: 'panic', confirm: 'FLATTEN' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ flat: true, orders: [] });
    expect(store.audits[0]).toMatchObject({
      action: 'api.flatten',
      payload: { result: { flat: true } },
    });
  });

  it('passes reset through and sends null for a missing mode confirmation', async () => {
    await call(post('/reset'), { body: {} });
    await call(post('/mode'), { body: { mode: 'PAPER' } });
    expect(api.controlCalls().map((c) => [c.method, c.args.slice(1)])).toEqual([
      ['reset', []],
      ['setMode', ['PAPER', null]],
    ]);
  });

  it('renews the Kite session with the request token and never writes the token down', async () => {
    const response = await call(post('/session'), { body: { request_token: 'reqTok123' } });
    expect(response.statusCode).toBe(200);
    expect(api.controlCalls()).toMatchObject([{ method: 'renewSession', args: [{}, 'reqTok123'] }]);
    expect(JSON.stringify(store.audits)).not.toContain('reqTok123');
    expect(store.audits[0]).toMatchObject({
      action: 'api.session',
      payload: { request: { request_token: '[secret]' }, result: 'OK' },
    });
    const bad = await call(post('/session'), { body: { request_token: 'a b' } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(store.audits)).not.toContain('a b');
  });

  it('lists discrepancies with a validated query', async () => {
    const ok = await call({
      method: 'GET',
      url: '/api/reconciliation/discrepancies?limit=5&unresolved=true',
    });
    expect(ok.statusCode).toBe(200);
    expect(api.calls.at(-1)).toEqual({
      method: 'discrepancies',
      args: [{ limit: 5, unresolvedOnly: true }],
    });
    for (const query of ['limit=0', 'limit=abc', 'unresolved=yes', 'page=2']) {
      const bad = await call({ method: 'GET', url: `/api/reconciliation/discrepancies?${query}` });
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
  });

  it('answers 500 when the engine fails, and audits the failure', async () => {
    api.failNext = new Error('database down');
    const response = await call(post('/pause'), { body: { reason: 'x' } });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: { code: 'INTERNAL', message: 'the engine could not complete the request' },
    });
    expect(store.audits[0]?.payload).toMatchObject({ result: 'ERROR', error: 'database down' });
  });

  it('still answers when the audit log cannot be written', async () => {
    store.failWrites(new Error('db down'));
    const response = await call(post('/pause'), { body: { reason: 'x' } });
    expect(response.statusCode).toBe(200);
  });
});

describe('POST /api/positions/exit', () => {
  const exit = post('/api/positions/exit');

  it("exits the group for the named person and answers with the group's state, audited", async () => {
    const response = await call(exit, {
      body: { groupId: GROUP_ID, reason: '  target is close enough  ' },
      headers: { 'x-kavach-actor': 'trader@example.com (trader)' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ok: true,
      groupId: GROUP_ID,
      tradingSymbol: 'INFY',
      status: 'EXITING',
    });
    const actor = { type: 'USER', name: 'trader@example.com (trader)' };
    expect(api.controlCalls()).toEqual([
      { method: 'exitPosition', args: [actor, GROUP_ID, 'target is close enough'] },
    ]);
    expect(store.audits).toEqual([
      {
        actor,
        action: 'api.positions.exit',
        entity: 'engine_api',
        payload: {
          request: { groupId: GROUP_ID, reason: 'target is close enough' },
          result: { status: 'EXITING' },
        },
        at: Date.UTC(2026, 10, 23, 5, 0),
      },
    ]);
  });

  it.each([
    ['GROUP_NOT_FOUND', 404],
    ['GROUP_CLOSED', 404],
    ['HEDGE_IN_USE', 409],
  ] as const)('answers %s with %i and the typed code, audited', async (code, status) => {
    api.nextExitResult = { ok: false, code, message: `refused: ${code}` };
    const response = await call(exit, { body: { groupId: GROUP_ID, reason: 'x' } });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ error: { code, message: `refused: ${code}` } });
    expect(store.audits[0]).toMatchObject({
      action: 'api.positions.exit',
      payload: { result: code },
    });
  });
});

describe('read routes', () => {
  it('serves status, risk and market', async () => {
    expect((await call({ method: 'GET', url: '/status/all' })).json()).toMatchObject({
      mode: 'PAPER',
    });
    expect((await call({ method: 'GET', url: '/risk' })).json()).toHaveProperty('heat');
    expect((await call({ method: 'GET', url: '/api/market' })).json()).toMatchObject({
      calendar: 'NSE 2026',
      now: '2026-11-23 10:30:00',
      open: true,
    });
  });

  it('answers /healthz 503 when the engine is not ready, or health itself fails', async () => {
    api.healthy = false;
    const degraded = await call({ method: 'GET', url: '/healthz' }, { token: null });
    expect(degraded.statusCode).toBe(503);
    expect(degraded.json()).toMatchObject({ status: 'degraded', details: { db: { ok: false } } });
    api.failNext = new Error('boom');
    expect((await call({ method: 'GET', url: '/healthz' }, { token: null })).statusCode).toBe(503);
  });

  it('serves Prometheus text and counts requests by route template', async () => {
    await call(post('/pause'), { body: { reason: 'x' } });
    await call({ method: 'GET', url: '/nope' });
    const response = await call({ method: 'GET', url: '/metrics' }, { token: null });
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain(
      'kavach_api_requests_total{method="POST",route="/pause",status="200"} 1',
    );
    expect(response.body).toContain(
      'kavach_api_requests_total{method="GET",route="unmatched",status="404"} 1',
    );
  });
});

describe('postback', () => {
  it('hands the body to the engine and answers 400 when it refuses', async () => {
    const body = { order_id: '2501', status: 'COMPLETE', checksum: 'x' };
    expect((await call(post('/postback'), { token: null, body })).json()).toEqual({ ok: true });
    api.postbackResult = { ok: false, reason: 'checksum mismatch' };
    const refused = await call(post('/postback'), { token: null, body });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({
      error: { code: 'BAD_POSTBACK', message: 'checksum mismatch' },
    });
    expect(api.calls.filter((c) => c.method === 'receivePostback')).toHaveLength(2);
    expect(store.audits).toEqual([]);
  });
});

describe('slippage, execute-signal and webhook routes', () => {
  it('validates the slippage queries and passes them on', async () => {
    const bad = await call({ method: 'GET', url: '/api/slippage/stats?hours=0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      error: { code: 'BAD_REQUEST', issues: [{ path: 'hours' }] },
    });
    const stats = await call({ method: 'GET', url: '/api/slippage/stats?hours=48' });
    expect(stats.statusCode).toBe(200);
    const history = await call({
      method: 'GET',
      url: '/api/slippage/history?limit=10&check=REJECTED',
    });
    expect(history.statusCode).toBe(200);
    expect(api.calls.map((c) => [c.method, c.args[0]])).toEqual([
      ['slippageStats', { hours: 48 }],
      ['slippageHistory', { limit: 10, cursor: null, strategy: null, check: 'REJECTED' }],
    ]);
  });

  it('refuses an invalid slippage config with every issue named, audited, nothing applied', async () => {
    const response = await call(
      { method: 'PUT', url: '/api/slippage/config' },
      { body: { maxSlippagePct: 0.2, requotePct: 0.3, maxLatencyMs: -1 } },
    );
    expect(response.statusCode).toBe(400);
    const paths = response
      .json<{ error: { issues: { path: string }[] } }>()
      .error.issues.map((i) => i.path)
      .sort();
    expect(paths).toEqual(['maxLatencyMs', 'requotePct']);
    expect(api.controlCalls()).toEqual([]);
    expect(store.audits.map((a) => a.action)).toEqual(['api.slippage.config']);
    const ok = await call(
      { method: 'PUT', url: '/api/slippage/config' },
      { body: { maxSlippagePct: 0.4, requotePct: 0.2 } },
    );
    expect(ok.statusCode).toBe(200);
    expect(api.controlCalls().map((c) => c.method)).toEqual(['setSlippageConfig']);
  });

  it('hands a text/plain TradingView alert over as text and sets Retry-After on a 429', async () => {
    const text = JSON.stringify({ secret: 's', action: 'EXIT', symbol: 'INFY' });
    const response = await app.inject({
      method: 'POST',
      url: '/webhooks/tradingview/orb',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      payload: text,
    });
    expect(response.statusCode).toBe(202);
    const [call0] = api.calls;
    expect(call0?.method).toBe('tradingViewWebhook');
    // The webhook reads the text itself, so a broken template gets its own 400 (webhooks test).
    expect(call0?.args.slice(0, 2)).toEqual(['orb', text]);

    api.tradingViewWebhook = () =>
      Promise.resolve({
        status: 429,
        body: { error: { code: 'RATE_LIMITED', message: 'slow down', retryAfterSeconds: 7.2 } },
      });
    const limited = await app.inject({
      method: 'POST',
      url: '/webhooks/tradingview/orb',
      payload: { secret: 's' },
    });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('8');
  });

  it('audits an execute-signal request with its answer', async () => {
    const response = await call(
      { method: 'POST', url: '/live/execute-signal' },
      { body: { signal: 'BUY' } },
    );
    expect(response.statusCode).toBe(200);
    expect(store.audits.map((a) => [a.action, a.payload.status])).toEqual([
      ['api.execute-signal', 200],
    ]);
  });
});

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document listing exactly the registered routes', async () => {
    const response = await call({ method: 'GET', url: '/openapi.json' });
    const doc: {
      openapi: string;
      info: { version: string };
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    } = response.json();
    const result = await new Validator().validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(doc.info.version).toBe('1.2.3');

    const documented = Object.entries(doc.paths).flatMap(([url, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${url}`),
    );
    const registered = listRegisteredRoutes(app).map((r) => `${r.method} ${toOpenApiPath(r.url)}`);
    expect(new Set(documented)).toEqual(new Set(registered));
    expect(registered).toHaveLength(ROUTES.length);

    expect(doc.paths['/healthz']?.get?.security).toEqual([]);
    expect(doc.paths['/pause']?.post?.security).toBeUndefined();
    expect(doc.paths['/webhooks/tradingview/{strategyId}']?.post?.security).toEqual([]);
  });
});
