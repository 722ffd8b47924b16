import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalBus } from '@kavach/bus';
import type { Bus } from '@kavach/bus';
import { createLogger } from '@kavach/config';
import { createDb } from '@kavach/db';
import type { Db } from '@kavach/db';
import { checkReliability, findFreePort } from '@kavach/testkit';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../src/server/auth/create-auth';
import { roleAllows } from '../src/server/auth/roles';
import type { Role } from '../src/server/auth/roles';
import { createUser } from '../src/server/auth/users';
import { CLIENT_TO_SERVER_EVENTS } from '../src/server/realtime/socket-events';
import { startWeb } from '../src/server/start-web';
import type { RunningWeb } from '../src/server/start-web';
import { appRouter } from '../src/server/trpc/router';
import { startFakeEngine } from './fake-engine';
import type { FakeEngine } from './fake-engine';

/**
 * The dashboard's security, over HTTP against the real server (PGlite, a fake engine): every
 * tRPC procedure × every role and no session, every socket event × every role, CSRF on every
 * state-changing request, security headers on pages, the API and tRPC, behind TLS or not.
 */
const SECRET = 'security-test-secret-0123456789-0123456789';
const PASSWORDS: Record<Role, string> = {
  admin: 'admin-password-security',
  trader: 'trader-password-security',
  viewer: 'viewer-password-security',
};
const emailOf = (role: Role) => `${role}@security.example`;

type Needed = 'public' | Role;

/**
 * The least role each procedure needs. Every procedure of the router must be listed: a new one
 * fails this test until someone decides who may call it.
 */
const NEEDED: Readonly<Record<string, Needed>> = {
  'auth.me': 'public',
  'auth.setupStatus': 'public',
  'auth.setup': 'public',
  'control.pause': 'trader',
  'control.resume': 'trader',
  'control.flatten': 'trader',
  'control.reset': 'trader',
  'control.setMode': 'admin',
  'overview.get': 'viewer',
  'overview.status': 'viewer',
  'positions.list': 'viewer',
  'positions.exit': 'trader',
  'orders.blotter': 'viewer',
  'orders.detail': 'viewer',
  'signals.list': 'viewer',
  'signals.strategies': 'viewer',
  'trades.list': 'viewer',
  'trades.story': 'viewer',
  'risk.status': 'viewer',
  'risk.events': 'viewer',
  'slippage.stats': 'viewer',
  'slippage.history': 'viewer',
  'slippage.config': 'viewer',
  'slippage.setConfig': 'admin',
  'reconciliation.status': 'viewer',
  'reconciliation.discrepancies': 'viewer',
  'reconciliation.run': 'trader',
  'audit.list': 'viewer',
  'settings.tradingConfig': 'admin',
  'settings.setTradingConfig': 'admin',
  'users.list': 'admin',
  'users.create': 'admin',
  'users.setRole': 'admin',
  'users.remove': 'admin',
};

/** Every procedure of the real router, with its kind, read from the router itself. */
const PROCEDURES = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
).map(([path, procedure]) => ({ path, type: procedure._def.type }));

