import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PostgresServer, startPostgres } from '@kavach/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, pgliteDirectory } from '../src/client';
import { appendAudit } from '../src/repositories';

const REGISTRY_KEY = Symbol.for('kavach.db.pglite');
const registry = () =>
  (globalThis as unknown as Record<symbol, Map<string, { db: { closed: boolean } }> | undefined>)[
    REGISTRY_KEY
  ];

const auditOnce = (prisma: Parameters<typeof appendAudit>[0], action: string) =>
  appendAudit(prisma, {
    actorType: 'SYSTEM',
    actor: 'test',
    action,
    entity: 'engine',
    payload: {},
    correlationId: 'client-test',
  });

describe('createDb without a URL (embedded PGlite)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kavach-client-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps data in <dataDir>/pglite', async () => {
    const db = createDb({ dataDir });
    try {
      expect(db.kind).toBe('pglite');
      await db.migrate();
      expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
      expect(pgliteDirectory(dataDir)).toBe(join(dataDir, 'pglite'));
    } finally {
      await db.close();
    }
  });

  it('shares one PGlite per directory across clients in the process', async () => {
    const engine = createDb({ dataDir });
    const web = createDb({ dataDir });
    try {
      expect([...(registry()?.keys() ?? [])].filter((dir) => dir.startsWith(dataDir))).toEqual([
        pgliteDirectory(dataDir),
      ]);
      await auditOnce(engine.prisma, 'from-engine');
      await auditOnce(web.prisma, 'from-web');
      expect(await web.prisma.auditLog.count({ where: { correlationId: 'client-test' } })).toBe(2);

      await engine.close();
      await engine.close();
      // The other client still works: the instance closes with its last user.
      expect(await web.prisma.auditLog.count()).toBe(2);
    } finally {
      await engine.close();
      await web.close();
    }
    expect(registry()?.has(pgliteDirectory(dataDir))).toBe(false);
  });

  it('finds its data again after a restart', async () => {
    const db = createDb({ dataDir });
    try {
      expect((await db.migrate()).applied).toEqual([]);
      expect(await db.prisma.auditLog.count({ where: { correlationId: 'client-test' } })).toBe(2);
    } finally {
      await db.close();
    }
  });
});

describe('createDb with a URL (PostgreSQL)', () => {
  let server: PostgresServer;

  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('uses pg and ignores the data directory', async () => {
    const dataDir = join(tmpdir(), 'kavach-unused-data-dir');
    const db = createDb({ databaseUrl: server.url, dataDir });
    try {
      expect(db.kind).toBe('pg');
      await db.migrate();
      await auditOnce(db.prisma, 'on-pg');
      expect(await db.prisma.auditLog.count()).toBe(1);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await db.close();
      await db.close();
    }
  });
});
