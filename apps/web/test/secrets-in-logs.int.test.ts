import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '@kavach/db';
import { checkReliability, findFreePort, logInThroughKitePage } from '@kavach/testkit';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Secrets never reach a log or the database in the clear. `pnpm start`'s process (kite-sim, the
 * engine and the dashboard on one PGlite) runs at LOG_LEVEL=trace while a person signs in,
 * connects Kite through the dashboard, a script logs in to Kite through the engine API, a
 * TradingView alert arrives with its secret, and everyone gets things wrong as well (a wrong
 * password, a wrong webhook secret, a request token Kite refuses). Then every byte the process
 * wrote and every row of every table are searched for every secret value.
 */
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const canary = (name: string) => `${name}${randomBytes(12).toString('hex')}`;
const SECRETS = {
  ENGINE_API_TOKEN: canary('engtok'),
  AUTH_SECRET: canary('authsecret-0123456789'),
  KITE_API_SECRET: canary('kitesecret'),
  KITE_SIM_CONTROL_TOKEN: canary('simcontrol'),
  DATA_ENCRYPTION_KEY: canary('datakey-0123456789'),
  ADMIN_PASSWORD: canary('adminpw'),
  TRADINGVIEW_SECRET: canary('tvsecret'),
  NEW_USER_PASSWORD: canary('userpw'),
  WRONG_PASSWORD: canary('wrongpw'),
  WRONG_WEBHOOK_SECRET: canary('wrongtv'),
};
const ADMIN_EMAIL = 'admin@secrets.example';
const KITE_API_KEY = 'secrets_test_key';
const STRATEGY = 'orb-15m';

