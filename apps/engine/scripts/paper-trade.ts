import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createLogger, loadEnv } from '@kavach/config';

/**
 * `pnpm start` until the all-in-one process lands: with no KITE_ROOT, start kite-sim and
 * point the engine at it, so the engine paper-trades a simulated NSE session with nothing
 * installed; with KITE_ROOT, start only the engine. Ctrl-C stops both, engine first.
 */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const env = loadEnv();
const logger = createLogger('start', env.LOG_LEVEL);

function run(entry: string, extraEnv: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: repoRoot,
    // The children read their configuration from this environment, through the env module.
    // eslint-disable-next-line no-restricted-syntax
    env: { ...process.env, ...extraEnv },
    stdio: 'inherit',
  });
}

async function waitForSimulator(root: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`kite-sim exited with ${child.exitCode}`);
    const ready = await fetch(`${root}/_sim/state`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('kite-sim did not start within 60 s');
}

async function main(): Promise<void> {
  let sim: ChildProcess | null = null;
  let kiteRoot = env.KITE_ROOT;
  if (kiteRoot === undefined) {
    kiteRoot = `http://127.0.0.1:${env.KITE_SIM_PORT}`;
    // Postbacks reach the engine too, beside the ticker and polling, as Zerodha's would.
    sim = run('apps/kite-sim/src/main.ts', {
      KITE_SIM_POSTBACK_URL:
        env.KITE_SIM_POSTBACK_URL ?? `http://127.0.0.1:${env.ENGINE_PORT}/postback`,
    });
    await waitForSimulator(kiteRoot, sim);
    logger.info({ kiteRoot }, 'kite-sim ready: the engine paper-trades on it');
  }
  const engine = run('apps/engine/src/main.ts', { KITE_ROOT: kiteRoot });
  const stop = (signal: NodeJS.Signals) => {
    engine.kill(signal);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  engine.on('exit', (code) => {
    sim?.kill('SIGTERM');
    process.exitCode = code ?? 1;
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
