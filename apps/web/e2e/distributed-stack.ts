import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findFreePort, startPostgres, startRedis } from '@kavach/testkit';
import { ADMIN, E2E_TRADING_CONFIG, REPO_ROOT, WEBHOOK } from './stack';
import type { RunningStack } from './stack';

const run = promisify(execFile);
const ENGINE_TOKEN = 'e2e-distributed-engine-token-0123456789';
const AUTH_SECRET = 'e2e-distributed-auth-secret-0123456789abcdef';

interface Service {
  readonly name: string;
  readonly child: ChildProcess;
}

/**
 * The production topology as separate processes, each started by its documented command:
 * PostgreSQL and Redis, `pnpm db:migrate` once, kite-sim, an engine trading and a second one
 * waiting as its hot standby, and two dashboard replicas on one Redis.
 */
export async function startDistributedStack(): Promise<RunningStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kavach-e2e-dist-'));
  const config = join(dataDir, 'trading.yaml');
  await writeFile(config, E2E_TRADING_CONFIG);
  const services: Service[] = [];
  let output = '';
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const service of [...services].reverse()) await stopService(service);
    for (const stopOne of stops.reverse()) await stopOne();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const postgres = await startPostgres();
    stops.push(() => postgres.stop());
    const redis = await startRedis();
    stops.push(() => redis.stop());
    const databaseUrl = await postgres.createDatabase('kavach');
    const base: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TZ: 'UTC',
      NODE_ENV: 'production' as const,
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
    };
    await run('pnpm', ['db:migrate'], { cwd: REPO_ROOT, env: base });

    const simPort = await findFreePort();
    const sim = `http://127.0.0.1:${simPort}`;
    const [enginePort, standbyPort] = [await findFreePort(), await findFreePort()];
    const engine = `http://127.0.0.1:${enginePort}`;
    const [webPort, replicaPort] = [await findFreePort(), await findFreePort()];
    const web = `http://127.0.0.1:${webPort}`;
    const replica = `http://127.0.0.1:${replicaPort}`;

    const start = (name: string, script: string, env: Record<string, string>) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script], {
        cwd: REPO_ROOT,
        env: { ...base, DATA_DIR: join(dataDir, name), ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const label = (chunk: Buffer) => (output += `[${name}] ${chunk.toString()}`);
      child.stdout.on('data', label);
      child.stderr.on('data', label);
      services.push({ name, child });
      return child;
    };
    const ready = (name: string, child: ChildProcess, url: string, status?: string) =>
      waitUntilUp(name, child, url, status, () => output);

    const simChild = start('kite-sim', 'apps/kite-sim/src/main.ts', {
      KITE_SIM_PORT: String(simPort),
      KITE_SIM_SPEED: '1',
      KITE_SIM_POSTBACK_URL: `${engine}/postback`,
    });
    await ready('kite-sim', simChild, `${sim}/_sim/state`);

    const engineEnv = (port: number) => ({
      MIGRATE_ON_START: 'false',
      ENGINE_PORT: String(port),
      ENGINE_URL: `http://127.0.0.1:${port}`,
      ENGINE_API_TOKEN: ENGINE_TOKEN,
      KITE_ROOT: sim,
      TRADING_CONFIG: config,
      TRADINGVIEW_WEBHOOK_SECRETS: `${WEBHOOK.strategy}:${WEBHOOK.secret}`,
    });
    const engineChild = start('engine', 'apps/engine/src/main.ts', engineEnv(enginePort));
    await ready('engine', engineChild, `${engine}/healthz`, 'ok');
    const standbyChild = start('engine-standby', 'apps/engine/src/main.ts', engineEnv(standbyPort));
    await ready(
      'engine-standby',
      standbyChild,
      `http://127.0.0.1:${standbyPort}/healthz`,
      'standby',
    );

    const webEnv = (port: number) => ({
      WEB_PORT: String(port),
      WEB_PUBLIC_URL: `http://127.0.0.1:${port}`,
      ENGINE_URL: engine,
      ENGINE_API_TOKEN: ENGINE_TOKEN,
      AUTH_SECRET,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      KITE_ROOT: sim,
      KITE_REDIRECT_URL: `http://127.0.0.1:${port}/api/kite/callback`,
    });
    // One after the other: the first builds the pages if they are stale and seeds the admin.
    const webChild = start('web', 'apps/web/src/server/main.ts', webEnv(webPort));
    await ready('web', webChild, `${web}/api/health`);
    const replicaChild = start('web-replica', 'apps/web/src/server/main.ts', webEnv(replicaPort));
    await ready('web-replica', replicaChild, `${replica}/api/health`);

    return {
      web,
      webReplica: replica,
      webReplicaPid: replicaChild.pid ?? null,
      engine,
      engineStandby: `http://127.0.0.1:${standbyPort}`,
      enginePid: engineChild.pid ?? null,
      sim,
      dataDir,
      output: () => output,
      stop,
    };
  } catch (error) {
    await stop();
    throw new Error(`the distributed stack did not start: ${String(error)}\n${output}`, {
      cause: error,
    });
  }
}

async function waitUntilUp(
  name: string,
  child: ChildProcess,
  url: string,
  status: string | undefined,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    const up = await fetch(url).then(
      async (response) =>
        status === undefined
          ? response.ok
          : ((await response.json()) as { status?: string }).status === status,
      () => false,
    );
    if (up) return;
    if (Date.now() > deadline) throw new Error(`${name} did not come up at ${url}:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function stopService(service: Service): Promise<void> {
  const { child } = service;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}
