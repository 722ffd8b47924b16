import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTradingConfig, createLogger, parseEnv } from '@kavach/config';
import { checkReliability, findFreePort, startKiteSimProcess } from '@kavach/testkit';
import type { KiteSimProcess } from '@kavach/testkit';
import fc from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  executeSignalBody,
  executeSignalResponse,
} from '../src/execute-signal/execute-signal-body';
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
import { slippageConfigSchema } from '../src/slippage/slippage-config';
import { startEngine } from '../src/start-engine';
import type { RunningEngine } from '../src/start-engine';
import { tradingViewAlertFields } from '../src/webhooks/tradingview-alert';
import {
  type FuzzRequest,
  type Json,
  type JsonObject,
  JSON_TYPE,
  countBy,
  leafPaths,
  mutatedBody,
  nastyNumber,
  nastyString,
  queryString,
  rawBody,
  toJsonText,
  wrongValue,
} from './support/fuzz-requests';

/**
 * Property-based fuzzing of the real engine (startEngine on PGlite, trading on a kite-sim
 * process): the webhook pipeline with its delivery store, execute-signal with the instrument
 * master, the trading-config and slippage validators, the control routes and the list queries.
 *
 * Phase 1 sends only requests that must be refused (wrong secret, a field made wrong, raw
 * bytes, wrong content types, unknown strategy ids): each answers 4xx with
 * `{ error: { code, message } }`, and the trading state, the mode, both configs and the
 * broker's order book are as they were before it. Phase 2 sends valid-shaped bodies with
 * random values (symbols, prices, quantities, strikes, unicode and NUL in free text), which
 * the engine may trade: each answers 2xx or 4xx, never 5xx. The engine answers /healthz after.
 * Seeds are fixed (FUZZ_SEED overrides); fast-check prints the seed and path of a failure.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);
const REFUSED_RUNS = Number(process.env.FUZZ_REFUSED_RUNS ?? 160);
const VALID_RUNS = Number(process.env.FUZZ_VALID_RUNS ?? 60);
const TOKEN = 'fuzz-engine-token-0123456789abcdef';
const SECRETS: Readonly<Record<string, string>> = {
  fuzz: 'fuzz-secret-0123456789abcdef',
  'fuzz-2': 'fuzz-secret-2-0123456789abcdef',
  'fuzz-3': 'fuzz-secret-3-0123456789abcdef',
};
const UNIVERSE = ['INFY', 'TCS', 'RELIANCE', 'SBIN'] as const;
const logger = createLogger('engine', 'silent');

let sim: KiteSimProcess;
let engine: RunningEngine;
let dataDir: string;
let kiteToken: string;
/** The market's last price of each symbol at the start, in paise: alerts are priced near it. */
const lastPaise = new Map<string, number>();

beforeAll(async () => {
  sim = await startKiteSimProcess({ speed: 1 });
  await sim.control('/market', { status: 'open' });
  const state = (await sim.inspect('/state')) as { sessionDate: string };
  await sim.control('/clock', { set: `${state.sessionDate}T10:00:00+05:30` });
  dataDir = await mkdtemp(join(tmpdir(), 'kavach-fuzz-'));
  // No built-in strategy trades: every order at the broker comes from a fuzzed request.
  const config = {
    universe: UNIVERSE.map((s) => `NSE:${s}`),
    strategies: { orb: { enabled: false }, vwap_ema: { enabled: false } },
  };
  const configPath = join(dataDir, 'trading.json');
  await writeFile(configPath, JSON.stringify(config));
  const port = await findFreePort();
  engine = await startEngine({
    env: parseEnv({
      DATA_DIR: dataDir,
      ENGINE_PORT: String(port),
      ENGINE_API_TOKEN: TOKEN,
      KITE_ROOT: sim.root,
      KITE_API_KEY: sim.apiKey,
      KITE_API_SECRET: sim.apiSecret,
      TRADING_CONFIG: configPath,
      TRADINGVIEW_WEBHOOK_SECRETS: Object.entries(SECRETS)
        .map(([id, secret]) => `${id}:${secret}`)
        .join(','),
    }),
    logger,
  });
  kiteToken = await sim.mintAccessToken();
  const quotes = await fetch(
    `${sim.root}/quote/ltp?${UNIVERSE.map((symbol) => `i=NSE:${symbol}`).join('&')}`,
    { headers: { authorization: `token ${sim.apiKey}:${kiteToken}`, 'x-kite-version': '3' } },
  );
  const ltp = (await quotes.json()) as { data: Record<string, { last_price: number }> };
  for (const symbol of UNIVERSE) {
    lastPaise.set(symbol, Math.round((ltp.data[`NSE:${symbol}`]?.last_price ?? 1_000) * 100));
  }
}, 120_000);