let dataDir: string;
let db: Db;
let bus: Bus;
let engine: FakeEngine;
let web: RunningWeb;
let origin: string;
/** A second dashboard on the same database whose public URL is https (behind a TLS proxy). */
let tlsWeb: RunningWeb;
let tlsOrigin: string;
const cookies = new Map<Role, string>();
const sockets: Socket[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kavach-web-security-'));
  db = createDb({ dataDir });
  await db.migrate();
  bus = createLocalBus();
  engine = await startFakeEngine();
  const [port, tlsPort] = [await findFreePort(), await findFreePort()];
  origin = `http://127.0.0.1:${port}`;
  const common = {
    db,
    bus,
    logger: createLogger('test', 'silent'),
    engine: { url: engine.url, token: engine.token },
    host: '127.0.0.1',
    authSecret: SECRET,
    admin: { email: emailOf('admin'), password: PASSWORDS.admin },
    loginAttemptsPerMinute: 1_000,
    kite: { loginUrl: 'https://kite.example/connect/login', apiKey: 'security-key' },
  };
  web = await startWeb({ ...common, port, publicUrl: origin });
  tlsWeb = await startWeb({
    ...common,
    port: tlsPort,
    publicUrl: 'https://kavach.security.example',
  });
  tlsOrigin = tlsWeb.url;
  const auth = createAuth({
    prisma: db.prisma,
    secret: SECRET,
    baseURL: origin,
    loginAttemptsPerMinute: 5,
  });
  for (const role of ['trader', 'viewer'] as const) {
    await createUser(auth, db.prisma, {
      email: emailOf(role),
      name: role,
      password: PASSWORDS[role],
      role,
    });
  }
  for (const role of ['admin', 'trader', 'viewer'] as const) cookies.set(role, await signIn(role));
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await tlsWeb.stop();
  await web.stop();
  await engine.close();
  await bus.close();
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function signIn(role: Role): Promise<string> {
  const response = await fetch(`${origin}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email: emailOf(role), password: PASSWORDS[role] }),
  });
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

interface TrpcAnswer {
  readonly status: number;
  /** The app's reason (SIGN_IN, ROLE, a validation or engine code), null on success. */
  readonly appCode: string | null;
}

/**
 * One procedure over the wire as a browser calls it: a query by GET, a mutation by POST from
 * the dashboard's own origin. No input: a procedure that takes one refuses it after the role
 * check, so nothing is changed by an allowed call either.
 */
async function callProcedure(
  path: string,
  type: string,
  cookie: string | null,
  headers: Record<string, string> = { origin },
): Promise<TrpcAnswer> {
  const response = await fetch(`${origin}/api/trpc/${path}`, {
    method: type === 'query' ? 'GET' : 'POST',
    headers: {
      ...(type === 'query' ? {} : { 'content-type': 'application/json', ...headers }),
      ...(cookie === null ? {} : { cookie }),
    },
    ...(type === 'query' ? {} : { body: '{}' }),
  });
  const body = (await response.json().catch(() => null)) as {
    error?: { json?: { data?: { appCode?: string; code?: string } } };
  } | null;
  const data = body?.error?.json?.data;
  return {
    status: response.status,
    appCode: body?.error === undefined ? null : (data?.appCode ?? data?.code ?? 'UNKNOWN'),
  };
}

const REFUSALS = new Set(['SIGN_IN', 'ROLE']);

describe('the tRPC authorisation matrix', () => {
  it('lists every procedure of the router, and only those', () => {
    const paths = PROCEDURES.map((p) => p.path).sort();
    expect(paths.length).toBeGreaterThan(30);
    expect(
      paths.filter((p) => !(p in NEEDED)),
      'procedures missing from NEEDED',
    ).toEqual([]);
    expect(Object.keys(NEEDED).filter((p) => !paths.includes(p))).toEqual([]);
  });

  it.each([null, 'viewer', 'trader', 'admin'] as const)(
    'role %s: refused exactly the procedures above it, and the engine never asked',
    async (role) => {
      await checkReliability(
        {
          area: 'security',
          fault: `every tRPC procedure called ${role === null ? 'without a session' : `as ${role}`}`,
          expected:
            role === null
              ? 'all but the public ones 401, engine not called'
              : `those needing more than ${role} 403, the rest pass the role check`,
          source: import.meta.url,
        },
        async () => {
          const cookie = role === null ? null : (cookies.get(role) ?? null);
          const wrong: string[] = [];
          let refused = 0;
          let engineCallsOnRefusal = 0;
          for (const { path, type } of PROCEDURES) {
            const needed = NEEDED[path];
            if (needed === undefined) throw new Error(`${path} is not in NEEDED`);
            const mustRefuse = needed !== 'public' && (role === null || !roleAllows(role, needed));
            const before = engine.calls.length;
            const answer = await callProcedure(path, type, cookie);
            const wasRefused = answer.appCode !== null && REFUSALS.has(answer.appCode);
            if (mustRefuse) {
              refused += 1;
              engineCallsOnRefusal += engine.calls.length - before;
              const expected =
                role === null
                  ? { status: 401, appCode: 'SIGN_IN' }
                  : { status: 403, appCode: 'ROLE' };
              if (answer.status !== expected.status || answer.appCode !== expected.appCode) {
                wrong.push(`${path}: ${answer.status} ${answer.appCode ?? 'OK'}, expected refusal`);
              }
            } else if (wasRefused) {
              wrong.push(`${path}: refused (${answer.appCode}) though ${needed} suffices`);
            }
          }
          expect(wrong).toEqual([]);
          expect(engineCallsOnRefusal).toBe(0);
          return {
            procedures: PROCEDURES.length,
            refused,
            allowed: PROCEDURES.length - refused,
          };
        },
      );
    },
  );
});

/** A socket as a browser on `from` opens one, with the given cookie. */
function openSocket(cookie: string | null, from: string | null = origin): Socket {
  const socket = io(origin, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: {
      ...(cookie === null ? {} : { cookie }),
      ...(from === null ? {} : { origin: from }),
    },
  });
  sockets.push(socket);
  return socket;
}

function refusal(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.on('connect_error', (error) => {
      resolve(error.message);
    });
    socket.on('connect', () => {
      reject(new Error('the handshake was accepted'));
    });
  });
}

function hello(socket: Socket): Promise<{ user: { role: string } }> {
  return new Promise((resolve, reject) => {
    socket.on('hello', resolve);
    socket.on('connect_error', reject);
  });
}

describe('the live socket', () => {
  it('refuses a handshake without a session, with a forged one, or from another site', async () => {
    await checkReliability(
      {
        area: 'security',
        fault: 'socket handshake: no session, forged cookie, foreign Origin with a valid cookie',
        expected: 'each refused (UNAUTHORIZED / FORBIDDEN_ORIGIN)',
        source: import.meta.url,
      },
      async () => {
        const admin = cookies.get('admin') ?? '';
        const forged = admin.replace(/=([^;]*)/, '=forged.session-token');
        const answers = await Promise.all([
          refusal(openSocket(null)),
          refusal(openSocket(forged)),
          refusal(openSocket(admin, 'https://evil.example')),
          refusal(openSocket(admin, 'null')),
        ]);
        expect(answers).toEqual([
          'UNAUTHORIZED',
          'UNAUTHORIZED',
          'FORBIDDEN_ORIGIN',
          'FORBIDDEN_ORIGIN',
        ]);
        return { handshakes: answers.length, refused: answers.length };
      },
    );
  });

  it.each(['viewer', 'trader', 'admin'] as const)(
    'a %s socket: every client event and forged server events change nothing',
    async (role) => {
      await checkReliability(
        {
          area: 'security',
          fault: `the socket of a signed-in ${role} emits every client event, forged control/bus events, junk`,
          expected: 'no engine call, no audit row, nothing relayed to other sockets',
          source: import.meta.url,
        },
        async () => {
          const watcher = openSocket(cookies.get('admin') ?? null);
          await hello(watcher);
          const heard: string[] = [];
          watcher.onAny((event: string) => heard.push(event));
          const socket = openSocket(cookies.get(role) ?? null);
          expect((await hello(socket)).user.role).toBe(role);
          const engineBefore = engine.calls.length;
          const auditBefore = await db.prisma.auditLog.count();

          // The events the relay serves, with good and hostile arguments.
          const acks: unknown[] = [];
          for (const event of CLIENT_TO_SERVER_EVENTS) {
            for (const args of [[[408065]], [['x', -1, 1e20, null]], [{ length: 1e9 }], []]) {
              acks.push(
                await socket
                  .timeout(1_000)
                  .emitWithAck(event, ...args)
                  .catch(() => 'no ack'),
              );
            }
          }
          // What only the server may send, and actions that are not socket events at all.
          const forged = ['control', 'bus', 'hello', 'ticks', 'pause', 'flatten', 'setMode'];
          for (const event of forged) {
            socket.emit(event, {
              id: 'forged',
              action: 'FLATTEN',
              channel: 'events',
              payload: { reason: 'socket' },
            });
          }
          await new Promise((resolve) => setTimeout(resolve, 400));
          expect(socket.connected).toBe(true);
          expect(acks).toEqual([1, 0, 0, 'no ack']);
          expect(engine.calls.length - engineBefore).toBe(0);
          expect(await db.prisma.auditLog.count()).toBe(auditBefore);
          expect(heard).toEqual([]);
          socket.close();
          watcher.close();
          return {
            clientEvents: CLIENT_TO_SERVER_EVENTS.length,
            forgedEvents: forged.length,
            engineCalls: 0,
            relayed: 0,
          };
        },
      );
    },
  );
});

describe('CSRF', () => {
  const mutations = PROCEDURES.filter((p) => p.type === 'mutation');
  /** Another site, the same host on another port, no Origin, an opaque (sandboxed) one. */
  const hostileOrigins = (): Record<string, Record<string, string>> => ({
    foreign: { origin: 'https://evil.example' },
    sibling: { origin: origin.replace(/:(\d+)$/, (_m, p: string) => `:${Number(p) + 1}`) },
    none: {},
    opaque: { origin: 'null' },
  });

  it('refuses every tRPC mutation from another site or naming no origin, even an admin’s', async () => {
    await checkReliability(
      {
        area: 'security',
        fault:
          'every tRPC mutation with an admin cookie from a foreign / sibling / no / null Origin',
        expected: '403 CSRF before the procedure, engine not called',
        source: import.meta.url,
      },
      async () => {
        const before = engine.calls.length;
        const auditBefore = await db.prisma.auditLog.count();
        const wrong: string[] = [];
        let tries = 0;
        for (const { path } of mutations) {
          for (const [name, headers] of Object.entries(hostileOrigins())) {
            tries += 1;
            const response = await fetch(`${origin}/api/trpc/${path}`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                cookie: cookies.get('admin') ?? '',
                ...headers,
              },
              // A valid call, so only the origin check can stop it.
              body: JSON.stringify({ json: { reason: 'csrf', confirm: 'FLATTEN' } }),
            });
            const body = (await response.json()) as { error?: { code?: string } };
            if (response.status !== 403 || body.error?.code !== 'CSRF') {
              wrong.push(`${path} from ${name}: ${response.status}`);
            }
          }
        }
        expect(wrong).toEqual([]);
        expect(engine.calls.length).toBe(before);
        expect(await db.prisma.auditLog.count()).toBe(auditBefore);
        return { mutations: mutations.length, origins: 4, tries, refused: tries };
      },
    );
  });

  it('refuses sign-in, sign-out and account changes from another site or naming no origin', async () => {
    await checkReliability(
      {
        area: 'security',
        fault: 'better-auth sign-in, sign-out, password/user changes from a foreign / no Origin',
        expected: '403 CSRF; no session created or ended',
        source: import.meta.url,
      },
      async () => {
        const admin = cookies.get('admin') ?? '';
        const sessionsBefore = await db.prisma.session.count();
        const endpoints: [string, unknown][] = [
          ['/api/auth/sign-in/email', { email: emailOf('admin'), password: PASSWORDS.admin }],
          ['/api/auth/sign-out', {}],
          [
            '/api/auth/change-password',
            { currentPassword: PASSWORDS.admin, newPassword: 'x'.repeat(16) },
          ],
          ['/api/auth/update-user', { name: 'csrf' }],
          ['/api/auth/revoke-sessions', {}],
        ];
        const wrong: string[] = [];
        for (const [path, body] of endpoints) {
          const hostile: Record<string, string>[] = [{ origin: 'https://evil.example' }, {}];
          for (const headers of hostile) {
            const response = await fetch(`${origin}${path}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', cookie: admin, ...headers },
              body: JSON.stringify(body),
            });
            if (response.status !== 403)
              wrong.push(`${path} ${JSON.stringify(headers)}: ${response.status}`);
            expect(response.headers.getSetCookie()).toEqual([]);
          }
        }
        expect(wrong).toEqual([]);
        expect(await db.prisma.session.count()).toBe(sessionsBefore);
        // The admin's session still works: sign-out did not happen.
        expect((await callProcedure('users.list', 'query', admin)).appCode).toBeNull();
        return {
          endpoints: endpoints.length,
          tries: endpoints.length * 2,
          refused: endpoints.length * 2,
        };
      },
    );
  });

  it('runs no mutation by GET, and the session cookie is httpOnly and SameSite', async () => {
    await checkReliability(
      {
        area: 'security',
        fault:
          'every tRPC mutation as a GET (a link or <img> on another site) with an admin cookie',
        expected: 'refused (405), engine not called; cookie HttpOnly, SameSite=Lax',
        source: import.meta.url,
      },
      async () => {
        const before = engine.calls.length;
        const statuses = new Set<number>();
        for (const { path } of mutations) {
          const input = encodeURIComponent(
            JSON.stringify({ json: { reason: 'csrf', confirm: 'FLATTEN' } }),
          );
          const response = await fetch(`${origin}/api/trpc/${path}?input=${input}`, {
            headers: { cookie: cookies.get('admin') ?? '' },
          });
          await response.arrayBuffer();
          statuses.add(response.status);
        }
        expect([...statuses]).toEqual([405]);
        expect(engine.calls.length).toBe(before);

        const signIn = await fetch(`${origin}/api/auth/sign-in/email`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin },
          body: JSON.stringify({ email: emailOf('viewer'), password: PASSWORDS.viewer }),
        });
        const session = signIn.headers.getSetCookie().find((c) => c.includes('session_token'));
        expect(session).toMatch(/HttpOnly/i);
        expect(session).toMatch(/SameSite=Lax/i);
        return { mutations: mutations.length, executed: 0 };
      },
    );
  });

  it('takes no Kite login it did not start, and the Kite routes take no POST', async () => {
    await checkReliability(
      {
        area: 'security',
        fault: 'Kite callback with a forged / missing / other user’s state; POST to /api/kite/*',
        expected: 'refused, engine POST /session never called',
        source: import.meta.url,
      },
      async () => {
        const before = engine.calls.length;
        const trader = cookies.get('trader') ?? '';
        const admin = cookies.get('admin') ?? '';
        // A state the admin's login started is not the trader's.
        const start = await fetch(`${origin}/api/kite/login`, {
          headers: { cookie: admin },
          redirect: 'manual',
        });
        const location = new URL(start.headers.get('location') ?? '');
        const adminState = new URLSearchParams(
          location.searchParams.get('redirect_params') ?? '',
        ).get('state');
        expect(adminState).toMatch(/^\d+\./);
        const states = [null, 'forged', `${Date.now()}.${'A'.repeat(43)}`, adminState];
        const outcomes: string[] = [];
        for (const state of states) {
          const query = new URLSearchParams({ status: 'success', request_token: 'reqtoken123' });
          if (state !== null) query.set('state', state);
          const response = await fetch(`${origin}/api/kite/callback?${query.toString()}`, {
            headers: { cookie: trader },
            redirect: 'manual',
          });
          outcomes.push(
            new URL(response.headers.get('location') ?? '', origin).searchParams.get('code') ??
              'none',
          );
        }
        expect(outcomes).toEqual([
          'LOGIN_STATE_MISSING',
          'LOGIN_STATE_INVALID',
          'LOGIN_STATE_INVALID',
          'LOGIN_STATE_INVALID',
        ]);
        for (const path of ['/api/kite/login', '/api/kite/callback']) {
          const response = await fetch(`${origin}${path}`, {
            method: 'POST',
            headers: { cookie: trader, origin },
          });
          expect(response.status).toBe(405);
        }
        expect(engine.calls.slice(before).filter((c) => c.path === '/session')).toEqual([]);
        return { callbacks: states.length, refused: states.length, sessionCalls: 0 };
      },
    );
  });
});

