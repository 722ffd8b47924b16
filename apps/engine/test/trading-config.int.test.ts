import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTradingConfig, createLogger } from '@kavach/config';
import { type Db, createDb } from '@kavach/db';
import { VirtualClock, nseCalendar2026 } from '@kavach/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbControlStore } from '../src/control/db-control-store';
import { buildEngineServer } from '../src/http';
import { createFakeEngineApi } from '../src/http/fake-engine-api';
import { createEngineMetrics } from '../src/metrics/engine-metrics';
import { createTradingConfigApi } from '../src/trading-config/trading-config-api';
import type { BuiltTradingConfig } from '../src/trading-config/trading-config-store';
import { loadStartupTradingConfig } from '../src/trading-config/trading-config-store';

const TOKEN = 'test-token-0123456789abcdef';
const ADMIN = 'admin@example.com (admin)';
const logger = createLogger('test', 'silent');

function built(value: unknown): BuiltTradingConfig {
  const result = buildTradingConfig(value);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result;
}

/**
 * PUT /api/config/trading stores a config for the next start, and the next start loads it
 * (unless the file changed since): on PGlite, through the engine's HTTP server.
 */
describe('trading config from the API, on PGlite', () => {
  let root: string;
  let db: Db;
  const file = built({ capitalRupees: 500000, risk: { maxOpenPositions: 5 } });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'kavach-trading-config-'));
    db = createDb({ dataDir: root });
    await db.migrate();
  });

  afterAll(async () => {
    await db.close();
    await rm(root, { recursive: true, force: true });
  });

  /** An engine that started on `start`: the real config API on a fake for everything else. */
  async function engineOn(start: BuiltTradingConfig) {
    const { built: trading, inForce } = await loadStartupTradingConfig(
      db.prisma,
      start,
      'config/trading.yaml',
      logger,
    );
    const clock = new VirtualClock(Date.UTC(2026, 10, 23, 5, 0));
    const app = buildEngineServer({
      api: {
        ...createFakeEngineApi(),
        ...createTradingConfigApi({ prisma: db.prisma, clock, inForce }),
      },
      token: TOKEN,
      metrics: createEngineMetrics({ collectDefault: false }),
      audit: createDbControlStore(db),
      clock,
      calendar: nseCalendar2026,
      logger,
    });
    await app.ready();
    const call = async (method: 'GET' | 'PUT', payload?: unknown) => {
      const response = await app.inject({
        method,
        url: '/api/config/trading',
        headers: { authorization: `Bearer ${TOKEN}`, 'x-kavach-actor': ADMIN },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
    };
    return { trading, inForce, call, close: () => app.close() };
  }

  it('starts on the file, refuses an invalid config naming each field, stores a valid one for the next start', async () => {
    const engine = await engineOn(file);
    try {
      expect(engine.inForce).toMatchObject({ source: 'FILE', sha: file.sha, fileSha: file.sha });
      const before = await engine.call('GET');
      expect(before).toMatchObject({
        status: 200,
        body: { sha: file.sha, source: 'FILE', pending: null },
      });
      expect((before.body.config as { capitalRupees: number }).capitalRupees).toBe(500000);

      const bad = await engine.call('PUT', {
        ...file.file,
        capitalRupees: -5,
        risk: { ...file.file.risk, maxOpenPositions: 0, portfolioHeatPc: 2 },
      });
      expect(bad.status).toBe(400);
      const error = bad.body.error as { code: string; issues: { path: string }[] };
      expect(error.code).toBe('INVALID_CONFIG');
      expect(error.issues.map((i) => i.path).sort()).toEqual([
        'capitalRupees',
        'risk.maxOpenPositions',
        'risk.portfolioHeatPc',
      ]);
      expect(await db.prisma.configVersion.count({ where: { kind: 'trading-file' } })).toBe(0);

      const next = built({ ...file.file, risk: { ...file.file.risk, maxOpenPositions: 2 } });
      const stored = await engine.call('PUT', next.file);
      expect(stored).toMatchObject({
        status: 200,
        body: {
          ok: true,
          sha: next.sha,
          inForceSha: file.sha,
          changed: true,
          appliesAt: 'NEXT_START',
        },
      });
      expect(String(stored.body.message)).toContain('next start');
      const version = await db.prisma.configVersion.findUnique({ where: { sha: next.sha } });
      expect(version).toMatchObject({
        kind: 'trading',
        canonicalJson: next.canonicalJson,
        createdBy: ADMIN,
      });
      const audits = await db.prisma.auditLog.findMany({
        where: { action: { in: ['trading_config.stored', 'api.config.trading'] } },
        orderBy: { id: 'asc' },
      });
      expect(audits.map((a) => [a.action, a.actor])).toEqual([
        ['api.config.trading', ADMIN],
        ['trading_config.stored', ADMIN],
        ['api.config.trading', ADMIN],
      ]);

      // The running engine keeps its config; the stored one waits for the next start.
      const after = await engine.call('GET');
      expect(after.body).toMatchObject({
        sha: file.sha,
        pending: { sha: next.sha, storedBy: ADMIN, appliesAt: 'NEXT_START' },
      });
    } finally {
      await engine.close();
    }
  });

  it('starts on the stored config while the file is unchanged, and on the file once it is edited', async () => {
    const restarted = await engineOn(file);
    try {
      expect(restarted.inForce.source).toBe('STORED');
      expect(restarted.trading.config.risk.maxOpenPositions).toBe(2);
      expect((await restarted.call('GET')).body).toMatchObject({
        source: 'STORED',
        sha: restarted.trading.sha,
        fileSha: file.sha,
        pending: null,
      });
    } finally {
      await restarted.close();
    }

    const editedFile = built({ capitalRupees: 600000, risk: { maxOpenPositions: 5 } });
    const onEdit = await engineOn(editedFile);
    try {
      expect(onEdit.inForce).toMatchObject({ source: 'FILE', sha: editedFile.sha });
      // What was stored against the old file is not pending either: the file is newer.
      expect((await onEdit.call('GET')).body).toMatchObject({ pending: null });
    } finally {
      await onEdit.close();
    }
  });
});
