import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRedisBus } from '@kavach/bus';
import type { RedisBus, TickMessage } from '@kavach/bus';
import { createLogger } from '@kavach/config';
import { createDb } from '@kavach/db';
import type { Db } from '@kavach/db';
import { paise } from '@kavach/domain';
import { checkReliability, startPostgres, startRedis } from '@kavach/testkit';
import type { PostgresServer, RedisServer } from '@kavach/testkit';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '../src/server/auth/session-user';
import { ensureWebBuild } from '../src/server/http/web-build';
import type {
  ClientToServerEvents,
  ControlNotice,
  ServerToClientEvents,
} from '../src/server/realtime/socket-events';
import type { AppRouter } from '../src/server/trpc/router';
import { startFakeEngine } from './fake-engine';
import type { FakeEngine } from './fake-engine';
import { startWebProcess } from './web-process';
import type { WebProcess } from './web-process';
import { TEST_NOW, tickOf } from './ticks';

/**
 * Two dashboard processes (src/server/main.ts, each its own Socket.IO server, bus and Redis
 * connections) on one PostgreSQL and one Redis, as replicas behind a load balancer: a browser
 * on either sees everything live, whichever process the action was taken on, and is told
 * when nothing live can reach it (Redis down).
 */
const ADMIN = { email: 'admin@replicas.example', password: 'admin-password-replicas' };
const TRADER = { email: 'trader@replicas.example', password: 'trader-password-replicas' };
const VIEWER = { email: 'viewer@replicas.example', password: 'viewer-password-replicas' };
/** The address browsers use: the load balancer's, the same for both processes. */
const PUBLIC = 'http://dashboard.replicas.example';
const WEB_DIR = fileURLToPath(new URL('../', import.meta.url));

let pg: PostgresServer;
let redis: RedisServer;
let db: Db;
let bus: RedisBus;
let engine: FakeEngine;
let webA: WebProcess;
let webB: WebProcess;
const sockets: DashboardSocket[] = [];
/** What afterAll undoes, last started first stopped. */
const cleanup: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'kavach-web-replicas-'));
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
  [pg, redis, engine] = await Promise.all([startPostgres(), startRedis(), startFakeEngine()]);
  cleanup.push(
    () => pg.stop(),
    () => redis.stop(),
    () => engine.close(),
  );
  const databaseUrl = await pg.createDatabase('kavach_web_replicas');
  // The engine migrates in a deployment; here nothing else does.
  db = createDb({ databaseUrl, dataDir });
  cleanup.push(() => db.close());
  await db.migrate();
  bus = createRedisBus({ url: redis.url, logger: createLogger('test', 'silent') });
  cleanup.push(() => bus.close());
  await bus.ready();
  // Built once before both start: two processes must not run `next build` into one .next.
  await ensureWebBuild(WEB_DIR, createLogger('test', 'warn'));
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    ENGINE_URL: engine.url,
    ENGINE_API_TOKEN: engine.token,
    // One secret for all replicas: a session cookie signed by one is good on the other.
    AUTH_SECRET: 'replicas-test-secret-0123456789-0123456789',
    WEB_PUBLIC_URL: PUBLIC,
    DATA_DIR: dataDir,
    // Both create the first admin at once on the empty database: one of them wins.
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
  };
  const started = await Promise.allSettled([startWebProcess({ env }), startWebProcess({ env })]);
  for (const web of started) if (web.status === 'fulfilled') cleanup.push(() => web.value.stop());
  for (const web of started) if (web.status === 'rejected') throw web.reason;
  [webA, webB] = started.map((web) => (web as PromiseFulfilledResult<WebProcess>).value) as [
    WebProcess,
    WebProcess,
  ];
  const admin = trpc(webA, await signIn(webA, ADMIN));
  await admin.users.create.mutate({ name: 'Tara', role: 'trader', ...TRADER });
  await admin.users.create.mutate({ name: 'Vikram', role: 'viewer', ...VIEWER });
}, 300_000);

