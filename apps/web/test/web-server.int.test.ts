import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalBus } from '@kavach/bus';
import type { Bus } from '@kavach/bus';
import { createLogger } from '@kavach/config';
import { createDb } from '@kavach/db';
import type { Db } from '@kavach/db';
import { checkReliability, findFreePort } from '@kavach/testkit';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { io } from 'socket.io-client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../src/server/auth/create-auth';
import { createUser } from '../src/server/auth/users';
import { startWeb } from '../src/server/start-web';
import type { RunningWeb } from '../src/server/start-web';
import type { AppRouter } from '../src/server/trpc/router';
import { STATUS, startFakeEngine } from './fake-engine';
import type { FakeEngine } from './fake-engine';
import { TEST_NOW, tickOf } from './ticks';

/**
 * The dashboard's server on PGlite with a fake engine API: sign-in, page guard, role checks
 * on tRPC, the CSRF origin check, the login rate limit and the live socket.
 */
const ADMIN = { email: 'admin@example.com', password: 'admin-password-123' };
const SECRET = 'web-test-secret-0123456789-0123456789';
let dataDir: string;
let db: Db;
let bus: Bus;
let engine: FakeEngine;
let web: RunningWeb;
let origin: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kavach-web-'));
  db = createDb({ dataDir });
  await db.migrate();
  bus = createLocalBus();
  engine = await startFakeEngine();
  const port = await findFreePort();
  origin = `http://127.0.0.1:${port}`;
  web = await startWeb({
    db,
    bus,
    logger: createLogger('test', 'silent'),
    engine: { url: engine.url, token: engine.token },
    host: '127.0.0.1',
    port,
    publicUrl: origin,
    authSecret: SECRET,
    admin: ADMIN,
    loginAttemptsPerMinute: 5,
    // As behind a reverse proxy that names the browser in x-real-ip.
    clientIpHeader: 'x-real-ip',
  });
  // The other roles, as an admin would add them.
  const auth = createAuth({
    prisma: db.prisma,
    secret: SECRET,
    baseURL: origin,
    loginAttemptsPerMinute: 5,
  });
  for (const role of ['trader', 'viewer'] as const) {
    await createUser(auth, db.prisma, {
      email: `${role}@example.com`,
      name: role,
      password: `${role}-password-123`,
      role,
    });
  }
}, 180_000);

afterAll(async () => {
  await web.stop();
  await engine.close();
  await bus.close();
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function signIn(email: string, password: string): Promise<string> {
  const response = await fetch(`${origin}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]);
  return cookies.join('; ');
}

let adminSession: Promise<string> | undefined;
/** One admin sign-in for the tests that need one: each sign-in counts toward the login limit. */
const adminCookie = () => (adminSession ??= signIn(ADMIN.email, ADMIN.password));

function client(cookie: string | null) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${origin}/api/trpc`,
        transformer: superjson,
        headers: () => ({ origin, ...(cookie === null ? {} : { cookie }) }),
      }),
    ],
  });
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof TRPCClientError)
      return (error.data as { code?: string } | undefined)?.code;
    throw error;
  }
}

