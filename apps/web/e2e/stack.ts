import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '@kavach/testkit';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const ADMIN = { email: 'admin@e2e.example', password: 'admin-password-e2e' };
export const WEBHOOK = { strategy: 'e2e', secret: 'e2e-webhook-secret-0123456789' };

/** Where the running stack is, for the tests (written by the global setup). */
export interface StackInfo {
  readonly web: string;
  /** A second dashboard process on the same Redis (distributed topology only). */
  readonly webReplica?: string;
  readonly webReplicaPid?: number | null;
  readonly engine: string;
  /** The hot standby engine, and the trading engine's pid to kill (distributed only). */
  readonly engineStandby?: string;
  readonly enginePid?: number | null;
  readonly sim: string;
  readonly dataDir: string;
}

export interface RunningStack extends StackInfo {
  readonly output: () => string;
  readonly stop: () => Promise<void>;
}

/**
 * Trading config for the suite: the built-in strategies off, so that every position on
 * screen is one a test opened (through the TradingView webhook, as a trader's alert would).
 */
export const E2E_TRADING_CONFIG = `
capitalRupees: 1000000
universe: [NSE:INFY, NSE:TCS, NSE:RELIANCE, NSE:SBIN, NSE:ITC]
risk: { maxOpenPositions: 10, portfolioHeatPct: 20, maxNotionalPerOrderRupees: 200000 }
strategies: { orb: { enabled: false }, vwap_ema: { enabled: false } }
`;

/** `pnpm start` (the all-in-one process) on free ports and a fresh data directory. */
export async function startStack(): Promise<RunningStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kavach-e2e-'));
  const config = join(dataDir, 'trading.yaml');
  await writeFile(config, E2E_TRADING_CONFIG);
  const [web, engine, sim] = [await findFreePort(), await findFreePort(), await findFreePort()];
  let output = '';
  // One process (no wrapper): SIGINT reaches the launcher itself, as Ctrl-C would.
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'apps/all-in-one/src/main.ts'],
    {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        TRADING_CONFIG: config,
        WEB_PORT: String(web),
        ENGINE_PORT: String(engine),
        ENGINE_URL: `http://127.0.0.1:${engine}`,
        KITE_SIM_PORT: String(sim),
        // Real time: prices move only as much as the tests make them.
        KITE_SIM_SPEED: '1',
        KITE_REDIRECT_URL: `http://127.0.0.1:${web}/api/kite/callback`,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        TRADINGVIEW_WEBHOOK_SECRETS: `${WEBHOOK.strategy}:${WEBHOOK.secret}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const info: StackInfo = {
    web: `http://127.0.0.1:${web}`,
    engine: `http://127.0.0.1:${engine}`,
    sim: `http://127.0.0.1:${sim}`,
    dataDir,
  };
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the stack exited:\n${output}`);
    const up = await fetch(`${info.web}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`the stack did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    ...info,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGINT');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
