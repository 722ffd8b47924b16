import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@kavach/config';
import { appendAudit, createDb, upsertInstrument } from '@kavach/db';
import type { Db } from '@kavach/db';
import { findFreePort, INFY } from '@kavach/testkit';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import superjson from 'superjson';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../src/server/auth/create-auth';
import type { Auth } from '../src/server/auth/create-auth';
import type { SessionUser } from '../src/server/auth/session-user';
import { createUser } from '../src/server/auth/users';
import { createEngineClient } from '../src/server/engine/engine-client';
import { createKiteRoutes } from '../src/server/kite/kite-routes';
import { NO_LIVE } from '../src/server/realtime/live-notifier';
import { AppError } from '../src/server/trpc/init';
import type { AppErrorDetails } from '../src/server/trpc/init';
import { appRouter } from '../src/server/trpc/router';
import type { AppRouter } from '../src/server/trpc/router';

/**
 * The control pages' procedures (risk, slippage, reconciliation, audit, settings, users) and
 * the Kite login routes, on a migrated PGlite database with a fake engine API of their own.
 */
const NOW = Date.parse('2026-11-23T05:00:00Z');
const SECRET = 'control-test-secret-0123456789-0123456789';
const TOKEN = 'fake-engine-token-0123456789';
const SHA = 'c'.repeat(64);

interface Call {
  readonly method: string;
  readonly path: string;
  readonly actor: string | undefined;
  readonly body: unknown;
}

/** What the fake engine answers, by "METHOD /path"; anything else is 404. */
type Answers = Map<string, { status: number; body: unknown }>;

const DEFAULT_ANSWERS: readonly [string, { status: number; body: unknown }][] = [
  [
    'GET /api/risk/status',
    {
      status: 200,
      body: {
        capital: 5_00_000_00,
        realisedPnlToday: -3_000_00,
        unrealisedPnlToday: 0,
        openRisk: 6_000_00,
        heatLimit: 30_000_00,
        dailyLossLimit: 15_000_00,
        openPositions: 1,
        maxOpenPositions: 5,
        workingOrders: 2,
        trading: { state: 'ACTIVE', since: null, reasons: [], halt: null },
        entriesAllowed: true,
      },
    },
  ],
  [
    'GET /api/reconciliation/status',
    {
      status: 200,
      body: {
        running: false,
        lastRun: {
          id: 'run-1',
          trigger: 'PERIODIC',
          outcome: 'DISCREPANCIES',
          at: NOW,
          discrepancies: 1,
          error: null,
        },
        blockedTokens: [INFY.token, 999],
      },
    },
  ],
  [
    'POST /api/reconciliation/run',
    {
      status: 200,
      body: {
        ok: true,
        state: { reconciliation: { running: false, lastRun: null, blockedTokens: [] } },
      },
    },
  ],
  [
    'GET /api/slippage/history',
    {
      status: 200,
      body: {
        items: [
          {
            id: 's-1',
            strategy: 'orb',
            exchange: 'NSE',
            tradingSymbol: 'INFY',
            side: 'BUY',
            quantity: 10,
            signalPrice: 150_000,
            marketPrice: 150_050,
            sentPrice: 150_050,
            fillPrice: 150_100,
            slippagePaise: 100,
            slippageBps: 6.7,
            favourable: false,
            check: 'REPRICED',
            checkReason: null,
            breach: false,
            signalAt: '2026-11-23T04:30:00.000Z',
            ackAt: '2026-11-23T04:30:00.120Z',
            firstFillAt: null,
            totalMs: null,
            correlationId: 'corr-s-1',
          },
        ],
        nextCursor: 'next-page',
      },
    },
  ],
  [
    'GET /api/slippage/config',
    {
      status: 200,
      body: { sha: SHA, config: { maxSlippagePct: 0.5 }, limits: {} },
    },
  ],
  [
    'PUT /api/slippage/config',
    { status: 200, body: { ok: true, state: { sha: SHA, previous: SHA } } },
  ],
  [
    'GET /api/config/trading',
    {
      status: 200,
      body: {
        sha: SHA,
        source: 'FILE',
        path: 'config/trading.yaml',
        fileSha: SHA,
        config: {},
        pending: null,
      },
    },
  ],
  ['POST /session', { status: 200, body: { ok: true, state: { session: { valid: true } } } }],
];