describe('the dashboard server', () => {
  it('sends a visitor without a session to sign in, and serves the sign-in page', async () => {
    const page = await fetch(`${origin}/positions?x=1`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Fpositions%3Fx%3D1');
    const login = await fetch(`${origin}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('Sign in');
    expect(login.headers.get('x-frame-options')).toBe('DENY');
  });

  it('serves the overview with its data in the first HTML, not a loading placeholder', async () => {
    const cookie = await adminCookie();
    const page = await fetch(`${origin}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    // What the phone paints before any script has run (the dashboard_lcp bench).
    expect(html).toContain('data-testid="pnl-today"');
    expect(html).toContain(STATUS.nowIst);
    expect(html).not.toContain('Loading…');
  });

  it('refuses every procedure without a session, and answers with one', async () => {
    expect(await codeOf(client(null).overview.status.query())).toBe('UNAUTHORIZED');
    expect(await client(null).auth.me.query()).toBeNull();
    const cookie = await adminCookie();
    const status = await client(cookie).overview.status.query();
    expect(status.trading.state).toBe('ACTIVE');
    expect(await client(cookie).auth.me.query()).toMatchObject({
      email: ADMIN.email,
      role: 'admin',
    });
    // The first run is over: setup is closed for good.
    expect(
      await codeOf(
        client(null).auth.setup.mutate({
          name: 'x',
          email: 'x@example.com',
          password: 'x'.repeat(12),
        }),
      ),
    ).toBe('FORBIDDEN');
  });

  it('lets a viewer look but not act, and names the trader to the engine', async () => {
    const viewer = client(await signIn('viewer@example.com', 'viewer-password-123'));
    const before = engine.calls.length;
    expect(
      await codeOf(viewer.control.flatten.mutate({ reason: 'test', confirm: 'FLATTEN' })),
    ).toBe('FORBIDDEN');
    expect(await codeOf(viewer.control.pause.mutate({ reason: 'test' }))).toBe('FORBIDDEN');
    expect(engine.calls.slice(before).filter((c) => c.method === 'POST')).toEqual([]);

    const trader = client(await signIn('trader@example.com', 'trader-password-123'));
    const report = await trader.control.flatten.mutate({ reason: 'test', confirm: 'FLATTEN' });
    expect(report.flat).toBe(true);
    expect(engine.calls.at(-1)).toMatchObject({
      method: 'POST',
      path: '/flatten',
      actor: 'trader@example.com (trader)',
      body: { reason: 'test', confirm: 'FLATTEN' },
    });
    expect(await codeOf(trader.control.setMode.mutate({ mode: 'LIVE', confirmation: null }))).toBe(
      'FORBIDDEN',
    );
  });

  it('refuses a state-changing request from another site', async () => {
    const cookie = await signIn('trader@example.com', 'trader-password-123');
    const response = await fetch(`${origin}/api/trpc/control.pause`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example', cookie },
      body: JSON.stringify({ json: { reason: 'csrf' } }),
    });
    expect(response.status).toBe(403);
    expect(engine.calls.filter((c) => c.path === '/pause')).toEqual([]);
  });

  it('relays the bus to a signed-in socket only, ticks conflated per instrument', async () => {
    const refused = io(origin, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
    });
    const error = await new Promise<Error>((resolve) => refused.on('connect_error', resolve));
    expect(error.message).toBe('UNAUTHORIZED');
    refused.close();

    const cookie = await adminCookie();
    const socket = io(origin, {
      path: '/socket.io',
      transports: ['websocket'],
      extraHeaders: { cookie },
      reconnection: false,
    });
    try {
      const hello = await new Promise<{ user: { email: string } }>((resolve) =>
        socket.on('hello', resolve),
      );
      expect(hello.user.email).toBe(ADMIN.email);
      await new Promise<number>((resolve) => socket.emit('watch', [408065], resolve));
      const ticks: number[] = [];
      socket.on('ticks', (batch: { token: number; lastPrice: number }[]) =>
        ticks.push(...batch.map((tick) => tick.lastPrice)),
      );
      const events = new Promise<unknown>((resolve) => socket.on('bus', resolve));
      await bus.publish('events', { type: 'test', message: 'hello', data: {}, at: TEST_NOW });
      expect(await events).toMatchObject({ channel: 'events' });
      for (let i = 1; i <= 50; i += 1) {
        await bus.publish('ticks.408065', tickOf(408065, 150_000 + i));
        await bus.publish('ticks.1', tickOf(1, 100 + i));
      }
      await new Promise((resolve) => setTimeout(resolve, 700));
      // Fifty ticks in a burst arrive as the latest one; the unwatched instrument not at all.
      expect(ticks).toEqual([150_050]);
    } finally {
      socket.close();
    }
  });

  it('rate-limits password attempts per address', async () => {
    await checkReliability(
      {
        area: 'security',
        fault: '7 wrong passwords a minute from one address (limit 5)',
        expected: 'at most 5 answered 401, then 429',
        source: import.meta.url,
      },
      loginRateLimit,
    );
  });

  async function loginRateLimit() {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const response = await fetch(`${origin}/api/auth/sign-in/email`, {
        method: 'POST',
        // An address no other test used: the limit starts from a clean slate.
        headers: { 'content-type': 'application/json', origin, 'x-real-ip': '198.51.100.1' },
        body: JSON.stringify({ email: 'viewer@example.com', password: 'wrong-password-000' }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    return {
      attempts: statuses.length,
      refused401: statuses.filter((s) => s === 401).length,
      limited429: statuses.filter((s) => s === 429).length,
    };
  }

  it('counts each browser behind the proxy by the address the proxy names', async () => {
    await checkReliability(
      {
        area: 'security',
        fault: 'password guessing through the reverse proxy (x-real-ip), then another browser',
        expected: 'the guesser 429; another address behind the same proxy not locked out',
        source: import.meta.url,
      },
      loginRateLimitBehindProxy,
    );
  });

  async function loginRateLimitBehindProxy() {
    const attempt = async (address: string) =>
      (
        await fetch(`${origin}/api/auth/sign-in/email`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin, 'x-real-ip': address },
          body: JSON.stringify({ email: 'viewer@example.com', password: 'wrong-password-000' }),
        })
      ).status;
    const guesser: number[] = [];
    for (let i = 0; i < 7; i += 1) guesser.push(await attempt('203.0.113.7'));
    expect(guesser).toContain(429);
    // Another browser through the same proxy is not locked out by the guesser.
    expect(await attempt('203.0.113.8')).toBe(401);
    return { guesses: guesser.length, limited429: guesser.filter((s) => s === 429).length };
  }
});
