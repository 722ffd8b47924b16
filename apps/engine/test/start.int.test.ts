import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '@kavach/db';
import { findFreePort } from '@kavach/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));

function startEngine(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: appDir,
    // Only what the engine needs: no DATABASE_URL or REDIS_URL leaks in from the runner.
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function waitForHealth(url: string, child: ChildProcess): Promise<Response> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`engine exited with ${child.exitCode}`);
    try {
      return await fetch(url);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error('engine did not answer within 60 s');
}

describe('pnpm start (the engine on embedded PostgreSQL)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kavach-engine-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('migrates, serves health and market status, and stops cleanly on SIGTERM', async () => {
    const port = await findFreePort();
    const engine = startEngine({ DATA_DIR: dataDir, ENGINE_PORT: String(port) });
    try {
      const health = await waitForHealth(`http://127.0.0.1:${port}/health`, engine.child);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({
        status: 'ok',
        mode: 'PAPER',
        database: { ok: true, kind: 'pglite' },
        market: { calendar: 'NSE 2026' },
      });
      const market = (await (await fetch(`http://127.0.0.1:${port}/api/market`)).json()) as {
        now: string;
      };
      expect(market.now).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    } finally {
      engine.child.kill('SIGTERM');
    }
    const [code] = (await once(engine.child, 'exit')) as [number | null];
    expect(code, engine.output()).toBe(0);

    const db = createDb({ dataDir });
    try {
      const actions = await db.prisma.auditLog.findMany({
        where: { actor: 'engine' },
        orderBy: { at: 'asc' },
        select: { action: true },
      });
      expect(actions.map((a) => a.action)).toEqual(['engine.started', 'engine.stopped']);
    } finally {
      await db.close();
    }
  });

  it('refuses to start with a bad environment and names the variable', async () => {
    const engine = startEngine({ DATA_DIR: dataDir, TRADING_MODE: 'LIVE' });
    const [code] = (await once(engine.child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(engine.output()).toContain('TRADING_MODE: LIVE requires ALLOW_LIVE=true');
  });
});
