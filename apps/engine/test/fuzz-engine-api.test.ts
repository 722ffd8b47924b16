import { buildTradingConfig, createLogger } from '@kavach/config';
import { VirtualClock, nseCalendar2026, paise } from '@kavach/domain';
import { checkReliability } from '@kavach/testkit';
import fc from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryControlStore } from '../src/control/in-memory-control-store';
import { createSignalExecutor } from '../src/execute-signal/execute-signal';
import {
  executeSignalBody,
  executeSignalResponse,
} from '../src/execute-signal/execute-signal-body';
import {
  createFakeIntake,
  niftyChain,
  symbolOf,
} from '../src/execute-signal/execute-signal.fixtures';
import { type EngineServer, buildEngineServer } from '../src/http/engine-server';
import { type FakeEngineApi, createFakeEngineApi } from '../src/http/fake-engine-api';
import {
  discrepanciesQuery,
  errorBody,
  exitPositionBody,
  flattenBody,
  modeBody,
  pauseBody,
  reconciliationRunBody,
  resetBody,
  resumeBody,
  sessionBody,
  slippageHistoryQuery,
  slippageStatsQuery,
} from '../src/http/route-schemas';
import { createEngineMetrics } from '../src/metrics/engine-metrics';
import { slippageConfigSchema } from '../src/slippage/slippage-config';
import { tradingViewAlertFields } from '../src/webhooks/tradingview-alert';
import {
  type FuzzRequest,
  type Json,
  type JsonObject,
  JSON_TYPE,
  countBy,
  leafPaths,
  mutatedBody,
  queryString,
  rawBody,
  toJsonText,
  wrongValue,
} from './support/fuzz-requests';

/**
 * Property-based fuzzing of the engine API in process (Fastify inject, a fake engine behind
 * it): every body, content type and query string a client could send answers 4xx (or 2xx when
 * it is valid), never 5xx; a 4xx carries `{ error: { code, message } }` and reaches nothing
 * behind the HTTP layer; the server still answers /healthz. The execute-signal executor and
 * the config validators are fuzzed directly too, on their own. The seed is fixed, so a failure
 * replays; fast-check prints the seed and path of the smallest failing case.
 */

const TOKEN = 'fuzz-token-0123456789abcdef';
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const logger = createLogger('test', 'silent');
const GROUP_ID = '0196f0a4-2b3c-7d4e-8f50-61728394a5b6';

const WEBHOOK: JsonObject = {
  secret: 'fuzz-secret-0123456789abcdef',
  idempotency_key: 'INFY-2026-11-23T04:00:00Z',
  symbol: 'INFY',
  exchange: 'NSE',
  action: 'BUY',
  price: '1500.50',
  stop: '1485',
  targets: ['1520', '1540.25'],
  risk_amount: 2000,
  comment: 'fuzz',
};
const EXECUTE: JsonObject = {
  signal: 'SELL',
  strike: 24_500,
  option_type: 'CE',
  quantity: 1,
  entry_price: 112.5,
  hedge_enabled: true,
};
const TRADING_CONFIG: JsonObject = {
  capitalRupees: 500_000,
  risk: { perTradeRiskPct: 1, maxOpenPositions: 5, entryWindow: { start: '09:20', end: '15:00' } },
  eod: { noNewEntriesAfter: '15:10', squareOffAt: '15:15' },
  universe: ['NSE:INFY', 'NSE:TCS'],
  orders: { entryOrderType: 'LIMIT', stopOrderType: 'SL-M' },
  scan: { maxSignalsPerCycle: 3, minScore: 0.35 },
  strategies: { orb: { enabled: false, rangeMinutes: 15 }, vwap_ema: { enabled: true } },
};
const SLIPPAGE: JsonObject = {
  maxSlippagePct: 0.4,
  requotePct: 0.25,
  maxLatencyMs: 500,
};

