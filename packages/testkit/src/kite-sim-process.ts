import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from './free-port';
import { logInThroughKitePage } from './kite-login';

export interface StartKiteSimProcessOptions {
  /** Default `kavach_test_key`. */
  readonly apiKey?: string;
  /** Default `kavach_test_secret`. */
  readonly apiSecret?: string;
  /** KITE_SIM_SPEED: virtual-clock speed, 1 = real time (default). */
  readonly speed?: number;
  /** KITE_SIM_POSTBACK_URL: where order postbacks are POSTed. */
  readonly postbackUrl?: string;
  /** Further environment for the simulator (KITE_SIM_SEED, KITE_SIM_TOKEN_EXPIRY, …). */
  readonly env?: Readonly<Record<string, string>>;
  /** Give up waiting for `GET /_sim/state` after this long; default 30 s. */
  readonly startTimeoutMs?: number;
}

export interface KiteSimProcess {
  /** REST root for `KiteConnect`, e.g. http://127.0.0.1:41234. */
  readonly root: string;
  /** Ticker root for the Kite ticker socket, e.g. ws://127.0.0.1:41234/ws. */
  readonly tickerRoot: string;
  readonly port: number;
  readonly apiKey: string;
  readonly apiSecret: string;
  /** A fresh access token from `POST /_sim/session`, as if the login flow had run. */
  readonly mintAccessToken: () => Promise<string>;
  /** A request token from the real login flow (page, form, redirect), for generateSession. */
  readonly requestToken: () => Promise<string>;
  /** JSON POST to the control API: `control('/market', { status: 'open' })`. Throws on non-2xx. */
  readonly control: (path: string, body?: unknown) => Promise<unknown>;
  /** GET on the control API: `inspect('/state')`. */
  readonly inspect: (path: string) => Promise<unknown>;
  /** Stops the simulator (its whole process group). Safe to call twice. */
  readonly stop: () => Promise<void>;
}

/** packages/testkit/src → the repository root, wherever the checkout lives. */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = join(REPO_ROOT, 'apps', 'kite-sim', 'src', 'main.ts');

/**
 * apps/kite-sim as a real process on a free loopback port: what packages may test against,
 * since nothing imports from apps/. It runs in its own process group, so `stop()` also ends
 * the node process tsx starts underneath.
 */
export async function startKiteSimProcess(
  options: StartKiteSimProcessOptions = {},
): Promise<KiteSimProcess> {
  if (!existsSync(TSX) || !existsSync(MAIN)) {
    throw new Error(`kite-sim not found: expected ${TSX} and ${MAIN} (run pnpm install)`);
  }
  const apiKey = options.apiKey ?? 'kavach_test_key';
  const apiSecret = options.apiSecret ?? 'kavach_test_secret';
  // The port is free when picked but could be taken before the simulator binds it: retry then.
  for (let attempt = 1; ; attempt += 1) {
    const port = await findFreePort();
    const child = spawnSimulator(port, apiKey, apiSecret, options);
    const root = `http://127.0.0.1:${port}`;
    try {
      await waitUntilReady(child, root, options.startTimeoutMs ?? 30_000);
    } catch (error) {
      await stopGroup(child);
      if (attempt >= 3 || !(error instanceof SimulatorExitedError)) throw error;
      continue;
    }
    const control = async (path: string, body: unknown = {}): Promise<unknown> => {
      const response = await fetch(`${root}/_sim${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`kite-sim control ${path}: ${response.status} ${text}`);
      return JSON.parse(text) as unknown;
    };
    const inspect = async (path: string): Promise<unknown> => {
      const response = await fetch(`${root}/_sim${path}`);
      const text = await response.text();
      if (!response.ok) throw new Error(`kite-sim control ${path}: ${response.status} ${text}`);
      return JSON.parse(text) as unknown;
    };
    return {
      root,
      tickerRoot: `ws://127.0.0.1:${port}/ws`,
      port,
      apiKey,
      apiSecret,
      mintAccessToken: async () => {
        const session = (await control('/session', { api_key: apiKey })) as {
          access_token?: unknown;
        };
        if (typeof session.access_token !== 'string') {
          throw new Error(`kite-sim minted no access token: ${JSON.stringify(session)}`);
        }
        return session.access_token;
      },
      requestToken: async () => {
        const redirect = await logInThroughKitePage(
          `${root}/connect/login?api_key=${encodeURIComponent(apiKey)}&v=3`,
        );
        const token = redirect.searchParams.get('request_token');
        if (token === null)
          throw new Error(`login redirect without request_token: ${redirect.href}`);
        return token;
      },
      control,
      inspect,
      stop: once(() => stopGroup(child)),
    };
  }
}

function spawnSimulator(
  port: number,
  apiKey: string,
  apiSecret: string,
  options: StartKiteSimProcessOptions,
): ChildProcess {
  const env: Record<string, string> = {
    ...inheritedEnv(),
    KITE_SIM_PORT: String(port),
    KITE_API_KEY: apiKey,
    KITE_API_SECRET: apiSecret,
    KITE_SIM_SPEED: String(options.speed ?? 1),
    LOG_LEVEL: 'warn',
    ...(options.postbackUrl === undefined ? {} : { KITE_SIM_POSTBACK_URL: options.postbackUrl }),
    ...options.env,
  };
  const child = spawn(TSX, [MAIN], {
    cwd: REPO_ROOT,
    // Next.js's types (in the dashboard's programs) declare NODE_ENV required on ProcessEnv:
    // needed there, redundant here.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    env: env as NodeJS.ProcessEnv,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  stopOnExit(child);
  return child;
}

/**
 * PATH and friends for the child, without the KITE_* variables a developer's shell could hold
 * for the real Kite: the simulator's settings come from the options alone.
 */
function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  // Handing the environment down to a child process, not reading configuration.
  // eslint-disable-next-line no-restricted-syntax
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('KITE_')) env[key] = value;
  }
  return env;
}

class SimulatorExitedError extends Error {}

async function waitUntilReady(child: ChildProcess, root: string, timeoutMs: number): Promise<void> {
  let log = '';
  const onData = (chunk: Buffer): void => {
    // Keep the tail only: enough to explain a failed start.
    log = (log + chunk.toString()).slice(-4_000);
  };
  child.stderr?.on('data', onData);
  let exitCode: number | null | undefined;
  const onExit = (code: number | null): void => {
    exitCode = code;
  };
  child.once('exit', onExit);
  const deadline = performance.now() + timeoutMs;
  try {
    for (;;) {
      if (exitCode !== undefined) {
        throw new SimulatorExitedError(
          `kite-sim exited with ${exitCode} before answering:\n${log}`,
        );
      }
      if (await answers(`${root}/_sim/state`)) return;
      if (performance.now() > deadline) {
        throw new Error(`kite-sim did not answer within ${timeoutMs} ms:\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    child.off('exit', onExit);
    child.stderr?.off('data', onData);
    // Keep draining its log so a full pipe never blocks the simulator.
    child.stderr?.resume();
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // A negative pid addresses the process group: tsx and the node process it starts.
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) {
    signalGroup(child, 'SIGKILL');
    return;
  }
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => {
    signalGroup(child, 'SIGKILL');
  }, 5_000);
  await exited;
  clearTimeout(timer);
  // tsx's own child may outlive it by a moment; make sure nothing of the group stays.
  signalGroup(child, 'SIGKILL');
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A test runner that dies without calling stop() must not leave simulators behind. */
function stopOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const simulator of running) signalGroup(simulator, 'SIGKILL');
  });
}

function once(action: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= action());
}
