import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRedisBus } from '@kavach/bus';
import type { RedisBus } from '@kavach/bus';
import { createLogger } from '@kavach/config';
import { createDb } from '@kavach/db';
import { checkReliability, startPostgres, startRedis } from '@kavach/testkit';
import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureWebBuild } from '../src/server/http/web-build';
import { TICK_CONFLATE_MS } from '../src/server/realtime/socket-relay';
import type { AppRouter } from '../src/server/trpc/router';
import { startFakeEngine } from './fake-engine';
import { percentileOf, probeHealth, readRssMb, roundTenth } from './load-figures';
import type { HealthFigures } from './load-figures';
import { publishStream, tickKey } from './load-stream';
import type { PublishedStream, StreamPlan } from './load-stream';
import { connectDashboard } from './recording-dashboard';
import type { RecordingDashboard } from './recording-dashboard';
import { startWebProcess } from './web-process';
import type { WebProcess } from './web-process';

/**
 * A trading morning's live load on one dashboard process: 50 browser tabs of several people
 * and roles, each watching a window of instruments, while the engine publishes high-rate ticks
 * and a steady run of order, trade, position and risk messages on Redis.
 */
const PUBLIC = 'http://dashboard.load.example';
const WEB_DIR = fileURLToPath(new URL('../', import.meta.url));
const ADMIN = { email: 'admin@load.example', password: 'admin-password-load' };
/** Six people besides the admin: with the admin, under the login limit of 10 a minute. */
const PEOPLE = [
  ...['Tara', 'Tanvi'].map((name) => ({ name, role: 'trader' as const })),
  ...['Vikram', 'Vani', 'Varun', 'Veda'].map((name) => ({ name, role: 'viewer' as const })),
].map((p) => ({
  ...p,
  email: `${p.name.toLowerCase()}@load.example`,
  password: `${p.name.toLowerCase()}-password-load`,
}));

const SOCKETS = 50;
const CONFLATE_MS = TICK_CONFLATE_MS;
const WATCHED = Array.from({ length: 20 }, (_, i) => 500_001 + i);
/** Ticks too, but on no socket's watch list: none may reach a browser. */
const UNWATCHED = 599_999;
const WATCH_PER_SOCKET = 8;
const PLAN: StreamPlan = {
  tokens: [...WATCHED, UNWATCHED],
  durationMs: 10_000,
  // 21 instruments × 40 ticks/s = 840 ticks/s; 20 order/trade/position/risk messages a second.
  stepMs: 25,
  eventEverySteps: 2,
};