let dataDir: string;
let child: ChildProcess;
let output = '';
let web: string;
let engine: string;
let simRoot: string;
/** Values minted while the process ran: request tokens, session cookies. */
const minted = new Map<string, string>();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kavach-secrets-'));
  const [webPort, enginePort, simPort] = [
    await findFreePort(),
    await findFreePort(),
    await findFreePort(),
  ];
  web = `http://127.0.0.1:${webPort}`;
  engine = `http://127.0.0.1:${enginePort}`;
  simRoot = `http://127.0.0.1:${simPort}`;
  child = spawn(process.execPath, ['--import', 'tsx', 'apps/all-in-one/src/main.ts'], {
    cwd: REPO,
    env: {
      // Handing the environment down to a child process, not reading configuration.
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      TZ: 'UTC',
      LOG_LEVEL: 'trace',
      DATA_DIR: dataDir,
      WEB_PORT: String(webPort),
      ENGINE_PORT: String(enginePort),
      ENGINE_URL: engine,
      KITE_SIM_PORT: String(simPort),
      KITE_SIM_SPEED: '20',
      KITE_API_KEY,
      KITE_API_SECRET: SECRETS.KITE_API_SECRET,
      KITE_SIM_CONTROL_TOKEN: SECRETS.KITE_SIM_CONTROL_TOKEN,
      KITE_REDIRECT_URL: `${web}/api/kite/callback`,
      ENGINE_API_TOKEN: SECRETS.ENGINE_API_TOKEN,
      AUTH_SECRET: SECRETS.AUTH_SECRET,
      DATA_ENCRYPTION_KEY: SECRETS.DATA_ENCRYPTION_KEY,
      ADMIN_EMAIL,
      ADMIN_PASSWORD: SECRETS.ADMIN_PASSWORD,
      TRADINGVIEW_WEBHOOK_SECRETS: `${STRATEGY}:${SECRETS.TRADINGVIEW_SECRET}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  process.once('exit', () => child.kill('SIGKILL'));
  const deadline = performance.now() + 90_000;
  while (!(await answers(`${web}/api/health`)) || !(await answers(`${engine}/healthz`))) {
    if (child.exitCode !== null) throw new Error(`Kavach exited:\n${output.slice(-4_000)}`);
    if (performance.now() > deadline)
      throw new Error(`Kavach did not start:\n${output.slice(-4_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}, 120_000);

afterAll(async () => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.status < 500;
  } catch {
    return false;
  }
}

async function signIn(password: string): Promise<Response> {
  return fetch(`${web}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: web },
    body: JSON.stringify({ email: ADMIN_EMAIL, password }),
  });
}

function engineCall(path: string, body: unknown, token = SECRETS.ENGINE_API_TOKEN) {
  return fetch(`${engine}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}

/** Where each secret value occurs in `text`, by name. */
function leaks(text: string, secrets: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const [name, value] of secrets) {
    const at = text.indexOf(value);
    if (at >= 0)
      found.push(`${name}: …${text.slice(Math.max(0, at - 160), at + value.length + 40)}…`);
  }
  return found;
}

describe('secrets at rest and in logs', () => {
  it('uses every secret while running at trace level', async () => {
    // A person mistypes, then signs in.
    expect((await signIn(SECRETS.WRONG_PASSWORD)).status).toBe(401);
    const signedIn = await signIn(SECRETS.ADMIN_PASSWORD);
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    minted.set('session cookie', decodeURIComponent(cookie.split('=')[1]?.split('.')[0] ?? ''));

    // An admin adds a user with a first password.
    const created = await fetch(`${web}/api/trpc/users.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: web, cookie },
      body: JSON.stringify({
        json: {
          name: 'Tara',
          email: 'trader@secrets.example',
          password: SECRETS.NEW_USER_PASSWORD,
          role: 'trader',
        },
      }),
    });
    expect(created.status).toBe(200);

    // The live socket, with the session cookie.
    const socket = io(web, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie, origin: web },
    });
    await new Promise((resolve, reject) => {
      socket.on('hello', resolve);
      socket.on('connect_error', reject);
    });
    socket.close();

    // Connect Kite from the dashboard: Kite's page, back through the callback to the engine.
    const start = await fetch(`${web}/api/kite/login`, { headers: { cookie }, redirect: 'manual' });
    const back = await logInThroughKitePage(start.headers.get('location') ?? '');
    minted.set('request token (dashboard)', back.searchParams.get('request_token') ?? '');
    const connected = await fetch(back, { headers: { cookie }, redirect: 'manual' });
    expect(connected.headers.get('location')).toBe('/kite?kite=connected');

    // Kite fails: refused tokens, errors and a gateway page, as the engine reconciles; their
    // errors are logged (with whatever the client attached to them).
    const sim = (path: string, body: unknown, method = 'POST') =>
      fetch(`${simRoot}/_sim${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${SECRETS.KITE_SIM_CONTROL_TOKEN}`,
        },
        ...(method === 'GET' ? {} : { body: JSON.stringify(body) }),
      });
    for (const fault of [
      { kind: 'status', status: 403, count: 2 },
      { kind: 'status', status: 500, count: 2 },
      { kind: 'status', status: 502, body: 'html', count: 2 },
    ]) {
      expect((await sim('/faults/http', fault)).status).toBe(200);
    }
    const deadline = performance.now() + 20_000;
    for (;;) {
      await engineCall('/api/reconciliation/run', { reason: 'secrets test' });
      const left = (await (await sim('/faults', null, 'GET')).json()) as { http: unknown[] };
      if (left.http.length === 0) break;
      if (performance.now() > deadline) throw new Error('the engine never met the Kite faults');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    // A script logs in through the engine API: once with a token Kite refuses, once right.
    const script = await logInThroughKitePage(
      `${simRoot}/connect/login?api_key=${KITE_API_KEY}&v=3`,
    );
    const requestToken = script.searchParams.get('request_token') ?? '';
    minted.set('request token (script)', requestToken);
    minted.set('request token (refused)', 'ffffffffffffffffffffffffffff0000');
    expect(
      (await engineCall('/session', { request_token: 'ffffffffffffffffffffffffffff0000' })).status,
    ).toBeGreaterThanOrEqual(400);
    expect((await engineCall('/session', { request_token: requestToken })).status).toBe(200);
    // A replayed request token is refused by Kite.
    expect(
      (await engineCall('/session', { request_token: requestToken })).status,
    ).toBeGreaterThanOrEqual(400);
    // A caller with a wrong engine token.
    expect(
      (await engineCall('/pause', { reason: 'x' }, `${SECRETS.ENGINE_API_TOKEN}x`)).status,
    ).toBe(401);

    // TradingView: a good alert, a wrong secret, a malformed alert carrying the right secret.
    const alert = {
      secret: SECRETS.TRADINGVIEW_SECRET,
      idempotency_key: 'secrets-1',
      symbol: 'INFY',
      exchange: 'NSE',
      action: 'BUY',
      price: 1500,
      stop: 1485,
      targets: [1520],
      risk_amount: 2000,
    };
    const hook = (body: unknown) =>
      fetch(`${engine}/webhooks/tradingview/${STRATEGY}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await hook(alert)).status).toBeLessThan(500);
    expect((await hook({ ...alert, secret: SECRETS.WRONG_WEBHOOK_SECRET })).status).toBe(401);
    expect((await hook({ ...alert, idempotency_key: 'secrets-2', price: 'much' })).status).toBe(
      400,
    );
    // The same secret in a non-JSON body (TradingView sends text/plain when the message is not JSON).
    await fetch(`${engine}/webhooks/tradingview/${STRATEGY}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: `secret=${SECRETS.TRADINGVIEW_SECRET} buy INFY`,
    });

    // Sign out; then the process stops as Ctrl-C stops it.
    await fetch(`${web}/api/auth/sign-out`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: web, cookie },
      body: '{}',
    });
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code, output.slice(-2_000)).toBe(0);
  }, 55_000);

  it('wrote none of them to its logs', async () => {
    await checkReliability(
      {
        area: 'security',
        fault:
          'all-in-one at LOG_LEVEL=trace: logins, Kite login, webhooks, mistakes; stdout+stderr grepped',
        expected: 'no secret, password, request/access token or session token in any log line',
        source: import.meta.url,
      },
      async () => {
        const secrets = await allSecrets();
        const lines = output.split('\n').length;
        // The logs are real: the traffic above is in them, refusals and errors included.
        for (const message of [
          'Kite session renewed from the dashboard',
          'Kite refused the login',
          'tradingview alert with a wrong or missing secret',
          'tradingview alert invalid',
          'kite-sim state saved',
          'Injected fault',
        ]) {
          expect(output).toContain(message);
        }
        expect(leaks(output, secrets)).toEqual([]);
        return { secrets: secrets.size, logLines: lines, logBytes: output.length, leaks: 0 };
      },
    );
  });

  it('stored none of them in the clear in the database', async () => {
    await checkReliability(
      {
        area: 'security',
        fault: 'every row of every table (audit_log, alerts, webhook_deliveries, kite_sessions, …)',
        expected: 'no secret in the clear; the Kite access token sealed; passwords hashed',
        source: import.meta.url,
      },
      async () => {
        const secrets = await allSecrets();
        // Sessions are looked up by their token: the session table holds it, as it must.
        secrets.delete('session cookie');
        const db = createDb({ dataDir });
        try {
          const tables = await db.prisma.$queryRawUnsafe<{ name: string }[]>(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
          );
          let rows = 0;
          const found: string[] = [];
          for (const { name } of tables) {
            const dump = await db.prisma.$queryRawUnsafe<{ row: string }[]>(
              `SELECT row_to_json(t)::text AS row FROM "${name}" t`,
            );
            rows += dump.length;
            for (const leak of leaks(dump.map((r) => r.row).join('\n'), secrets)) {
              found.push(`${name}: ${leak}`);
            }
          }
          expect(tables.map((t) => t.name)).toEqual(
            expect.arrayContaining(['audit_log', 'webhook_deliveries', 'kite_sessions']),
          );
          const sessions = await db.prisma.kiteSession.findMany();
          expect(sessions.length).toBeGreaterThan(0);
          for (const s of sessions) expect(s.accessToken).toMatch(/^v1\./);
          expect(await db.prisma.webhookDelivery.count()).toBeGreaterThan(0);
          expect(found).toEqual([]);
          return { tables: tables.length, rows, secrets: secrets.size, leaks: 0 };
        } finally {
          await db.close();
        }
      },
    );
  });
});

/**
 * The configured secrets, what was minted while running (request tokens, session cookies), and
 * every Kite access and public token the simulated broker issued (its saved state).
 */
async function allSecrets(): Promise<Map<string, string>> {
  const secrets = new Map<string, string>(Object.entries(SECRETS));
  for (const [name, value] of minted) if (value.length >= 16) secrets.set(name, value);
  const state = JSON.parse(await readFile(join(dataDir, 'kite-sim-state.json'), 'utf8')) as unknown;
  let n = 0;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if ((key === 'accessToken' || key === 'publicToken') && typeof inner === 'string') {
          secrets.set(`Kite ${key} #${(n += 1)}`, inner);
        } else visit(inner);
      }
    }
  };
  visit(state);
  expect(n, 'the simulated broker issued access tokens').toBeGreaterThanOrEqual(4);
  return secrets;
}