async function startEngine(): Promise<{
  url: string;
  calls: Call[];
  answers: Answers;
  close: () => Promise<void>;
}> {
  const calls: Call[] = [];
  const answers: Answers = new Map(DEFAULT_ANSWERS);
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        send(401, { error: { code: 'UNAUTHORIZED', message: 'bad token' } });
        return;
      }
      const path = new URL(req.url ?? '/', 'http://engine').pathname;
      const actor = req.headers['x-kavach-actor'];
      calls.push({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        actor: typeof actor === 'string' ? actor : undefined,
        body: text === '' ? null : (JSON.parse(text) as unknown),
      });
      const answer = answers.get(`${req.method ?? 'GET'} ${path}`);
      if (answer === undefined) send(404, { error: { code: 'NOT_FOUND', message: `no ${path}` } });
      else send(answer.status, answer.body);
    });
  });
  const port = await findFreePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

const PASSWORDS = {
  admin: 'admin-password-123',
  trader: 'trader-password-123',
  viewer: 'viewer-password-123',
} as const;

let dataDir: string;
let db: Db;
let auth: Auth;
let engine: Awaited<ReturnType<typeof startEngine>>;
const users: Record<'admin' | 'trader' | 'viewer', SessionUser> = {} as never;

function caller(user: SessionUser | null) {
  return appRouter.createCaller({
    prisma: db.prisma,
    auth,
    engine: createEngineClient({ url: engine.url, token: TOKEN }),
    live: NO_LIVE,
    now: () => NOW,
    user,
  });
}

/** The thrown AppError (or tRPC error) of a call that must fail. */
async function failureOf(promise: Promise<unknown>): Promise<AppError | { code: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    if (error instanceof Error && 'code' in error) return { code: String(error.code) };
    throw error;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kavach-web-control-'));
  db = createDb({ dataDir });
  await db.migrate();
  engine = await startEngine();
  auth = createAuth({
    prisma: db.prisma,
    secret: SECRET,
    baseURL: 'http://127.0.0.1:3000',
    loginAttemptsPerMinute: 100,
  });
  for (const role of ['admin', 'trader', 'viewer'] as const) {
    const email = `${role}@example.com`;
    const created = await createUser(auth, db.prisma, {
      email,
      name: role,
      password: PASSWORDS[role],
      role,
    });
    if (!created.ok) throw new Error(created.message);
    users[role] = { id: created.id, email, name: role, role };
  }
}, 120_000);

afterAll(async () => {
  await engine.close();
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
});

afterEach(() => {
  engine.calls.length = 0;
  engine.answers.clear();
  for (const [key, answer] of DEFAULT_ANSWERS) engine.answers.set(key, answer);
});

describe('roles', () => {
  it('refuses a viewer every trader and admin action, before the engine is called', async () => {
    const viewer = caller(users.viewer);
    const attempts = [
      viewer.reconciliation.run(),
      viewer.slippage.setConfig({
        maxSlippagePct: 0.5,
        maxSlippagePoints: 10,
        maxLatencyMs: 500,
        requotePct: 0.3,
        partialFillPct: 0.2,
        breachesToPause: 3,
        breachWindowMinutes: 15,
        maxQuoteAgeMs: 5000,
      }),
      viewer.settings.tradingConfig(),
      viewer.settings.setTradingConfig({ config: {} }),
      viewer.control.setMode({ mode: 'LIVE', confirmation: 'x' }),
      viewer.users.list(),
      viewer.users.create({
        name: 'x',
        email: 'x@example.com',
        password: 'x'.repeat(12),
        role: 'admin',
      }),
      viewer.users.setRole({ userId: users.viewer.id, role: 'admin' }),
    ];
    for (const attempt of attempts) expect((await failureOf(attempt)).code).toBe('FORBIDDEN');
    expect(engine.calls).toEqual([]);
  });

  it('lets a trader run reconciliation but not change settings, mode or users', async () => {
    const trader = caller(users.trader);
    for (const attempt of [
      trader.settings.setTradingConfig({ config: {} }),
      trader.control.setMode({ mode: 'PAPER' }),
      trader.users.setRole({ userId: users.trader.id, role: 'admin' }),
    ]) {
      expect((await failureOf(attempt)).code).toBe('FORBIDDEN');
    }
    expect(engine.calls).toEqual([]);
    await trader.reconciliation.run();
    expect(engine.calls).toEqual([
      {
        method: 'POST',
        path: '/api/reconciliation/run',
        actor: 'trader@example.com (trader)',
        body: { reason: 'run from the dashboard' },
      },
    ]);
  });

  it('refuses everything without a session', async () => {
    expect((await failureOf(caller(null).risk.status())).code).toBe('UNAUTHORIZED');
    expect(engine.calls).toEqual([]);
  });
});

