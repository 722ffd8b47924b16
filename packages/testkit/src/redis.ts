import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './free-port';

export interface RedisServer {
  /** redis://127.0.0.1:<port> (no password, loopback only). */
  readonly url: string;
  readonly port: number;
  /** Stops the server and deletes its files. Safe to call twice. */
  stop(): Promise<void>;
  /**
   * Stops the server and starts it again on the same port (its data is gone: nothing is
   * persisted). `whileDown` runs while no server listens, e.g. to publish into the outage.
   */
  restart(whileDown?: () => Promise<void> | void): Promise<void>;
}

export interface StartRedisOptions {
  /** The redis-server executable; default `redis-server` from PATH. */
  readonly binary?: string;
  /** More server arguments, e.g. ['--maxmemory', '10mb']. */
  readonly args?: readonly string[];
  /** Give up waiting for the server to answer PING after this long; default 10 s. */
  readonly startTimeoutMs?: number;
}

/**
 * A throwaway Redis: redis-server on a free port bound to 127.0.0.1, working directory in a
 * temp dir, persistence off (`--save '' --appendonly no`), ready once it answers PING.
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'kavach-redis-'));
  try {
    const started = await startOnFreePort(dir, options);
    const { port } = started;
    let { child } = started;
    let stopped = false;
    const stop = once(async () => {
      stopped = true;
      await stopServer(child);
      await rm(dir, { recursive: true, force: true });
    });
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      stop,
      restart: async (whileDown) => {
        if (stopped) throw new Error('redis server was stopped');
        await stopServer(child);
        await whileDown?.();
        child = await startServer(dir, port, options);
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function startOnFreePort(
  dir: string,
  options: StartRedisOptions,
): Promise<{ child: ChildProcess; port: number }> {
  // The port is free when picked but could be taken before redis binds it: retry then.
  for (let attempt = 1; ; attempt += 1) {
    const port = await findFreePort();
    try {
      return { child: await startServer(dir, port, options), port };
    } catch (error) {
      if (attempt >= 3 || !(error instanceof PortInUseError)) throw error;
    }
  }
}

class PortInUseError extends Error {}

async function startServer(
  dir: string,
  port: number,
  options: StartRedisOptions,
): Promise<ChildProcess> {
  const args = [
    ['--port', String(port)],
    ['--bind', '127.0.0.1'],
    ['--save', ''],
    ['--appendonly', 'no'],
    ['--dir', dir],
    ['--daemonize', 'no'],
    ['--logfile', ''],
    ['--loglevel', 'warning'],
    options.args ?? [],
  ].flat();
  const child = spawn(options.binary ?? 'redis-server', args, {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  stopOnExit(child);
  try {
    await waitUntilReady(child, port, options.startTimeoutMs ?? 10_000);
    return child;
  } catch (error) {
    await stopServer(child);
    throw error;
  }
}

async function waitUntilReady(child: ChildProcess, port: number, timeoutMs: number) {
  let log = '';
  const collect = (chunk: Buffer) => {
    // Keep the start of the log only: enough to explain a failed start.
    if (log.length < 10_000) log += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exit: Error | undefined;
  child.once('error', (error) => {
    exit = new Error(`could not run ${child.spawnfile} (install redis-server): ${error.message}`);
  });
  child.once('exit', (code) => {
    exit ??= log.includes('Address already in use')
      ? new PortInUseError(log)
      : new Error(`redis-server exited with ${code} before answering PING:\n${log}`);
  });
  const deadline = performance.now() + timeoutMs;
  try {
    while (!(await answersPing(port))) {
      if (exit !== undefined) throw exit;
      if (performance.now() > deadline) {
        throw new Error(`redis-server did not answer PING within ${timeoutMs} ms:\n${log}`);
      }
      await sleep(25);
    }
  } finally {
    // Keep draining output so a full pipe never blocks the server.
    child.stdout?.off('data', collect).resume();
    child.stderr?.off('data', collect).resume();
  }
}

/** One inline PING over a fresh connection; true on +PONG. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => {
      finish(false);
    });
    socket.once('error', () => {
      finish(false);
    });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  // SIGTERM: redis closes its listener and exits (nothing to save with persistence off).
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A test runner that dies without calling stop() must not leave servers behind. */
function stopOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const server of running) server.kill('SIGKILL');
  });
}

function once(action: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= action());
}
