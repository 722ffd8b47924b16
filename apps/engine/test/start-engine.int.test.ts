import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalBus } from '@kavach/bus';
import type { Bus, EventMessage } from '@kavach/bus';
import { createLogger, parseEnv } from '@kavach/config';
import { createDb } from '@kavach/db';
import type { Db } from '@kavach/db';
import { findFreePort, startKiteSimProcess } from '@kavach/testkit';
import type { KiteSimProcess } from '@kavach/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine } from '../src/start-engine';

const shippedConfig = fileURLToPath(new URL('../../../config/trading.yaml', import.meta.url));
const logger = createLogger('engine', 'silent');

/** What the all-in-one process owns: one embedded database and one in-process bus. */
interface Shared {
  readonly db: Db;
  readonly bus: Bus;
  readonly dataDir: string;
  readonly close: () => Promise<void>;
}

async function openShared(migrated: boolean): Promise<Shared> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kavach-start-engine-'));
  const db = createDb({ dataDir });
  if (migrated) await db.migrate();
  const bus = createLocalBus({ logger });
  return {
    db,
    bus,
    dataDir,
    close: async () => {
      await bus.close();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The engine's environment, as the launcher would build it: nothing read from this process. */
function engineEnv(sim: KiteSimProcess, dataDir: string, port: number) {
  return parseEnv({
    DATA_DIR: dataDir,
    ENGINE_PORT: String(port),
    KITE_ROOT: sim.root,
    KITE_API_KEY: sim.apiKey,
    KITE_API_SECRET: sim.apiSecret,
    TRADING_CONFIG: shippedConfig,
  });
}

/** A message published now comes back to a subscriber: the bus still delivers. */
async function busDelivers(bus: Bus): Promise<boolean> {
  const seen: EventMessage[] = [];
  const off = await bus.subscribe('events', (message) => seen.push(message));
  try {
    await bus.publish('events', { type: 'probe', message: 'still there?', data: {}, at: 1 });
    const deadline = Date.now() + 5_000;
    while (seen.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return seen.some((message) => message.type === 'probe');
  } finally {
    await off();
  }
}

describe('startEngine in process, on a database and a bus the caller owns', () => {
  let sim: KiteSimProcess;

  beforeAll(async () => {
    sim = await startKiteSimProcess({ speed: 1 });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('serves /status/all and on stop leaves the database and the bus open for their owner', async () => {
    // Migrated already, as the launcher will have done: the engine's own migrate() is a no-op.
    const shared = await openShared(true);
    try {
      const port = await findFreePort();
      const engine = await startEngine({
        env: engineEnv(sim, shared.dataDir, port),
        logger,
        db: shared.db,
        bus: shared.bus,
      });
      try {
        expect(engine).toMatchObject({
          url: `http://127.0.0.1:${port}`,
          tokenSource: 'generated',
          tokenPath: join(shared.dataDir, 'engine-api-token'),
        });
        expect(engine.db).toBe(shared.db);
        expect(engine.bus).toBe(shared.bus);
        const response = await fetch(`${engine.url}/status/all`, {
          headers: { authorization: `Bearer ${engine.token}` },
        });
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({
          venue: { kind: 'SIMULATOR', session: { valid: true } },
          components: { database: { state: 'OK' }, bus: { state: 'OK' } },
        });
      } finally {
        await engine.stop('test over');
      }
      // A second stop (two signals, or the owner's own shutdown) is the same stop.
      await engine.stop('again');
      await expect(fetch(`${engine.url}/healthz`)).rejects.toThrow();

      expect(await shared.db.prisma.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
      const records = await shared.db.prisma.auditLog.findMany({
        where: { entity: 'engine' },
        orderBy: { at: 'asc' },
        select: { action: true, payload: true },
      });
      expect(records).toEqual([
        { action: 'engine.started', payload: expect.objectContaining({ db: 'pglite' }) as unknown },
        { action: 'engine.stopped', payload: { signal: 'test over' } },
      ]);
      expect(await busDelivers(shared.bus)).toBe(true);
    } finally {
      await shared.close();
    }
  });

  it('refuses a schema with pending migrations when told not to migrate, naming them', async () => {
    const shared = await openShared(false);
    try {
      const env = parseEnv({
        DATA_DIR: shared.dataDir,
        ENGINE_PORT: String(await findFreePort()),
        KITE_ROOT: sim.root,
        KITE_API_KEY: sim.apiKey,
        KITE_API_SECRET: sim.apiSecret,
        TRADING_CONFIG: shippedConfig,
        MIGRATE_ON_START: 'false',
      });
      await expect(startEngine({ env, logger, db: shared.db, bus: shared.bus })).rejects.toThrow(
        /lacks \d+ migration\(s\) \(20261121200708_init, .*run `pnpm db:migrate` first/,
      );
      // Nothing was applied behind the operator's back.
      expect(await shared.db.pendingMigrations()).toContain('20261121200708_init');
    } finally {
      await shared.close();
    }
  });

  it('migrates a database it is given fresh, and releases what it started when start-up fails', async () => {
    // Whatever the first engine traded is not this engine's: start from an empty book.
    await sim.control('/reset', {});
    const shared = await openShared(false);
    try {
      // kite-sim holds this port: the engine gets as far as listening, then must undo it all.
      const env = engineEnv(sim, shared.dataDir, sim.port);
      await expect(
        startEngine({ env, logger, db: shared.db, bus: shared.bus }),
      ).rejects.toMatchObject({ code: 'EADDRINUSE' });

      expect(await shared.db.prisma.configVersion.count()).toBe(1);
      expect(await shared.db.prisma.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
      expect(await busDelivers(shared.bus)).toBe(true);
    } finally {
      await shared.close();
    }
  });
});