/** The sources of a CSP's script-src, e.g. ["'self'", "'nonce-…'", "'strict-dynamic'"]. */
function scriptSources(csp: string): string[] {
  const directive = csp
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([name]) => name === 'script-src');
  return directive?.slice(1) ?? [];
}

describe('security headers', () => {
  const paths = [
    ['page', '/login'],
    ['signed-in page', '/positions'],
    ['health', '/api/health'],
    ['auth API', '/api/auth/get-session'],
    ['tRPC', '/api/trpc/auth.me'],
    ['tRPC refused', '/api/trpc/users.list'],
    ['static', '/manifest.webmanifest'],
  ] as const;

  it.each([
    ['http', false],
    ['https (behind TLS)', true],
  ] as const)('on every kind of answer, served as %s', async (_name, tls) => {
    await checkReliability(
      {
        area: 'security',
        fault: `pages, auth API, tRPC, static, public URL ${tls ? 'https' : 'http'}`,
        expected: `CSP (frame-ancestors 'none', no inline script without a nonce), XFO DENY, nosniff, Referrer-Policy; HSTS ${tls ? 'present' : 'absent'}`,
        source: import.meta.url,
      },
      async () => {
        const base = tls ? tlsOrigin : origin;
        let checked = 0;
        for (const [kind, path] of paths) {
          const response = await fetch(`${base}${path}`, { redirect: 'manual' });
          await response.arrayBuffer();
          const h = response.headers;
          const csp = h.get('content-security-policy') ?? '';
          const where = `${kind} ${path} (${response.status})`;
          expect(csp, where).toContain("frame-ancestors 'none'");
          expect(csp, where).toContain("default-src 'self'");
          expect(csp, where).toContain("object-src 'none'");
          expect(csp, where).toContain("base-uri 'self'");
          expect(csp, where).toContain("form-action 'self'");
          expect(csp, where).not.toContain('unsafe-eval');
          expect(scriptSources(csp), where).not.toContain("'unsafe-inline'");
          expect(h.get('x-frame-options'), where).toBe('DENY');
          expect(h.get('x-content-type-options'), where).toBe('nosniff');
          expect(h.get('referrer-policy'), where).toBe('same-origin');
          if (tls) {
            expect(h.get('strict-transport-security'), where).toMatch(/max-age=\d{8,}/);
            expect(csp, where).toContain("connect-src 'self' wss://kavach.security.example");
          } else {
            expect(h.get('strict-transport-security'), where).toBeNull();
            expect(csp, where).toContain(`connect-src 'self' ${origin.replace('http:', 'ws:')}`);
          }
          checked += 1;
        }
        return { answers: checked };
      },
    );
  });

  it('loads every script, style and icon of a page from its own origin, as its CSP demands', async () => {
    await checkReliability(
      {
        area: 'security',
        fault: 'the sign-in page under its CSP',
        expected: "every <script src>, stylesheet and icon same-origin (the CSP's 'self')",
        source: import.meta.url,
      },
      async () => {
        const html = await (await fetch(`${origin}/login`)).text();
        const urls = [
          ...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g),
          ...html.matchAll(/<link[^>]*\shref="([^"]+)"/g),
        ].map((m) => m[1] ?? '');
        expect(urls.length).toBeGreaterThan(0);
        const foreign = urls.filter((u) => new URL(u, origin).origin !== origin);
        expect(foreign).toEqual([]);
        return { resources: urls.length, foreign: foreign.length };
      },
    );
  });

  it('stamps every script of a page with the nonce of its own CSP, a new one per answer', async () => {
    await checkReliability(
      {
        area: 'security',
        fault: 'the sign-in page and a signed-in page, each fetched twice',
        expected:
          "script-src 'self' 'nonce-…' 'strict-dynamic', no 'unsafe-inline'; every <script> carries its answer's nonce; no nonce repeats",
        source: import.meta.url,
      },
      async () => {
        const pages = [
          ['/login', null],
          ['/positions', cookies.get('admin') ?? ''],
        ] as const;
        const nonces: string[] = [];
        let scripts = 0;
        for (const [path, cookie] of [...pages, ...pages]) {
          const response = await fetch(`${origin}${path}`, {
            headers: cookie === null ? {} : { cookie },
          });
          const html = await response.text();
          const where = `${path} (${response.status})`;
          expect(response.status, where).toBe(200);
          const sources = scriptSources(response.headers.get('content-security-policy') ?? '');
          const nonce = sources.map((s) => /^'nonce-(.+)'$/.exec(s)?.[1]).find(Boolean) ?? '';
          expect(sources, where).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
          const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
          expect(tags.length, where).toBeGreaterThan(0);
          expect(
            tags.filter((tag) => !tag.includes(` nonce="${nonce}"`)),
            where,
          ).toEqual([]);
          nonces.push(nonce);
          scripts += tags.length;
        }
        expect(new Set(nonces).size).toBe(nonces.length);
        return { answers: nonces.length, scripts, unstamped: 0, distinctNonces: nonces.length };
      },
    );
  });
});
