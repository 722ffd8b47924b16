import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '@kavach/testkit';
import { KiteConnect } from 'kiteconnect';
import { afterAll, describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
let child: ChildProcess | null = null;

afterAll(() => {
  if (child !== null && child.exitCode === null) child.kill('SIGKILL');
});

function waitForLine(process: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      reject(new Error(`no line matching ${String(pattern)} within ${timeoutMs} ms:\n${seen}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString('utf8');
      const line = seen.split('\n').find((l) => pattern.test(l));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(line);
      }
    };
    process.stdout?.on('data', onData);
    process.stderr?.on('data', onData);
  });
}

describe('src/main.ts (what `pnpm start` runs)', () => {
  it('serves Kite on the configured port with the configured credentials and stops on SIGTERM', async () => {
    const port = await findFreePort();
    child = spawn(
      fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url)),
      ['src/main.ts'],
      {
        cwd: appDir,
        env: {
          ...process.env,
          KITE_SIM_PORT: String(port),
          KITE_API_KEY: 'main_test_key',
          KITE_API_SECRET: 'main_test_secret',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const ready = JSON.parse(await waitForLine(child, /kite-sim ready/, 30_000)) as Record<
      string,
      unknown
    >;
    expect(ready).toMatchObject({
      root: `http://127.0.0.1:${port}`,
      ticker: `ws://127.0.0.1:${port}/ws`,
      login: `http://127.0.0.1:${port}/connect/login?api_key=main_test_key&v=3`,
    });

    const root = `http://127.0.0.1:${port}`;
    const minted = await fetch(`${root}/_sim/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: 'main_test_key' }),
    });
    const { access_token: accessToken } = (await minted.json()) as { access_token: string };
    const kc = new KiteConnect({ api_key: 'main_test_key', root, access_token: accessToken });
    const ltp = await kc.getLTP(['NSE:INFY']);
    expect(ltp['NSE:INFY']?.last_price).toBeGreaterThan(0);

    const exited = new Promise<number | null>((resolve) => {
      child?.once('exit', (code) => {
        resolve(code);
      });
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