/** One family of routes: what a valid body looks like, and the schema the route holds it to. */
interface Family {
  readonly name: string;
  readonly method: 'POST' | 'PUT';
  readonly url: fc.Arbitrary<string>;
  readonly valid: JsonObject;
  /** Null when the HTTP layer hands any body on (the engine behind it validates). */
  readonly schema: z.ZodType | null;
  readonly limitBytes: number;
}

const MiB = 1024 * 1024;
const strategyId = fc.oneof(
  { weight: 3, arbitrary: fc.constant('fuzz') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'hasOwnProperty',
      '..',
      '%2e%2e',
      '%00',
      '%ZZ',
      '%',
      'a'.repeat(300),
      '%F0%9F%99%82',
      '%ED%A0%80',
      'fuzz%2Fx',
      'fuzz?x=1',
      'fuzz#x',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 70 }).map(encodeURIComponent) },
);

const FAMILIES: readonly Family[] = [
  {
    name: 'POST /webhooks/tradingview/:strategyId',
    method: 'POST',
    url: strategyId.map((id) => `/webhooks/tradingview/${id}`),
    valid: WEBHOOK,
    schema: null,
    limitBytes: 64 * 1024,
  },
  {
    name: 'POST /live/execute-signal',
    method: 'POST',
    url: fc.constant('/live/execute-signal'),
    valid: EXECUTE,
    schema: null,
    limitBytes: MiB,
  },
  {
    name: 'PUT /api/config/trading',
    method: 'PUT',
    url: fc.constant('/api/config/trading'),
    valid: TRADING_CONFIG,
    // The route takes any object; the engine validates it as the config file.
    schema: null,
    limitBytes: MiB,
  },
  {
    name: 'PUT /api/slippage/config',
    method: 'PUT',
    url: fc.constant('/api/slippage/config'),
    valid: SLIPPAGE,
    schema: slippageConfigSchema,
    limitBytes: MiB,
  },
  ...(
    [
      ['/pause', { reason: 'lunch' }, pauseBody],
      ['/resume', { reason: 'back' }, resumeBody],
      ['/reset', { confirmation: 'RESET' }, resetBody],
      ['/flatten', { reason: 'panic', confirm: 'FLATTEN' }, flattenBody],
      ['/mode', { mode: 'PAPER', confirmation: null }, modeBody],
      ['/session', { request_token: 'reqTok123' }, sessionBody],
      ['/api/positions/exit', { groupId: GROUP_ID, reason: 'done' }, exitPositionBody],
      ['/api/reconciliation/run', { reason: 'check' }, reconciliationRunBody],
    ] as const
  ).map(([url, valid, schema]): Family => ({
    name: `POST ${url}`,
    method: 'POST',
    url: fc.constant(url),
    valid,
    schema,
    limitBytes: MiB,
  })),
];

/** Bodies for a family: mostly the valid body made wrong, sometimes raw bytes, rarely valid. */
function requestsFor(family: Family): fc.Arbitrary<FuzzRequest> {
  const paths = leafPaths(family.valid);
  const asJson = (label: string) => (body: Json) => ({
    contentType: JSON_TYPE,
    payload: toJsonText(body),
    label,
  });
  const body = fc.oneof(
    { weight: 6, arbitrary: mutatedBody(family.valid, paths).map(asJson('mutated field')) },
    { weight: 3, arbitrary: rawBody(family.valid, family.limitBytes) },
    { weight: 1, arbitrary: wrongValue.map(asJson('any JSON value')) },
    { weight: 1, arbitrary: fc.constant(family.valid).map(asJson('valid')) },
  );
  return fc.tuple(family.url, body).map(([url, b]) => ({ method: family.method, url, ...b }));
}