describe('engine refusals reach the browser with their reasons', () => {
  const unmet = [
    { code: 'LIVE_NOT_ALLOWED', message: 'LIVE trading is disabled on this engine' },
    { code: 'SESSION_INVALID', message: 'no valid Kite session' },
  ];
  const configIssues = [
    { path: 'risk.maxOpenPositions', message: 'must be ≥ 1' },
    { path: 'universe[1]', message: 'must be EXCHANGE:SYMBOL' },
  ];

  it("setMode: the engine's code and every unmet condition", async () => {
    engine.answers.set('POST /mode', {
      status: 409,
      body: {
        error: { code: 'MODE_CHANGE_REFUSED', message: 'cannot switch to LIVE', unmet, state: {} },
      },
    });
    const error = await failureOf(
      caller(users.admin).control.setMode({ mode: 'LIVE', confirmation: 'nope' }),
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'CONFLICT',
      appCode: 'MODE_CHANGE_REFUSED',
      details: { unmet },
    });
    expect(engine.calls).toMatchObject([
      {
        method: 'POST',
        path: '/mode',
        actor: 'admin@example.com (admin)',
        body: { mode: 'LIVE', confirmation: 'nope' },
      },
    ]);
  });

  it('trading config PUT: stored for the next start, or every field error', async () => {
    const admin = caller(users.admin);
    const config = { risk: { maxOpenPositions: 0 }, universe: ['NSE:INFY', 'infy'] };
    engine.answers.set('PUT /api/config/trading', {
      status: 400,
      body: {
        error: {
          code: 'INVALID_CONFIG',
          message: 'the trading config is not valid (2 problems); nothing was stored',
          errors: configIssues.map((i) => `${i.path}: ${i.message}`),
          issues: configIssues,
        },
      },
    });
    const error = await failureOf(admin.settings.setTradingConfig({ config }));
    expect(error).toMatchObject({
      code: 'BAD_REQUEST',
      appCode: 'INVALID_CONFIG',
      details: { issues: configIssues },
    });
    expect(engine.calls.at(-1)).toMatchObject({
      method: 'PUT',
      path: '/api/config/trading',
      actor: 'admin@example.com (admin)',
      body: config,
    });

    const stored = {
      ok: true,
      sha: SHA,
      inForceSha: 'd'.repeat(64),
      changed: true,
      appliesAt: 'NEXT_START',
      message: 'stored: the engine applies it at its next start',
    };
    engine.answers.set('PUT /api/config/trading', { status: 200, body: stored });
    expect(await admin.settings.setTradingConfig({ config: {} })).toEqual(stored);
    expect(await admin.settings.tradingConfig()).toMatchObject({ sha: SHA, source: 'FILE' });
  });

  it('slippage config PUT: the field issues of a 400', async () => {
    engine.answers.set('PUT /api/slippage/config', {
      status: 400,
      body: {
        error: {
          code: 'BAD_REQUEST',
          message: 'the request body is not valid',
          issues: [{ path: 'requotePct', message: 'requotePct must not exceed maxSlippagePct' }],
        },
      },
    });
    const error = await failureOf(
      caller(users.admin).slippage.setConfig({
        maxSlippagePct: 0.2,
        maxSlippagePoints: 10,
        maxLatencyMs: 500,
        requotePct: 0.3,
        partialFillPct: 0.2,
        breachesToPause: 3,
        breachWindowMinutes: 15,
        maxQuoteAgeMs: 5000,
      }),
    );
    expect(error).toMatchObject({ details: { issues: [{ path: 'requotePct' }] } });
  });

  it('over HTTP: the client sees the code, the message and the details', async () => {
    const handler = createHTTPHandler({
      router: appRouter,
      basePath: '/api/trpc/',
      createContext: () => ({
        prisma: db.prisma,
        auth,
        engine: createEngineClient({ url: engine.url, token: TOKEN }),
        live: NO_LIVE,
        now: () => NOW,
        user: users.admin,
      }),
    });
    const server = createServer((req, res) => {
      handler(req, res);
    });
    const port = await findFreePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const client = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `http://127.0.0.1:${port}/api/trpc`, transformer: superjson })],
    });
    const dataOf = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (error) {
        if (error instanceof TRPCClientError) {
          return {
            message: error.message,
            data: error.data as { appCode: string; details: AppErrorDetails | null },
          };
        }
        throw error;
      }
      throw new Error('expected a refusal');
    };
    try {
      engine.answers.set('POST /mode', {
        status: 409,
        body: { error: { code: 'MODE_CHANGE_REFUSED', message: 'cannot switch to LIVE', unmet } },
      });
      expect(
        await dataOf(client.control.setMode.mutate({ mode: 'LIVE', confirmation: '' })),
      ).toEqual({
        message: 'cannot switch to LIVE',
        data: expect.objectContaining({
          appCode: 'MODE_CHANGE_REFUSED',
          details: { unmet },
        }) as unknown,
      });
      // An input zod refuses: each field in words, and in the details.
      const invalid = await dataOf(
        client.users.create.mutate({ name: '', email: 'nope', password: 'short', role: 'viewer' }),
      );
      expect(invalid.data.details?.issues?.map((i) => i.path).sort()).toEqual([
        'email',
        'name',
        'password',
      ]);
      expect(invalid.message).toContain('password: at least 12 characters');
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    }
  });
});