let web: WebProcess;
let bus: RedisBus;
const cookies: string[] = [];
const dashboards: RecordingDashboard[] = [];
/** What afterAll undoes, last started first stopped. */
const cleanup: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'kavach-socket-load-'));
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
  const [pg, redis, engine] = await Promise.all([startPostgres(), startRedis(), startFakeEngine()]);
  cleanup.push(
    () => pg.stop(),
    () => redis.stop(),
    () => engine.close(),
  );
  const databaseUrl = await pg.createDatabase('kavach_socket_load');
  // The engine migrates in a deployment; here nothing else does.
  const db = createDb({ databaseUrl, dataDir });
  cleanup.push(() => db.close());
  await db.migrate();
  bus = createRedisBus({ url: redis.url, logger: createLogger('test', 'silent') });
  cleanup.push(() => bus.close());
  await bus.ready();
  await ensureWebBuild(WEB_DIR, createLogger('test', 'warn'));
  web = await startWebProcess({
    env: {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      ENGINE_URL: engine.url,
      ENGINE_API_TOKEN: engine.token,
      AUTH_SECRET: 'socket-load-test-secret-0123456789-0123456789',
      WEB_PUBLIC_URL: PUBLIC,
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    },
  });
  cleanup.push(() => web.stop());
  const adminCookie = await signIn(ADMIN);
  const admin = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${web.url}/api/trpc`,
        transformer: superjson,
        headers: () => ({ origin: PUBLIC, cookie: adminCookie }),
      }),
    ],
  });
  for (const person of PEOPLE) await admin.users.create.mutate(person);
  cookies.push(adminCookie);
  for (const person of PEOPLE) cookies.push(await signIn(person));
}, 300_000);

afterAll(async () => {
  for (const dashboard of dashboards) dashboard.socket.close();
  for (const step of cleanup.reverse()) await step();
}, 60_000);

async function signIn(who: { readonly email: string; readonly password: string }) {
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

/** Socket i's watch list: a window of the instruments, so every one is watched by several. */
const watchListOf = (i: number) =>
  Array.from({ length: WATCH_PER_SOCKET }, (_, k) => WATCHED[(i + k) % WATCHED.length] ?? 0);

describe('one dashboard process under load', () => {
  it('serves 50 sockets a 10 s engine stream: every message once, in order; ticks conflated', async () => {
    await checkReliability(
      {
        area: 'load',
        fault:
          '50 dashboard sockets (7 users, 3 roles) on one web process; 10 s of 840 ticks/s on 21 instruments and 20 order/trade/position/risk messages/s on Redis',
        expected: `all handshakes succeed; every socket gets every non-tick message exactly once, in order; ticks conflated to one per instrument per ${CONFLATE_MS} ms, the last price last; no disconnection; /api/health answers throughout`,
        source: import.meta.url,
      },
      runLoad,
    );
  });
});

async function runLoad() {
  const connectStarted = performance.now();
  const opened = await Promise.allSettled(
    Array.from({ length: SOCKETS }, (_, i) =>
      connectDashboard({ url: web.url, cookie: cookies[i % cookies.length] ?? '', origin: PUBLIC }),
    ),
  );
  for (const result of opened) if (result.status === 'fulfilled') dashboards.push(result.value);
  const refusals = opened.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
  expect(refusals, web.output()).toEqual([]);
  const connectMs = performance.now() - connectStarted;
  expect(new Set(dashboards.map((d) => d.user.role))).toEqual(
    new Set(['admin', 'trader', 'viewer']),
  );
  const acks = await Promise.all(
    dashboards.map((d, i) => d.socket.emitWithAck('watch', watchListOf(i))),
  );
  expect(acks).toEqual(dashboards.map(() => WATCH_PER_SOCKET));

  const rssBeforeMb = await readRssMb(web.pid);
  const stopProbe = probeHealth(web.url, 200);
  const streamStarted = performance.now();
  let stream: PublishedStream;
  let streamMs: number;
  let health: HealthFigures;
  try {
    stream = await publishStream(bus, PLAN);
    streamMs = performance.now() - streamStarted;
    await waitForEverything(stream);
    // Anything still to come (a duplicate, a late tick) would arrive in this time.
    await new Promise((resolve) => setTimeout(resolve, 2 * CONFLATE_MS));
  } finally {
    // Also on a failure: a probe left running would keep fetching from a stopped server.
    health = await stopProbe();
  }
  const rssAfterMb = await readRssMb(web.pid);

  const maxTicks = Math.ceil((streamMs + CONFLATE_MS) / CONFLATE_MS) + 1;
  for (const [i, dashboard] of dashboards.entries()) {
    expectEverything(dashboard, i, stream);
    expectConflated(dashboard, i, maxTicks, streamMs);
    expect(dashboard.disconnects).toEqual([]);
    expect(dashboard.socket.connected).toBe(true);
  }
  expect(health.failures).toBe(0);
  // A loop held for seconds would leave browsers with a frozen screen.
  expect(health.maxMs).toBeLessThan(2_000);
  const response = await fetch(`${web.url}/api/health`);
  expect(response.status).toBe(200);

  const eventLatencies = dashboards.flatMap((d) =>
    d.events.map((e) => e.at - (stream.events[e.seq]?.at ?? Number.NaN)),
  );
  const tickLatencies = dashboards.flatMap((d) =>
    d.ticks.map((t) => t.at - (stream.tickPublishedAt.get(tickKey(t.token, t.price)) ?? 0)),
  );
  const p99 = percentileOf(eventLatencies, 99);
  expect(p99).toBeLessThan(1_000);
  return {
    sockets: dashboards.length,
    users: cookies.length,
    connectAllMs: roundTenth(connectMs),
    streamMs: roundTenth(streamMs),
    eventsPublished: stream.events.length,
    eventDeliveries: eventLatencies.length,
    ticksPublished: stream.tickPublishedAt.size,
    tickDeliveries: tickLatencies.length,
    latencyP50Ms: percentileOf(eventLatencies, 50),
    latencyP99Ms: p99,
    latencyMaxMs: percentileOf(eventLatencies, 100),
    tickLatencyP99Ms: percentileOf(tickLatencies, 99),
    healthChecks: health.checks,
    healthP99Ms: health.p99Ms,
    healthMaxMs: health.maxMs,
    rssBeforeMb,
    rssAfterMb,
  };
}

async function waitForEverything(stream: PublishedStream) {
  await vi.waitFor(
    () => {
      for (const [i, dashboard] of dashboards.entries()) expectEverything(dashboard, i, stream);
    },
    { timeout: 15_000, interval: 250 },
  );
}

/** Every message once and in order, and each watched instrument's last price last. */
function expectEverything(dashboard: RecordingDashboard, i: number, stream: PublishedStream) {
  const where = `socket ${i} (${dashboard.user.email})`;
  expect(
    dashboard.events.map((e) => e.seq),
    where,
  ).toEqual(stream.events.map((e) => e.seq));
  for (const token of watchListOf(i)) {
    const last = dashboard.ticks.findLast((t) => t.token === token);
    expect(last?.price, `${where}, instrument ${token}`).toBe(stream.lastPrices.get(token));
  }
}

/** Watched instruments only; per instrument rising prices, at most one per interval, flowing. */
function expectConflated(
  dashboard: RecordingDashboard,
  i: number,
  maxTicks: number,
  streamMs: number,
) {
  const watched = watchListOf(i);
  expect(new Set(dashboard.ticks.map((t) => t.token))).toEqual(new Set(watched));
  for (const token of watched) {
    const prices = dashboard.ticks.filter((t) => t.token === token).map((t) => t.price);
    const where = `socket ${i}, instrument ${token}: ${prices.length} ticks`;
    expect(
      prices.every((price, k) => k === 0 || price > (prices[k - 1] ?? 0)),
      where,
    ).toBe(true);
    expect(prices.length, where).toBeLessThanOrEqual(maxTicks);
    // About one per interval, not a trickle: conflation must not starve a screen either.
    expect(prices.length, where).toBeGreaterThanOrEqual(Math.floor(streamMs / CONFLATE_MS / 2));
  }
}