afterAll(async () => {
  for (const socket of sockets) socket.socket.close();
  for (const step of cleanup.reverse()) await step();
}, 60_000);

async function signIn(
  web: WebProcess,
  who: { readonly email: string; readonly password: string },
): Promise<string> {
  const response = await fetch(`${web.url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: PUBLIC },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  expect(response.status, web.output()).toBe(200);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

function trpc(web: WebProcess, cookie: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${web.url}/api/trpc`,
        transformer: superjson,
        headers: () => ({ origin: PUBLIC, cookie }),
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

/** A browser tab's live socket, recording everything it receives. */
interface DashboardSocket {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly hellos: SessionUser[];
  readonly bus: { channel: string; payload: unknown }[];
  readonly ticks: TickMessage[];
  readonly notices: ControlNotice[];
  /** Each `feed` event's `live`, in order. */
  readonly feeds: boolean[];
  readonly disconnects: string[];
  readonly refusals: string[];
}

/** Connects as the browser does (WebSocket only) and waits for the server's hello. */
async function openDashboard(
  web: WebProcess,
  cookie: string,
  headers: Record<string, string> = {},
): Promise<DashboardSocket> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(web.url, {
    path: '/socket.io',
    transports: ['websocket'],
    extraHeaders: { cookie, ...headers },
    reconnection: false,
  });
  const dashboard: DashboardSocket = {
    socket,
    hellos: [],
    bus: [],
    ticks: [],
    notices: [],
    feeds: [],
    disconnects: [],
    refusals: [],
  };
  sockets.push(dashboard);
  socket.on('hello', (hello) => dashboard.hellos.push(hello.user));
  socket.on('bus', (message) => dashboard.bus.push(message));
  socket.on('ticks', (batch) => dashboard.ticks.push(...batch));
  socket.on('control', (notice) => dashboard.notices.push(notice));
  socket.on('feed', (feed) => dashboard.feeds.push(feed.live));
  socket.on('disconnect', (reason) => dashboard.disconnects.push(reason));
  socket.on('connect_error', (error) => dashboard.refusals.push(error.message));
  await vi.waitFor(
    () => {
      expect(dashboard.hellos.length + dashboard.refusals.length).toBeGreaterThan(0);
    },
    { timeout: 10_000 },
  );
  return dashboard;
}

/** Time for anything that would still arrive (a duplicate through the other process) to come. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 600));

describe('two dashboard processes on one Redis', () => {
  it('relays each bus message and tick to the clients of both processes, once each', async () => {
    const cookie = await signIn(webA, VIEWER);
    const [onA, onB] = [await openDashboard(webA, cookie), await openDashboard(webB, cookie)];
    for (const dashboard of [onA, onB]) {
      expect(await dashboard.socket.emitWithAck('watch', [408065])).toBe(1);
    }
    await bus.publish('events', { type: 'test', message: 'hello', data: {}, at: TEST_NOW });
    await bus.publish('ticks.408065', tickOf(408065, 150_000));
    await vi.waitFor(
      () => {
        for (const dashboard of [onA, onB]) {
          expect(dashboard.bus.map((m) => m.channel)).toContain('events');
          expect(dashboard.ticks).toHaveLength(1);
        }
      },
      { timeout: 5_000 },
    );
    await settle();
    // Each process relays what it hears on the bus to its own sockets only: through the
    // adapter as well, every message would arrive once per process.
    for (const dashboard of [onA, onB]) {
      expect(dashboard.bus.filter((m) => m.channel === 'events')).toHaveLength(1);
      expect(dashboard.ticks.map((t) => t.lastPrice)).toEqual([paise(150_000)]);
    }
  });

  it('announces a control action taken on web A to the dashboards on web B', async () => {
    const watcher = await openDashboard(webB, await signIn(webB, VIEWER));
    const onA = await openDashboard(webA, await signIn(webA, VIEWER));
    const trader = trpc(webA, await signIn(webA, TRADER));
    await trader.control.pause.mutate({ reason: 'coffee' });

    await vi.waitFor(
      () => {
        expect(watcher.notices).toHaveLength(1);
      },
      { timeout: 5_000 },
    );
    expect(watcher.notices[0]).toMatchObject({
      action: 'PAUSE',
      by: { email: TRADER.email, name: 'Tara', role: 'trader' },
      reason: 'coffee',
      outcome: { ok: true },
    });
    expect(Math.abs((watcher.notices[0]?.at ?? 0) - Date.now())).toBeLessThan(10_000);
    expect(engine.calls.at(-1)).toMatchObject({
      path: '/pause',
      actor: `${TRADER.email} (trader)`,
    });

    // A refusal is announced too, with the engine's reason (the fake engine has no /mode).
    const admin = trpc(webA, await signIn(webA, ADMIN));
    expect(await codeOf(admin.control.setMode.mutate({ mode: 'LIVE', confirmation: 'x' }))).toBe(
      'NOT_FOUND',
    );
    await vi.waitFor(
      () => {
        expect(watcher.notices).toHaveLength(2);
      },
      { timeout: 5_000 },
    );
    expect(watcher.notices[1]).toMatchObject({
      action: 'MODE',
      requestedMode: 'LIVE',
      by: { email: ADMIN.email },
      outcome: { ok: false, code: 'NOT_FOUND' },
    });
    await settle();
    // Once each, on both processes.
    for (const dashboard of [watcher, onA]) {
      expect(dashboard.notices.map((n) => n.action)).toEqual(['PAUSE', 'MODE']);
    }
  });

  it("ends a demoted user's sockets on web B; they come back with the new role", async () => {
    const cookie = await signIn(webB, TRADER);
    const trader = await openDashboard(webB, cookie);
    const traderOnA = await openDashboard(webA, cookie);
    const bystander = await openDashboard(webB, await signIn(webB, VIEWER));
    expect(trader.hellos[0]?.role).toBe('trader');
    const traderId = trader.hellos[0]?.id ?? '';

    const admin = trpc(webA, await signIn(webA, ADMIN));
    await admin.users.setRole.mutate({ userId: traderId, role: 'viewer' });
    await vi.waitFor(
      () => {
        expect(trader.disconnects).toEqual(['io server disconnect']);
      },
      { timeout: 5_000 },
    );
    // On the process the admin used as well.
    expect(traderOnA.disconnects).toEqual(['io server disconnect']);
    await settle();
    expect(bystander.socket.connected).toBe(true);
    expect(bystander.disconnects).toEqual([]);

    // The browser connects again: authorised afresh, as a viewer now; and so is every request.
    trader.socket.connect();
    await vi.waitFor(
      () => {
        expect(trader.hellos).toHaveLength(2);
      },
      { timeout: 5_000 },
    );
    expect(trader.hellos[1]?.role).toBe('viewer');
    expect(await trpc(webB, cookie).auth.me.query()).toMatchObject({ role: 'viewer' });
    expect(await codeOf(trpc(webB, cookie).control.pause.mutate({ reason: 'x' }))).toBe(
      'FORBIDDEN',
    );
  });

  it("ends a removed user's sockets and sessions on web B", async () => {
    const admin = trpc(webA, await signIn(webA, ADMIN));
    const gone = { email: 'gone@replicas.example', password: 'gone-password-replicas' };
    const { id } = await admin.users.create.mutate({ name: 'Gone', role: 'trader', ...gone });
    const cookie = await signIn(webB, gone);
    const dashboard = await openDashboard(webB, cookie);
    expect(dashboard.hellos[0]?.email).toBe(gone.email);

    await admin.users.remove.mutate({ userId: id });
    await vi.waitFor(
      () => {
        expect(dashboard.disconnects).toEqual(['io server disconnect']);
      },
      { timeout: 5_000 },
    );
    // Its session went with the user: the socket is refused, and so is every request.
    dashboard.socket.connect();
    await vi.waitFor(
      () => {
        expect(dashboard.refusals).toEqual(['UNAUTHORIZED']);
      },
      { timeout: 5_000 },
    );
    expect(await trpc(webB, cookie).auth.me.query()).toBeNull();
    expect(await codeOf(admin.users.remove.mutate({ userId: id }))).toBe('NOT_FOUND');
    const me = await admin.auth.me.query();
    expect(await codeOf(admin.users.remove.mutate({ userId: me?.id ?? '' }))).toBe('FORBIDDEN');
  });

  it('speaks WebSocket only, and only to pages of its own origin', async () => {
    const cookie = await signIn(webA, VIEWER);
    const polling = io(webA.url, {
      path: '/socket.io',
      transports: ['polling'],
      extraHeaders: { cookie },
      reconnection: false,
    });
    try {
      const error = await new Promise<Error>((resolve) => polling.on('connect_error', resolve));
      expect(error.message).toBe('xhr poll error');
    } finally {
      polling.close();
    }
    const foreign = await openDashboard(webA, cookie, { origin: 'https://evil.example' });
    expect(foreign.refusals).toEqual(['FORBIDDEN_ORIGIN']);
    const own = await openDashboard(webA, cookie, { origin: PUBLIC });
    expect(own.hellos).toHaveLength(1);
  });
});

// Last: it stops the Redis everything above shares.
describe('two dashboard processes when their Redis stops and starts again', () => {
  it('tell every socket the live feed is down, then up; bus messages flow again', async () => {
    const cookie = await signIn(webB, VIEWER);
    const open = [await openDashboard(webA, cookie), await openDashboard(webB, cookie)];
    const feedsAre = (expected: boolean[]) => {
      for (const dashboard of open) expect(dashboard.feeds).toEqual(expected);
    };
    const quick = { timeout: 10_000, interval: 20 };
    await vi.waitFor(() => {
      feedsAre([true]);
    }, quick);

    await checkReliability(
      {
        area: 'infrastructure',
        fault: 'Redis stopped under the dashboard, then started again',
        expected:
          'every socket is told the live feed is down (dashboard shows stale), then up; bus messages reach the browser again',
        source: import.meta.url,
      },
      async () => {
        let downNoticeMs = 0;
        let late: DashboardSocket | undefined;
        await redis.restart(async () => {
          const stopped = performance.now();
          await vi.waitFor(() => {
            feedsAre([true, false]);
          }, quick);
          downNoticeMs = Math.round(performance.now() - stopped);
          // The sockets themselves stay up: only the feed says anything is wrong.
          for (const dashboard of open) expect(dashboard.socket.connected).toBe(true);
          // A tab that connects meanwhile is told at once.
          late = await openDashboard(webA, cookie);
          await vi.waitFor(() => {
            expect(late?.feeds).toEqual([false]);
          }, quick);
        });
        const started = performance.now();
        await vi.waitFor(
          () => {
            feedsAre([true, false, true]);
            expect(late?.feeds).toEqual([false, true]);
          },
          { timeout: 30_000, interval: 20 },
        );
        const upNoticeMs = Math.round(performance.now() - started);

        // Up means subscribed again: the first message published after reaches every socket.
        await bus.ready(20_000);
        await bus.publish('events', { type: 'test', message: 'after', data: {}, at: TEST_NOW });
        await vi.waitFor(() => {
          for (const dashboard of [...open, late]) {
            const messages = dashboard?.bus.map((m) => (m.payload as { message?: string }).message);
            expect(messages).toContain('after');
          }
        }, quick);
        return { downNoticeMs, upNoticeMs };
      },
    );
  });
});