const LIST_QUERIES: readonly { url: string; keys: string[]; schema: z.ZodType }[] = [
  {
    url: '/api/reconciliation/discrepancies',
    keys: ['limit', 'unresolved'],
    schema: discrepanciesQuery,
  },
  { url: '/api/slippage/stats', keys: ['hours'], schema: slippageStatsQuery },
  {
    url: '/api/slippage/history',
    keys: ['limit', 'cursor', 'strategy', 'check'],
    schema: slippageHistoryQuery,
  },
];

let api: FakeEngineApi;
let app: EngineServer;

beforeAll(async () => {
  api = createFakeEngineApi();
  app = buildEngineServer({
    api,
    token: TOKEN,
    metrics: createEngineMetrics({ collectDefault: false }),
    audit: createInMemoryControlStore(),
    clock: new VirtualClock(Date.UTC(2026, 10, 23, 5, 0)),
    calendar: nseCalendar2026,
    logger,
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

function send(request: FuzzRequest) {
  return app.inject({
    method: request.method,
    url: request.url,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(request.contentType === null ? {} : { 'content-type': request.contentType }),
    },
    ...(request.payload === undefined ? {} : { payload: request.payload }),
  });
}

function parsedJson(payload: unknown): unknown {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return undefined;
  try {
    // Fastify's JSON parser skips a byte-order mark, as JSON.parse does not.
    return JSON.parse(payload.toString().replace(/^\ufeff/, '')) as unknown;
  } catch {
    return undefined;
  }
}

/** Whether the body is one the route's schema accepts (as JSON, under a JSON content type). */
function validFor(schema: z.ZodType, request: FuzzRequest): boolean {
  const type = request.contentType?.toLowerCase() ?? '';
  if (!type.startsWith(JSON_TYPE) || request.payload === undefined) return false;
  const body = parsedJson(request.payload);
  return body !== undefined && schema.safeParse(body).success;
}

function describeCase(request: FuzzRequest): string {
  const payload =
    request.payload === undefined ? '(none)' : request.payload.toString().slice(0, 300);
  return `${request.label}: ${request.method} ${request.url.slice(0, 200)} [${request.contentType ?? 'no content-type'}] ${payload}`;
}

/** The property every answer must hold; returns the status for the figures. */
async function checkAnswer(request: FuzzRequest, schema: z.ZodType | null): Promise<number> {
  const before = api.calls.length;
  const response = await send(request);
  const status = response.statusCode;
  const context = `${describeCase(request)} → ${status} ${response.body.slice(0, 300)}`;
  expect(status, context).toBeLessThan(500);
  expect(status, context).toBeGreaterThanOrEqual(200);
  if (status >= 400) {
    expect(response.headers['content-type'], context).toMatch(/^application\/json/);
    expect(errorBody.safeParse(response.json()).success, context).toBe(true);
    // Refused at the HTTP layer: nothing reached the engine.
    expect(api.calls.slice(before), context).toEqual([]);
  }
  if (schema !== null && !validFor(schema, request)) {
    expect(status, context).toBeGreaterThanOrEqual(400);
  }
  return status;
}

describe('fuzzing the engine API over HTTP (in process, fake engine)', () => {
  it.each(FAMILIES.map((family) => [family.name, family] as const))(
    '%s: random bodies answer 4xx (2xx when valid), never 5xx; the server stays up',
    async (name, family) => {
      await checkReliability(
        {
          area: 'security',
          fault: `fast-check: ${RUNS} random bodies (wrong field types, huge/NaN-like numbers, 10 kB strings, unicode, __proto__ keys, raw bytes, truncated JSON, wrong content types, over the body limit) to ${name}, in process`,
          expected:
            'only 4xx (2xx for a valid body), never 5xx; 4xx = {error:{code,message}} and nothing reached the engine; /healthz answers after',
          source: import.meta.url,
        },
        async () => {
          const statuses: number[] = [];
          await fc.assert(
            fc.asyncProperty(requestsFor(family), async (request) => {
              statuses.push(await checkAnswer(request, family.schema));
            }),
            { seed: SEED, numRuns: RUNS, endOnFailure: true },
          );
          const health = await app.inject({ method: 'GET', url: '/healthz' });
          expect(health.statusCode).toBe(200);
          return { runs: RUNS, ...countBy(statuses, (s) => `${String(s).slice(0, 1)}xx`) };
        },
      );
    },
  );

  it('GET list endpoints: random query strings answer 200 or 400, never 5xx', async () => {
    await checkReliability(
      {
        area: 'security',
        fault: `fast-check: ${RUNS} random query strings to GET /api/reconciliation/discrepancies, /api/slippage/stats, /api/slippage/history, in process`,
        expected: '200 for a valid query, 400 {error:{code,message}} otherwise; never 5xx',
        source: import.meta.url,
      },
      async () => {
        const statuses: number[] = [];
        const arbitrary = fc
          .constantFrom(...LIST_QUERIES)
          .chain((route) => queryString(route.keys).map((query) => ({ route, query })));
        await fc.assert(
          fc.asyncProperty(arbitrary, async ({ route, query }) => {
            const request: FuzzRequest = {
              method: 'GET',
              url: `${route.url}${query}`,
              contentType: null,
              payload: undefined,
              label: 'query',
            };
            statuses.push(await checkAnswer(request, null));
          }),
          { seed: SEED, numRuns: RUNS, endOnFailure: true },
        );
        return { runs: RUNS, ...countBy(statuses, (s) => `${String(s).slice(0, 1)}xx`) };
      },
    );
  });
});

/** The executor's own input: what the route hands it, whatever the client sent. */
describe('fuzzing the execute-signal executor (fake intake)', () => {
  const TODAY = '2026-11-23';
  const EXPIRY = '2026-11-24';
  const master = niftyChain(EXPIRY, 23_000, 26_000);
  const livePrices = Object.fromEntries(
    [24_000, 24_500, 25_000, 25_500].flatMap((strike) => [
      [symbolOf(strike, 'CE', EXPIRY), paise(3_20)],
      [symbolOf(strike, 'PE', EXPIRY), paise(2_95)],
    ]),
  );
  const validShaped = fc.record({
    signal: fc.constantFrom('BUY', 'SELL'),
    strike: fc.integer({ min: 1, max: 20_000 }).map((n) => n * 50),
    option_type: fc.constantFrom('CE', 'PE'),
    quantity: fc.integer({ min: 1, max: 1_000 }),
    entry_price: fc.integer({ min: 1, max: 10_000_000 }).map((p) => p / 100),
    hedge_enabled: fc.boolean(),
  });

  it('never throws; 400 names a field and sends nothing; 200/422 answer the documented shape', async () => {
    await checkReliability(
      {
        area: 'security',
        fault: `fast-check: ${RUNS} random execute-signal bodies (valid-shaped with random strikes, lots and prices; mutated fields) to the executor`,
        expected:
          '400 (field named, nothing submitted), 422 or 200 in the documented shape; never a throw',
        source: import.meta.url,
      },
      async () => {
        const statuses: number[] = [];
        const body = fc.oneof(
          validShaped as fc.Arbitrary<Json>,
          mutatedBody(EXECUTE, leafPaths(EXECUTE)),
          wrongValue,
        );
        await fc.assert(
          fc.asyncProperty(body, async (raw) => {
            const clock = new VirtualClock(Date.UTC(2026, 10, 23, 5, 0));
            const intake = createFakeIntake({ master, clock, livePrices });
            const executor = createSignalExecutor({
              intake,
              clock,
              logger,
              options: { maxLatencyMs: 500, todayIst: () => TODAY },
            });
            const reply = await executor.execute(raw, clock.now());
            statuses.push(reply.httpStatus);
            const context = `${toJsonText(raw).slice(0, 300)} → ${JSON.stringify(reply).slice(0, 300)}`;
            expect([200, 400, 422], context).toContain(reply.httpStatus);
            if (reply.httpStatus === 400) {
              expect(intake.calls, context).toEqual([]);
              expect(reply.body.error.field, context).not.toBe('');
            } else if (!('error' in reply.body)) {
              expect(executeSignalResponse.safeParse(reply.body).success, context).toBe(true);
            }
            expect(reply.httpStatus === 400, context).toBe(
              !executeSignalBody.safeParse(raw).success,
            );
          }),
          { seed: SEED, numRuns: RUNS, endOnFailure: true },
        );
        return { runs: RUNS, ...countBy(statuses, String) };
      },
    );
  });
});

describe('fuzzing the config and alert validators', () => {
  it('buildTradingConfig, the slippage schema and the alert schema never throw on any value', () => {
    const configs = fc.oneof(mutatedBody(TRADING_CONFIG, leafPaths(TRADING_CONFIG)), wrongValue);
    fc.assert(
      fc.property(configs, (value) => {
        const built = buildTradingConfig(value);
        if (!built.ok) {
          expect(built.errors.length).toBeGreaterThan(0);
          for (const error of built.errors) expect(typeof error).toBe('string');
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    const alerts = fc.oneof(mutatedBody(WEBHOOK, leafPaths(WEBHOOK)), wrongValue);
    fc.assert(
      fc.property(alerts, (value) => {
        tradingViewAlertFields.safeParse(value);
        slippageConfigSchema.safeParse(value);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

/** Each case the fuzzing found, kept as a plain test. */
describe('regressions found by the fuzzing, in process', () => {
  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: string) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': JSON_TYPE },
      ...(payload === undefined ? {} : { payload }),
    });

  it('a path parameter over the router limit answers 414 in the API error shape', async () => {
    const response = await inject('POST', `/webhooks/tradingview/${'a'.repeat(300)}`, '{}');
    expect(response.statusCode).toBe(414);
    expect(response.json()).toMatchObject({ error: { code: 'URI_TOO_LONG' } });
  });

  it('a URL with bad percent-encoding answers 400 in the API error shape', async () => {
    const response = await inject('POST', '/webhooks/tradingview/%ZZ', '{}');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'BAD_URL' } });
  });

  it.each(['/resume', '/reset', '/api/reconciliation/run'])(
    'POST %s with a JSON null body is a 400, as any body that is not an object',
    async (url) => {
      const before = api.calls.length;
      const response = await inject('POST', url, 'null');
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
      expect(api.calls.slice(before)).toEqual([]);
    },
  );

  it('PUT /api/slippage/config with a JSON null is a 400, not every tolerance reset', async () => {
    const before = api.calls.length;
    const response = await inject('PUT', '/api/slippage/config', 'null');
    expect(response.statusCode).toBe(400);
    expect(api.calls.slice(before)).toEqual([]);
  });

  it('POST /resume with no body at all still resumes', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/resume',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.statusCode).toBe(200);
  });

  it('execute-signal names the body when the unknown key is the empty string', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 23, 5, 0));
    const executor = createSignalExecutor({
      intake: createFakeIntake({ master: [], clock }),
      clock,
      logger,
      options: { maxLatencyMs: 500, todayIst: () => '2026-11-23' },
    });
    const reply = await executor.execute({ ...EXECUTE, '': [] }, clock.now());
    expect(reply).toMatchObject({ httpStatus: 400, body: { error: { field: 'body' } } });
  });

  it.each([
    ['idempotency_key', 'key\u0000'],
    ['idempotency_key', '\udfff x'],
    ['comment', 'a\u0000b'],
    ['comment', '\ud800'],
  ])('the alert refuses %s %j, text PostgreSQL cannot store', (field, value) => {
    const { secret: _secret, ...fields } = WEBHOOK;
    const parsed = tradingViewAlertFields.safeParse({ ...fields, [field]: value });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual([field]);
  });
});
