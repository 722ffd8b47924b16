import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from './free-port';

const run = promisify(execFile);

export interface PostgresServer {
  /** postgresql://postgres@127.0.0.1:<port>/postgres (trust auth, loopback only). */
  readonly url: string;
  readonly port: number;
  /** Creates an empty database on this server (names: [a-z_][a-z0-9_]*); returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Takes the server down (a fast shutdown: every client is disconnected), keeping its data. */
  takeDown(): Promise<void>;
  /** Starts it again on the same port and data after takeDown(). */
  bringUp(): Promise<void>;
  /** Stops the server and deletes its files. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Directory holding initdb and postgres; default: newest /usr/lib/postgresql/<n>/bin, else PATH. */
  readonly binDir?: string;
  /** Give up waiting for the server after this long; default 30 s. */
  readonly startTimeoutMs?: number;
  /**
   * Keep PostgreSQL's durability on (fsync, synchronous commit), as a production server runs:
   * for benchmarks, whose figures must include the commit's flush. Default off, for speed.
   */
  readonly durable?: boolean;
}

interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/**
 * A throwaway PostgreSQL: initdb into a temp directory, then postgres on a free port bound to
 * 127.0.0.1 with its unix socket in that directory, durability off for speed (see `durable`). PostgreSQL
 * refuses to run as root, so under root (CI containers) it runs as the `postgres` user, or
 * `nobody` when there is none.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const binDir = options.binDir ?? (await findPostgresBinDir());
  const runAs = process.getuid?.() === 0 ? await findUnprivilegedUser() : undefined;
  const root = await mkdtemp(join(tmpdir(), 'kavach-pg-'));
  try {
    const dataDir = join(root, 'data');
    const socketDir = join(root, 'socket');
    await mkdir(socketDir);
    if (runAs !== undefined) {
      await chown(root, runAs.uid, runAs.gid);
      await chown(socketDir, runAs.uid, runAs.gid);
    }
    await initDatabase(binDir, dataDir, runAs);
    const started = await startServer(binDir, dataDir, socketDir, runAs, options);
    const { port } = started;
    let child: ChildProcess | null = started.child;
    const urlOf = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
    return {
      url: urlOf('postgres'),
      port,
      createDatabase: async (name) => {
        if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new RangeError(`bad database name ${name}`);
        await run(join(binDir, 'createdb'), [
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '-U',
          'postgres',
          name,
        ]);
        return urlOf(name);
      },
      takeDown: async () => {
        if (child !== null) await stopServer(child);
        child = null;
      },
      bringUp: async () => {
        if (child !== null) return;
        const next = spawnServer(binDir, dataDir, socketDir, runAs, port, options.durable);
        await waitUntilReady(next, options.startTimeoutMs ?? 30_000);
        child = next;
      },
      stop: once(async () => {
        if (child !== null) await stopServer(child);
        await rm(root, { recursive: true, force: true });
      }),
    };
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

async function findPostgresBinDir(): Promise<string> {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = (await readdir(base))
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const dir = join(base, version, 'bin');
      if (existsSync(join(dir, 'postgres'))) return dir;
    }
  }
  try {
    const { stdout } = await run('pg_config', ['--bindir']);
    return stdout.trim();
  } catch {
    throw new Error(
      'PostgreSQL server binaries not found: install postgresql (e.g. apt-get install postgresql-15) or pass binDir',
    );
  }
}

async function findUnprivilegedUser(): Promise<RunAs> {
  for (const user of ['postgres', 'nobody']) {
    try {
      const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
      return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
    } catch {
      // no such user: try the next
    }
  }
  throw new Error('running as root and neither `postgres` nor `nobody` exists to run PostgreSQL');
}

function spawnOptions(runAs: RunAs | undefined) {
  // A neutral working directory: the unprivileged user may not be able to enter ours.
  return { cwd: '/', ...(runAs === undefined ? {} : { uid: runAs.uid, gid: runAs.gid }) };
}

async function initDatabase(binDir: string, dataDir: string, runAs: RunAs | undefined) {
  const args = ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C'];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(join(binDir, 'initdb'), [...args, '--no-sync'], {
      ...spawnOptions(runAs),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`initdb exited with ${code}: ${stderr.trim()}`));
    });
  });
}

async function startServer(
  binDir: string,
  dataDir: string,
  socketDir: string,
  runAs: RunAs | undefined,
  options: StartPostgresOptions,
): Promise<{ child: ChildProcess; port: number }> {
  // The port is free when picked but could be taken before postgres binds it: retry then.
  for (let attempt = 1; ; attempt += 1) {
    const port = await findFreePort();
    const child = spawnServer(binDir, dataDir, socketDir, runAs, port, options.durable);
    try {
      await waitUntilReady(child, options.startTimeoutMs ?? 30_000);
      return { child, port };
    } catch (error) {
      await stopServer(child);
      if (attempt >= 3 || !(error instanceof PortInUseError)) throw error;
    }
  }
}

function spawnServer(
  binDir: string,
  dataDir: string,
  socketDir: string,
  runAs: RunAs | undefined,
  port: number,
  durable = false,
): ChildProcess {
  const fast = [
    ['-c', 'fsync=off'],
    ['-c', 'synchronous_commit=off'],
    ['-c', 'full_page_writes=off'],
  ];
  const child = spawn(
    join(binDir, 'postgres'),
    [
      ['-D', dataDir],
      ['-p', String(port)],
      ['-k', socketDir],
      ['-c', 'listen_addresses=127.0.0.1'],
      ...(durable ? [] : fast),
    ].flat(),
    { ...spawnOptions(runAs), stdio: ['ignore', 'ignore', 'pipe'] },
  );
  stopOnExit(child);
  return child;
}

class PortInUseError extends Error {}

function waitUntilReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => {
      finish(new Error(`postgres did not start within ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('database system is ready to accept connections')) finish();
      else if (log.includes('Address already in use')) finish(new PortInUseError(log));
    };
    const onExit = (code: number | null) => {
      finish(new Error(`postgres exited with ${code} before accepting connections:\n${log}`));
    };
    function finish(error?: Error) {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      // Keep draining the log so a full pipe never blocks the server.
      child.stderr?.resume();
      if (error === undefined) resolve();
      else reject(error);
    }
    child.stderr?.on('data', onData);
    child.on('exit', onExit);
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  // SIGINT is PostgreSQL's "fast" shutdown: disconnect clients, stop cleanly.
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
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
    // SIGQUIT: immediate shutdown, the only kind that fits a synchronous exit handler.
    for (const server of running) server.kill('SIGQUIT');
  });
}

function once(action: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= action());
}