afterAll(async () => {
  await engine.stop('fuzz over');
  await sim.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function send(request: FuzzRequest) {
  const response = await fetch(`${engine.url}${request.url}`, {
    method: request.method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(request.contentType === null ? {} : { 'content-type': request.contentType }),
    },
    ...(request.payload === undefined ? {} : { body: request.payload }),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  };
}

async function getJson(path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${engine.url}${path}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return (await response.json()) as Record<string, unknown>;
}

/** Every order the broker holds, by id and status (kite-sim's order book, as Kite answers it). */
async function brokerOrders(): Promise<string[]> {
  const response = await fetch(`${sim.root}/orders`, {
    headers: { authorization: `token ${sim.apiKey}:${kiteToken}`, 'x-kite-version': '3' },
  });
  const book = (await response.json()) as { data?: { order_id: string; status: string }[] };
  if (book.data === undefined) throw new Error(`kite-sim /orders: ${JSON.stringify(book)}`);
  return book.data.map((order) => `${order.order_id}:${order.status}`).sort();
}

/** What a refused request must leave as it was (the broker's book is compared per phase). */
async function snapshot() {
  const status = await getJson('/status/all');
  const slippage = await getJson('/api/slippage/config');
  const trading = await getJson('/api/config/trading');
  return {
    trading: status.trading,
    mode: status.mode,
    slippageSha: slippage.sha,
    tradingConfig: { sha: trading.sha, pending: trading.pending },
  };
}

interface Family {
  readonly name: string;
  readonly method: 'POST' | 'PUT';
  readonly url: fc.Arbitrary<string>;
  readonly valid: JsonObject;
  readonly limitBytes: number;
  /** Whether the engine may accept this body (the oracle of phase 1); the id is the URL's. */
  readonly accepts: (body: unknown, url: string) => boolean;
}

const MiB = 1024 * 1024;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const bySchema = (schema: z.ZodType) => (body: unknown) =>
  schema.safeParse(body === undefined ? {} : body).success;

const WEBHOOK: JsonObject = {
  secret: SECRETS.fuzz ?? '',
  idempotency_key: 'INFY-2026-11-23T04:30:00Z',
  symbol: 'INFY',
  action: 'BUY',
  price: '1500.50',
  stop: '1485',
  targets: ['1520', '1540.25'],
  risk_amount: 2000,
  comment: 'fuzz',
};

function webhookAccepts(body: unknown, url: string): boolean {
  let id: string;
  try {
    id = decodeURIComponent(url.slice('/webhooks/tradingview/'.length));
  } catch {
    return false;
  }
  if (!isObject(body) || !Object.hasOwn(SECRETS, id)) return false;
  const { secret, ...fields } = body;
  return secret === SECRETS[id] && tradingViewAlertFields.safeParse(fields).success;
}

const strategyId = fc.oneof(
  { weight: 4, arbitrary: fc.constant('fuzz') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'toString',
      '..',
      '%00',
      '%ZZ',
      'a'.repeat(300),
      'fuzz%2Fx',
      'FUZZ',
      'fuzz ',
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
    limitBytes: 64 * 1024,
    accepts: webhookAccepts,
  },
  {
    name: 'POST /live/execute-signal',
    method: 'POST',
    url: fc.constant('/live/execute-signal'),
    valid: {
      signal: 'BUY',
      strike: 24_500,
      option_type: 'CE',
      quantity: 1,
      entry_price: 112.5,
      hedge_enabled: false,
    },
    limitBytes: MiB,
    accepts: (body) => executeSignalBody.safeParse(body).success,
  },
  {
    name: 'PUT /api/config/trading',
    method: 'PUT',
    url: fc.constant('/api/config/trading'),
    valid: {
      capitalRupees: 500_000,
      risk: { maxOpenPositions: 5, entryWindow: { start: '09:20', end: '15:00' } },
      universe: ['NSE:INFY'],
      strategies: { orb: { enabled: false, rangeMinutes: 15 } },
    },
    limitBytes: MiB,
    accepts: (body) => isObject(body) && buildTradingConfig(body).ok,
  },
  {
    name: 'PUT /api/slippage/config',
    method: 'PUT',
    url: fc.constant('/api/slippage/config'),
    valid: { maxSlippagePct: 0.4, requotePct: 0.25 },
    limitBytes: MiB,
    accepts: bySchema(slippageConfigSchema),
  },
  ...(
    [
      ['/pause', { reason: 'lunch' }, pauseBody],
      ['/resume', { reason: 'back' }, resumeBody],
      ['/reset', { confirmation: 'RESET' }, resetBody],
      ['/flatten', { reason: 'panic', confirm: 'FLATTEN' }, flattenBody],
      ['/mode', { mode: 'PAPER', confirmation: null }, modeBody],
      ['/session', { request_token: 'reqTok123' }, sessionBody],
      [
        '/api/positions/exit',
        { groupId: '0196f0a4-2b3c-7d4e-8f50-61728394a5b6', reason: 'x' },
        exitPositionBody,
      ],
      ['/api/reconciliation/run', { reason: 'check' }, reconciliationRunBody],
    ] as const
  ).map(([url, valid, schema]): Family => ({
    name: `POST ${url}`,
    method: 'POST',
    url: fc.constant(url),
    valid,
    limitBytes: MiB,
    accepts: bySchema(schema),
  })),
];

function readBody(
  request: FuzzRequest,
  webhook: boolean,
): { ok: true; body: unknown } | { ok: false } {
  const type = request.contentType?.toLowerCase() ?? '';
  if (request.payload === undefined) return { ok: true, body: undefined };
  const text = request.payload.toString();
  const json = type.startsWith(JSON_TYPE);
  // The webhook reads a text/plain body as JSON itself (TradingView's way).
  if (!json && !(webhook && type.startsWith('text/plain'))) return { ok: false };
  try {
    return { ok: true, body: JSON.parse(text.replace(/^\ufeff/, '')) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Whether the engine might accept the request: false means it must be refused. */
function mayBeAccepted(family: Family, request: FuzzRequest): boolean {
  if (request.payload !== undefined && Buffer.byteLength(request.payload) > family.limitBytes) {
    return false;
  }
  const read = readBody(request, family.name.includes('webhooks'));
  return read.ok && family.accepts(read.body, request.url);
}

function requestsFor(family: Family): fc.Arbitrary<FuzzRequest> {
  const asJson = (label: string) => (body: Json) => ({
    contentType: JSON_TYPE,
    payload: toJsonText(body),
    label,
  });
  const body = fc.oneof(
    {
      weight: 6,
      arbitrary: mutatedBody(family.valid, leafPaths(family.valid)).map(asJson('mutated field')),
    },
    { weight: 3, arbitrary: rawBody(family.valid, family.limitBytes) },
    { weight: 1, arbitrary: wrongValue.map(asJson('any JSON value')) },
  );
  return fc.tuple(family.url, body).map(([url, b]) => ({ method: family.method, url, ...b }));
}

/** Phase 1's requests: any family, each one the engine must refuse. */
const refusedRequests = fc
  .constantFrom(...FAMILIES)
  .chain((family) => requestsFor(family).map((request) => ({ family, request })))
  .filter(({ family, request }) => !mayBeAccepted(family, request));

function describeCase(request: FuzzRequest): string {
  const payload =
    request.payload === undefined ? '(none)' : request.payload.toString().slice(0, 300);
  return `${request.label}: ${request.method} ${request.url.slice(0, 120)} [${request.contentType ?? 'no content-type'}] ${payload}`;
}

function expectErrorShape(
  answer: { status: number; type: string | null; text: string },
  context: string,
) {
  expect(answer.type, context).toMatch(/^application\/json/);
  const parsed = errorBody.safeParse(JSON.parse(answer.text));
  expect(parsed.success, context).toBe(true);
}

const statusClass = (status: number) => `${String(status).slice(0, 1)}xx`;

describe('fuzzing the real engine on kite-sim', () => {
  it('refuses every bad request with a 4xx and changes nothing: state, mode, configs, orders', async () => {
    await checkReliability(
      {
        area: 'security',
        fault: `fast-check: ${REFUSED_RUNS} requests that must be refused (wrong secret, unknown strategy id, a field made wrong, raw bytes, truncated JSON, wrong content type, over the limit, __proto__ keys) to the webhook, execute-signal, config and control routes of the real engine on kite-sim`,
        expected:
          'each 4xx {error:{code,message}}; trading state, mode, slippage and trading config and the broker order book unchanged; engine alive',
        source: import.meta.url,
      },
      async () => {
        const statuses: string[] = [];
        // The broker's book once before and once after: Kite's rate limit (which kite-sim
        // keeps) is shared with the engine, so it is not polled after every request.
        const ordersBefore = await brokerOrders();
        let before = await snapshot();
        await fc.assert(
          fc.asyncProperty(refusedRequests, async ({ family, request }) => {
            const answer = await send(request);
            const context = `${describeCase(request)} → ${answer.status} ${answer.text.slice(0, 300)}`;
            statuses.push(`${family.name} ${answer.status}`);
            expect(answer.status, context).toBeGreaterThanOrEqual(400);
            expect(answer.status, context).toBeLessThan(500);
            expectErrorShape(answer, context);
            const after = await snapshot();
            expect(after, context).toEqual(before);
            before = after;
          }),
          { seed: SEED, numRuns: REFUSED_RUNS, endOnFailure: true },
        );
        expect(await brokerOrders()).toEqual(ordersBefore);
        const health = await fetch(`${engine.url}/healthz`);
        expect([200, 503]).toContain(health.status);
        return {
          runs: REFUSED_RUNS,
          ...countBy(statuses, (s) => statusClass(Number(s.split(' ').at(-1)))),
        };
      },
    );
  }, 120_000);

  /** Paise as an alert writes rupees: a string with two decimals, or a number. */
  const asRupees = (amount: number, text: boolean): Json =>
    text ? (amount / 100).toFixed(2) : Math.round(amount) / 100;
  const freeKey = nastyString.filter((s) => s.trim().length > 0 && s.trim().length <= 128);
  const validShapedWebhook = fc
    .record({
      id: fc.constantFrom(...Object.keys(SECRETS)),
      key: fc.oneof(fc.uuid(), freeKey),
      symbol: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...UNIVERSE, 'infy') },
        { weight: 1, arbitrary: fc.stringMatching(/^[A-Z0-9][A-Z0-9&_.-]{0,39}$/) },
      ),
      exchange: fc.option(fc.constantFrom('NSE', 'NSE', 'NFO', 'BSE'), { nil: undefined }),
      action: fc.constantFrom('BUY', 'SELL', 'EXIT', 'sell'),
      /** From the last price, in basis points; far off when the symbol is not listed. */
      priceBps: fc.integer({ min: -300, max: 300 }),
      stopBps: fc.integer({ min: 1, max: 300 }),
      tp1Bps: fc.integer({ min: 1, max: 300 }),
      tp2Bps: fc.option(fc.integer({ min: 1, max: 2_000 }), { nil: undefined }),
      text: fc.boolean(),
      sizing: fc.oneof(
        fc.constant({}),
        fc.integer({ min: 1, max: 5_000 }).map((quantity) => ({ quantity })),
        fc.integer({ min: 1_00, max: 1_00_000_00 }).map((paise) => ({ risk_amount: paise / 100 })),
      ),
      comment: fc.option(
        nastyString.filter((s) => s.length <= 500),
        { nil: undefined },
      ),
    })
    .map((a): FuzzRequest => {
      const up = a.action.toUpperCase() === 'BUY' ? 1 : -1;
      const last = lastPaise.get(a.symbol.toUpperCase()) ?? 2_000_00;
      const price = Math.round(last * (1 + a.priceBps / 10_000));
      const at = (bps: number) => asRupees(price * (1 + (up * bps) / 10_000), a.text);
      const tp1 = at(a.tp1Bps);
      const targets = a.tp2Bps === undefined ? [tp1] : [tp1, at(a.tp1Bps + a.tp2Bps)];
      const alert: JsonObject =
        a.action === 'EXIT'
          ? { symbol: a.symbol, action: a.action }
          : {
              symbol: a.symbol,
              action: a.action,
              price: asRupees(price, a.text),
              stop: at(-a.stopBps),
              targets,
              ...a.sizing,
            };
      return {
        method: 'POST',
        url: `/webhooks/tradingview/${a.id}`,
        contentType: JSON_TYPE,
        payload: toJsonText({
          secret: SECRETS[a.id] ?? '',
          idempotency_key: a.key,
          ...alert,
          ...(a.exchange === undefined ? {} : { exchange: a.exchange }),
          ...(a.comment === undefined ? {} : { comment: a.comment }),
        }),
        label: 'valid-shaped alert',
      };
    });
  const validShapedSignal = fc
    .record({
      signal: fc.constantFrom('BUY', 'SELL'),
      strike: fc.integer({ min: 500, max: 530 }).map((n) => n * 50),
      option_type: fc.constantFrom('CE', 'PE'),
      quantity: fc.integer({ min: 1, max: 40 }),
      entry_price: fc.integer({ min: 1, max: 500_00 }).map((p) => p / 100),
      hedge_enabled: fc.boolean(),
    })
    .map((body): FuzzRequest => ({
      method: 'POST',
      url: '/live/execute-signal',
      contentType: JSON_TYPE,
      payload: toJsonText(body),
      label: 'valid-shaped signal',
    }));
  const validShapedConfigs = fc.oneof(
    fc
      .record({
        capitalRupees: fc.oneof(fc.integer({ min: 1, max: 1e9 }), nastyNumber),
        risk: fc.record({
          maxOpenPositions: fc.integer({ min: -5, max: 2_000 }),
          perTradeRiskPct: fc.oneof(
            fc.integer({ min: 0, max: 500 }).map((n) => n / 100),
            nastyNumber,
          ),
        }),
        universe: fc.subarray(
          UNIVERSE.map((s) => `NSE:${s}`),
          { minLength: 1 },
        ),
      })
      .map((body): FuzzRequest => ({
        method: 'PUT',
        url: '/api/config/trading',
        contentType: JSON_TYPE,
        payload: toJsonText(body),
        label: 'valid-shaped trading config',
      })),
    fc
      .record({
        maxSlippagePct: fc.integer({ min: 1, max: 1_000 }).map((n) => n / 100),
        requotePct: fc.integer({ min: 1, max: 1_000 }).map((n) => n / 100),
        maxLatencyMs: fc.integer({ min: 1, max: 60_000 }),
        maxQuoteAgeMs: fc.oneof(fc.integer({ min: 100, max: 600_000 }), nastyNumber),
      })
      .map((body): FuzzRequest => ({
        method: 'PUT',
        url: '/api/slippage/config',
        contentType: JSON_TYPE,
        payload: toJsonText(body),
        label: 'valid-shaped slippage config',
      })),
  );
  const freeText = nastyString.filter((s) => s.trim().length > 0 && s.length <= 500);
  const validShapedControl = fc.oneof(
    freeText.map((reason): FuzzRequest => ({
      method: 'POST',
      url: '/pause',
      contentType: JSON_TYPE,
      payload: toJsonText({ reason }),
      label: 'pause, any reason',
    })),
    freeText.map((reason): FuzzRequest => ({
      method: 'POST',
      url: '/resume',
      contentType: JSON_TYPE,
      payload: toJsonText({ reason }),
      label: 'resume, any reason',
    })),
    freeText.map((reason): FuzzRequest => ({
      method: 'POST',
      url: '/api/reconciliation/run',
      contentType: JSON_TYPE,
      payload: toJsonText({ reason }),
      label: 'reconcile, any reason',
    })),
    fc.tuple(fc.uuid(), freeText).map(([groupId, reason]): FuzzRequest => ({
      method: 'POST',
      url: '/api/positions/exit',
      contentType: JSON_TYPE,
      payload: toJsonText({ groupId, reason }),
      label: 'exit, any group',
    })),
    fc.stringMatching(/^[A-Za-z0-9]{1,64}$/).map((token): FuzzRequest => ({
      method: 'POST',
      url: '/session',
      contentType: JSON_TYPE,
      payload: toJsonText({ request_token: token }),
      label: 'session, any token',
    })),
    fc.option(nastyString.filter((s) => s.length <= 200)).map((confirmation): FuzzRequest => ({
      method: 'POST',
      url: '/mode',
      contentType: JSON_TYPE,
      payload: toJsonText({ mode: 'PAPER', confirmation }),
      label: 'mode PAPER, any confirmation',
    })),
  );
  const queries = fc
    .constantFrom(
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
    )
    .chain((route) =>
      queryString(route.keys).map((query): FuzzRequest => ({
        method: 'GET',
        url: `${route.url}${query}`,
        contentType: null,
        payload: undefined,
        label: 'list query',
      })),
    );

  it('answers valid-shaped random bodies and queries with 2xx or 4xx, never 5xx', async () => {
    await checkReliability(
      {
        area: 'security',
        fault: `fast-check: ${VALID_RUNS} valid-shaped random bodies (random symbols, prices, quantities, strikes, unicode and NUL in free text) to the webhook, execute-signal, config and control routes, and random list queries, on the real engine on kite-sim`,
        expected:
          '2xx, or 4xx {error:{code,message}} (execute-signal 422: its REJECTED answer); never 5xx; engine alive',
        source: import.meta.url,
      },
      async () => {
        const statuses: number[] = [];
        const requests = fc.oneof(
          { weight: 4, arbitrary: validShapedWebhook },
          { weight: 2, arbitrary: validShapedSignal },
          { weight: 2, arbitrary: validShapedConfigs },
          { weight: 2, arbitrary: validShapedControl },
          { weight: 2, arbitrary: queries },
        );
        await fc.assert(
          fc.asyncProperty(requests, async (request) => {
            const answer = await send(request);
            statuses.push(answer.status);
            if (process.env.FUZZ_DEBUG !== undefined) {
              console.log(`${request.label} ${answer.status} ${answer.text.slice(0, 160)}`);
            }
            const context = `${describeCase(request)} → ${answer.status} ${answer.text.slice(0, 400)}`;
            expect(answer.status, context).toBeLessThan(500);
            if (answer.status < 400) return;
            if (
              request.url === '/live/execute-signal' &&
              answer.status === 422 &&
              !answer.text.includes('"error"')
            ) {
              expect(
                executeSignalResponse.safeParse(JSON.parse(answer.text)).success,
                context,
              ).toBe(true);
            } else {
              expectErrorShape(answer, context);
            }
          }),
          { seed: SEED, numRuns: VALID_RUNS, endOnFailure: true },
        );
        const health = await fetch(`${engine.url}/healthz`);
        expect([200, 503]).toContain(health.status);
        return { runs: VALID_RUNS, ...countBy(statuses, statusClass) };
      },
    );
  }, 120_000);
});

/** Each case the fuzzing found answering 500 (PostgreSQL refused the text), now a 400. */
describe('regressions found by the fuzzing, on the real engine', () => {
  const post = (url: string, body: Json, method: 'POST' | 'PUT' = 'POST') =>
    send({ method, url, contentType: JSON_TYPE, payload: toJsonText(body), label: 'regression' });
  const alert = (extra: JsonObject) => ({
    secret: SECRETS.fuzz ?? '',
    symbol: 'INFY',
    action: 'EXIT',
    ...extra,
  });

  it.each([
    [
      'an unpaired surrogate in idempotency_key',
      { idempotency_key: '\udfff x' },
      'idempotency_key',
    ],
    ['NUL in idempotency_key', { idempotency_key: 'key\u0000' }, 'idempotency_key'],
    ['NUL in comment', { idempotency_key: 'nul-comment', comment: 'a\u0000b' }, 'comment'],
    [
      'an unpaired surrogate in comment',
      { idempotency_key: 'sur-comment', comment: '\ud800' },
      'comment',
    ],
  ])('webhook: %s is a 400 naming the field, not a 500', async (_name, extra, field) => {
    const answer = await post('/webhooks/tradingview/fuzz', alert(extra));
    expect(answer.status, answer.text).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({ error: { code: 'BAD_REQUEST', field } });
  });

  it.each([
    ['/pause', { reason: 'lunch\u0000' }],
    ['/resume', { reason: '\ud800' }],
    ['/api/positions/exit', { groupId: '0196f0a4-2b3c-7d4e-8f50-61728394a5b6', reason: 'a\u0000' }],
    ['/mode', { mode: 'PAPER', confirmation: '\u0000' }],
  ])('POST %s with unstorable text is a 400 and changes nothing', async (url, body) => {
    const before = await snapshot();
    const answer = await post(url, body);
    expect(answer.status, answer.text).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(await snapshot()).toEqual(before);
  });

  it('GET /api/slippage/history with NUL in strategy or cursor is a 400', async () => {
    for (const query of ['?strategy=%00', '?cursor=%00', '?strategy=a%00b']) {
      const answer = await send({
        method: 'GET',
        url: `/api/slippage/history${query}`,
        contentType: null,
        payload: undefined,
        label: 'regression',
      });
      expect(answer.status, `${query} ${answer.text}`).toBe(400);
    }
  });

  it('PUT /api/slippage/config with a JSON null is a 400, not a reset to the defaults', async () => {
    const before = await snapshot();
    const answer = await post('/api/slippage/config', null, 'PUT');
    expect(answer.status, answer.text).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});
