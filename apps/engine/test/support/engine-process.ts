import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KiteSimProcess } from '@kavach/testkit';

/**
 * The engine as its own process (src/main.ts) for the fault tests, with what they share:
 * kite-sim reads through Kite's REST API, polling until something holds, and a TradingView
 * alert that opens a bracket at the best offer.
 */
const appDir = fileURLToPath(new URL('../..', import.meta.url));

/** node's arguments from the engine's start script, so the tests run it as production does. */
function readStartArgs(): string[] {
  const manifest = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const [command, ...args] = manifest.scripts.start.split(' ');
  if (command !== 'node') throw new Error(`the engine's start script is not node: ${command}`);
  return args;
}
const START_ARGS = readStartArgs();

/** Strategies off: every order at the broker is one a test opened. */
export const TEST_TRADING_CONFIG = `
capitalRupees: 1000000
universe: [NSE:INFY, NSE:TCS]
strategies: { orb: { enabled: false }, vwap_ema: { enabled: false } }
`;

export interface EngineProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly output: () => string;
}

/** `url` is where it will listen (its ENGINE_PORT); `env` is all it gets beyond PATH and TZ. */
export function spawnEngine(url: string, env: Readonly<Record<string, string>>): EngineProcess {
  const child = spawn(process.execPath, START_ARGS, {
    cwd: appDir,
    // Only what the test gives: no DATABASE_URL or REDIS_URL leaks in from the runner. PATH is
    // handed down to the child, not read as configuration.
    // eslint-disable-next-line no-restricted-syntax
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { url, child, output: () => output };
}

/** Sends `signal` unless the process has already ended, and waits for it to end. */
export async function endEngine(engine: EngineProcess, signal: NodeJS.Signals): Promise<void> {
  if (engine.child.exitCode !== null || engine.child.signalCode !== null) return;
  engine.child.kill(signal);
  await once(engine.child, 'exit');
}

/**
 * Resolves once the engine answers /healthz `ok`; fails with the end of its output when it
 * exits first or after `timeoutMs` (a start takes long on a busy machine).
 */
export async function waitUntilHealthy(engine: EngineProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const status = await fetch(`${engine.url}/healthz`).then(
      async (r) => ((await r.json()) as { status: string }).status,
      () => 'down',
    );
    if (status === 'ok') return;
    if (engine.child.exitCode !== null || performance.now() > deadline) {
      throw new Error(`the engine did not start (${status}):\n${engine.output().slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Polls `read` until `done` holds; after 30 s fails with the last value and `detail()`. */
export async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  detail: () => string = () => '',
): Promise<T> {
  const deadline = performance.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (performance.now() > deadline) {
      throw new Error(`${what}: ${JSON.stringify(value)}\n${detail()}`);
    }
    // kite-sim holds the test to Kite's rate limits too.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A GET on kite-sim's Kite API as the account's owner; throws on an answer without data. */
export async function readKite<T>(sim: KiteSimProcess, path: string): Promise<T> {
  const token = await sim.mintAccessToken();
  const response = await fetch(`${sim.root}${path}`, {
    headers: { authorization: `token ${sim.apiKey}:${token}`, 'x-kite-version': '3' },
  });
  const body = (await response.json()) as { data?: T; message?: string };
  if (body.data === undefined) {
    throw new Error(`kite-sim ${path}: ${response.status} ${body.message ?? ''}`);
  }
  return body.data;
}

export interface SimOrder {
  readonly tag: string | null;
  readonly status: string;
  readonly order_type: string;
  readonly transaction_type: string;
}

/**
 * A TradingView alert to the engine: BUY `quantity` INFY at the best offer, 1 % stop, 2 %
 * target. A `limit` (rupees) bids that instead, e.g. under the market so the entry rests.
 * Returns the engine's answer.
 */
export async function buyInfyThroughWebhook(
  sim: KiteSimProcess,
  engineUrl: string,
  webhook: { readonly strategy: string; readonly secret: string },
  idempotencyKey: string,
  quantity: number,
  limit?: number,
): Promise<Response> {
  const price = limit ?? (await readBestOffer(sim));
  return fetch(`${engineUrl}/webhooks/tradingview/${webhook.strategy}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      secret: webhook.secret,
      idempotency_key: idempotencyKey,
      symbol: 'INFY',
      exchange: 'NSE',
      action: 'BUY',
      price: price.toFixed(2),
      stop: (price * 0.99).toFixed(2),
      targets: [(price * 1.02).toFixed(2)],
      quantity,
    }),
  });
}

async function readBestOffer(sim: KiteSimProcess): Promise<number> {
  const quote = await readKite<Record<string, { depth: { sell: { price: number }[] } }>>(
    sim,
    '/quote?i=NSE:INFY',
  );
  return quote['NSE:INFY']?.depth.sell[0]?.price ?? 0;
}

/** A call on the engine API with its bearer token: GET, or POST with a JSON body. */
export async function callEngine(
  url: string,
  token: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
