import { createLogger } from '@kavach/config';
import { VirtualClock, nseCalendar2026 } from '@kavach/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInMemoryControlStore } from '../control/in-memory-control-store';
import { createEngineMetrics } from '../metrics/engine-metrics';
import { type EngineServer, buildEngineServer } from './engine-server';
import { type FakeEngineApi, createFakeEngineApi } from './fake-engine-api';

const TOKEN = 'test-token-0123456789abcdef';
const AT = Date.UTC(2026, 10, 23, 5, 0);
let api: FakeEngineApi;
let store: ReturnType<typeof createInMemoryControlStore>;
let app: EngineServer;

beforeEach(async () => {
  api = createFakeEngineApi();
  store = createInMemoryControlStore();
  app = buildEngineServer({
    api,
    token: TOKEN,
    metrics: createEngineMetrics({ collectDefault: false }),
    audit: store,
    clock: new VirtualClock(AT),
    calendar: nseCalendar2026,
    logger: createLogger('test', 'silent'),
  });
  await app.ready();
});

afterEach(async () => {
  await app.close();
});

function put(payload: unknown, actor = 'admin@example.com (admin)') {
  return app.inject({
    method: 'PUT',
    url: '/api/config/trading',
    headers: { authorization: `Bearer ${TOKEN}`, 'x-kavach-actor': actor },
    payload: payload as object,
  });
}

describe('GET and PUT /api/config/trading', () => {
  it('answers the config in force', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/config/trading',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ sha: 'a'.repeat(64), pending: null });
  });

  it('hands the body to the engine with the actor, and audits the outcome', async () => {
    const body = { risk: { maxOpenPositions: 3 } };
    const response = await put(body);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ ok: true, sha: 'b'.repeat(64) });
    const actor = { type: 'USER', name: 'admin@example.com (admin)' };
    expect(api.controlCalls()).toEqual([{ method: 'setTradingConfig', args: [actor, body] }]);
    expect(store.audits).toEqual([
      {
        actor,
        action: 'api.config.trading',
        entity: 'engine_api',
        payload: { request: body, result: 'OK' },
        at: AT,
      },
    ]);
  });

  it("relays the engine's 400 with every error, audited as refused", async () => {
    const error = {
      code: 'INVALID_CONFIG',
      message: 'the trading config is not valid (1 problem); nothing was stored',
      errors: ['risk.maxOpenPositions: must be ≥ 1'],
      issues: [{ path: 'risk.maxOpenPositions', message: 'must be ≥ 1' }],
    };
    api.setTradingConfig = () => Promise.resolve({ status: 400, body: { error } });
    const response = await put({ risk: { maxOpenPositions: 0 } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error });
    expect(store.audits).toMatchObject([{ payload: { result: 'INVALID_CONFIG' } }]);
  });

  it('refuses a body that is not an object before the engine sees it', async () => {
    const response = await put([1, 2]);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(api.controlCalls()).toEqual([]);
  });
});