describe('read models', () => {
  it('risk: the engine status, and events newest first, filtered and paged', async () => {
    const viewer = caller(users.viewer);
    expect(await viewer.risk.status()).toMatchObject({
      limits: { heatLimit: 30_000_00, maxOpenPositions: 5 },
      usage: { heatUsed: 0.2, dailyLoss: 3_000_00, dailyLossUsed: 0.2, positionsUsed: 0.2 },
      tradingState: 'ACTIVE',
    });
    const base = NOW - 60_000;
    for (let i = 0; i < 5; i += 1) {
      await db.prisma.riskEvent.create({
        data: {
          kind: `KIND_${i}`,
          severity: i % 2 === 0 ? 'WARNING' : 'CRITICAL',
          message: `event ${i}`,
          payload: { i },
          createdAt: new Date(base + i * 1_000),
          resolvedAt: i === 0 ? new Date(base + 10_000) : null,
          resolvedBy: i === 0 ? 'reconciliation' : null,
        },
      });
    }
    const first = await viewer.risk.events({ limit: 2 });
    expect(first.items.map((e) => e.kind)).toEqual(['KIND_4', 'KIND_3']);
    // As useInfiniteQuery asks: the cursor and a direction.
    const second = await viewer.risk.events({
      limit: 2,
      cursor: first.nextCursor,
      direction: 'forward',
    });
    expect(second.items.map((e) => e.kind)).toEqual(['KIND_2', 'KIND_1']);
    const last = await viewer.risk.events({ limit: 2, cursor: second.nextCursor });
    expect(last.items.map((e) => e.kind)).toEqual(['KIND_0']);
    expect(last.nextCursor).toBeNull();
    expect(last.items[0]).toMatchObject({ resolvedBy: 'reconciliation', payload: { i: 0 } });
    const open = await viewer.risk.events({ status: 'OPEN', severity: 'WARNING' });
    expect(open.items.map((e) => e.kind)).toEqual(['KIND_4', 'KIND_2']);
    const resolved = await viewer.risk.events({ status: 'RESOLVED' });
    expect(resolved.items.map((e) => e.kind)).toEqual(['KIND_0']);
  });

  it('audit: newest first, by action prefix, actor and correlation id, paged by cursor', async () => {
    const base = NOW - 120_000;
    const rows = [
      ['api.pause', 'trader@example.com (trader)', 'c-1'],
      ['api.resume', 'trader@example.com (trader)', null],
      ['trading_mode.changed', 'admin@example.com (admin)', null],
      ['order.sent', 'engine', 'c-1'],
    ] as const;
    for (const [i, [action, actor, correlationId]] of rows.entries()) {
      await appendAudit(db.prisma, {
        actorType: actor === 'engine' ? 'SYSTEM' : 'USER',
        actor,
        action,
        entity: 'test',
        payload: { i },
        correlationId,
        at: new Date(base + i * 1_000),
      });
    }
    const viewer = caller(users.viewer);
    const api = await viewer.audit.list({ actionPrefix: 'api.' });
    expect(api.items.map((e) => e.action)).toEqual(['api.resume', 'api.pause']);
    const byActor = await viewer.audit.list({ actor: 'ADMIN@' });
    expect(byActor.items.map((e) => e.action)).toEqual(['trading_mode.changed']);
    const chain = await viewer.audit.list({ correlationId: 'c-1' });
    expect(chain.items.map((e) => e.action)).toEqual(['order.sent', 'api.pause']);
    expect(chain.items[1]?.payload).toEqual({ i: 0 });
    const page = await viewer.audit.list({ actionPrefix: '', limit: 3 });
    expect(page.items).toHaveLength(3);
    const rest = await viewer.audit.list({ actionPrefix: '', limit: 3, cursor: page.nextCursor });
    const seen = [...page.items, ...rest.items].map((e) => e.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(rest.items.at(-1)?.action).toBe('api.pause');
  });

  it('reconciliation: blocked instruments by name, discrepancies unresolved first', async () => {
    const instrumentId = await upsertInstrument(db.prisma, INFY);
    const run = await db.prisma.reconciliationRun.create({ data: { trigger: 'PERIODIC' } });
    const discrepancy = (kind: string, resolved: boolean, ms: number) => ({
      runId: run.id,
      kind,
      instrumentId,
      actionTaken: 'blocked new entries',
      resolved,
      createdAt: new Date(NOW - ms),
    });
    await db.prisma.reconciliationDiscrepancy.createMany({
      data: [
        discrepancy('MISSING_FILL', true, 1_000),
        discrepancy('POSITION_MISMATCH', false, 60_000),
        discrepancy('UNKNOWN_ORDER', true, 30_000),
      ],
    });
    const viewer = caller(users.viewer);
    const status = await viewer.reconciliation.status();
    expect(status.blocked).toEqual([
      { token: INFY.token, name: 'NSE:INFY' },
      { token: 999, name: '999' },
    ]);
    const list = await viewer.reconciliation.discrepancies({});
    expect(list.unresolved).toBe(1);
    expect(list.items.map((d) => d.kind)).toEqual([
      'POSITION_MISMATCH',
      'MISSING_FILL',
      'UNKNOWN_ORDER',
    ]);
    expect(list.items[0]?.tradingSymbol).toBe('INFY');
  });

  it('slippage: history times in ms, filters passed on to the engine', async () => {
    const page = await caller(users.viewer).slippage.history({
      check: 'REPRICED',
      strategy: 'orb',
    });
    expect(page.nextCursor).toBe('next-page');
    expect(page.items[0]).toMatchObject({
      instrument: 'NSE:INFY',
      signalAt: Date.parse('2026-11-23T04:30:00.000Z'),
      ackAt: Date.parse('2026-11-23T04:30:00.120Z'),
      firstFillAt: null,
    });
    expect(engine.calls.at(-1)?.path).toBe(
      '/api/slippage/history?limit=25&strategy=orb&check=REPRICED',
    );
  });
});

describe('users', () => {
  it('an admin adds a user with a role and changes roles, but not their own admin role', async () => {
    const admin = caller(users.admin);
    const created = await admin.users.create({
      name: 'New',
      email: 'New.Trader@Example.com',
      password: 'new-trader-password',
      role: 'trader',
    });
    expect(created).toMatchObject({ email: 'new.trader@example.com', role: 'trader' });
    expect(
      (
        await failureOf(
          admin.users.create({
            name: 'Again',
            email: 'new.trader@example.com',
            password: 'x'.repeat(12),
            role: 'viewer',
          }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    await admin.users.setRole({ userId: created.id, role: 'viewer' });
    const listed = await admin.users.list();
    expect(listed.find((u) => u.id === created.id)?.role).toBe('viewer');
    expect(listed.map((u) => u.email)).toContain('admin@example.com');

    const own = await failureOf(admin.users.setRole({ userId: users.admin.id, role: 'trader' }));
    expect(own).toMatchObject({ code: 'FORBIDDEN', appCode: 'OWN_ADMIN_ROLE' });
    expect((await db.prisma.user.findUnique({ where: { id: users.admin.id } }))?.role).toBe(
      'admin',
    );

    const audits = await db.prisma.auditLog.findMany({
      where: { entity: 'user', entityId: created.id },
      orderBy: { id: 'asc' },
    });
    expect(audits.map((a) => [a.action, a.actor, a.payload])).toEqual([
      ['user.created', 'admin@example.com', { email: 'new.trader@example.com', role: 'trader' }],
      [
        'user.role_changed',
        'admin@example.com',
        { email: 'new.trader@example.com', from: 'trader', to: 'viewer' },
      ],
    ]);
  });
});

describe('Kite login', () => {
  const LOGIN_URL = 'http://127.0.0.1:8100/connect/login';
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    const routes = createKiteRoutes({
      auth,
      engine: createEngineClient({ url: engine.url, token: TOKEN }),
      kite: { loginUrl: LOGIN_URL, apiKey: 'kavach_sim_key' },
      secret: SECRET,
      now: () => NOW,
      logger: createLogger('test', 'silent'),
    });
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      routes(req, res, new URL(req.url ?? '/', 'http://127.0.0.1'))
        .then((handled) => {
          if (!handled) res.writeHead(404).end();
        })
        .catch((error: unknown) => {
          res.writeHead(500).end(String(error));
        });
    });
    const port = await findFreePort();
    origin = `http://127.0.0.1:${port}`;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  });

  async function cookieOf(role: 'trader' | 'viewer'): Promise<string> {
    const response = await auth.api.signInEmail({
      body: { email: `${role}@example.com`, password: PASSWORDS[role] },
      asResponse: true,
    });
    return response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  }

  const get = (path: string, cookie: string | null) =>
    fetch(`${origin}${path}`, {
      redirect: 'manual',
      headers: cookie === null ? {} : { cookie },
    });

  /** As Kite (or kite-sim) redirects after a login: its params, then the app's redirect_params. */
  function kiteRedirect(loginLocation: string, requestToken: string): string {
    const login = new URL(loginLocation);
    const query = new URLSearchParams({
      action: 'login',
      type: 'login',
      status: 'success',
      request_token: requestToken,
    });
    for (const [key, value] of new URLSearchParams(
      login.searchParams.get('redirect_params') ?? '',
    )) {
      query.append(key, value);
    }
    return `/api/kite/callback?${query.toString()}`;
  }

  it("sends a trader to Kite's login page, and hands the request token to the engine in their name", async () => {
    const cookie = await cookieOf('trader');
    const login = await get('/api/kite/login', cookie);
    expect(login.status).toBe(303);
    const location = login.headers.get('location') ?? '';
    const url = new URL(location);
    expect(`${url.origin}${url.pathname}`).toBe(LOGIN_URL);
    expect(url.searchParams.get('api_key')).toBe('kavach_sim_key');
    expect(url.searchParams.get('v')).toBe('3');

    const back = await get(kiteRedirect(location, 'reqTok123'), cookie);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/kite?kite=connected');
    expect(engine.calls).toEqual([
      {
        method: 'POST',
        path: '/session',
        actor: 'trader@example.com (trader)',
        body: { request_token: 'reqTok123' },
      },
    ]);
  });

  it('refuses the callback without a session, to a viewer, or without its login state', async () => {
    const trader = await cookieOf('trader');
    const location = (await get('/api/kite/login', trader)).headers.get('location') ?? '';
    const callback = kiteRedirect(location, 'reqTok123');

    const anonymous = await get(callback, null);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2Fkite');

    const viewer = await get(callback, await cookieOf('viewer'));
    expect(viewer.headers.get('location')).toMatch(/^\/kite\?kite=failed&code=ROLE/);

    const forged = await get(
      '/api/kite/callback?status=success&request_token=attacker1&state=1.forged',
      trader,
    );
    expect(forged.headers.get('location')).toMatch(/^\/kite\?kite=failed&code=LOGIN_STATE_INVALID/);
    const stateless = await get(
      '/api/kite/callback?status=success&request_token=attacker1',
      trader,
    );
    expect(stateless.headers.get('location')).toMatch(/code=LOGIN_STATE_MISSING/);
    expect(engine.calls).toEqual([]);
  });

  it("shows the engine's refusal of the token", async () => {
    engine.answers.set('POST /session', {
      status: 409,
      body: { error: { code: 'TOKEN_REJECTED', message: 'Kite refused the login: token expired' } },
    });
    const cookie = await cookieOf('trader');
    const location = (await get('/api/kite/login', cookie)).headers.get('location') ?? '';
    const back = await get(kiteRedirect(location, 'old1'), cookie);
    const to = new URL(back.headers.get('location') ?? '', origin);
    expect(to.pathname).toBe('/kite');
    expect(Object.fromEntries(to.searchParams)).toEqual({
      kite: 'failed',
      code: 'TOKEN_REJECTED',
      message: 'Kite refused the login: token expired',
    });
  });
});
