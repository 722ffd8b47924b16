import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '@kavach/testkit';

/** apps/web, where `src/server/main.ts` runs from. */
const WEB_DIR = fileURLToPath(new URL('../', import.meta.url));

export interface WebProcessOptions {
  /** The dashboard's environment besides WEB_PORT and WEB_HOST (DATABASE_URL, REDIS_URL, …). */
  readonly env: Readonly<Record<string, string>>;
  /** Give up waiting for GET /api/health after this long; default 120 s. */
  readonly startTimeoutMs?: number;
}

export interface WebProcess {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly pid: number;
  /** The tail of its output, to explain a failure. */
  readonly output: () => string;
  /** SIGTERM (a clean stop), SIGKILL after 10 s. Safe to call twice. */
  readonly stop: () => Promise<void>;
}

/**
 * The standalone dashboard (`src/server/main.ts`, as `pnpm --filter @kavach/web start` runs it)
 * as its own process on a free loopback port, ready once it answers GET /api/health. One node
 * process, no wrapper: the signal reaches the dashboard itself.
 */
export async function startWebProcess(options: WebProcessOptions): Promise<WebProcess> {
  const port = await findFreePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: WEB_DIR,
    env: {
      // Handing the environment down to a child process, not reading configuration.
      // eslint-disable-next-line no-restricted-syntax
      PATH: process.env.PATH,
      // eslint-disable-next-line no-restricted-syntax
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: 'warn',
      WEB_HOST: '127.0.0.1',
      WEB_PORT: String(port),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  running.add(child);
  child.once('exit', () => running.delete(child));
  installExitHook();

  const url = `http://127.0.0.1:${port}`;
  const stop = once(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => {
        resolve();
      });
    });
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  });
  const deadline = performance.now() + (options.startTimeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the dashboard exited (${child.exitCode ?? child.signalCode}):\n${output}`);
    }
    if (await answers(`${url}/api/health`)) break;
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`the dashboard did not answer at ${url}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (child.pid === undefined) throw new Error('the dashboard process has no pid');
  return { url, pid: child.pid, output: () => output, stop };
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

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A test runner that dies without calling stop() must not leave dashboards behind. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

function once(action: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= action());
}
