import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrokerFailure, BrokerResult } from '@kavach/broker';
import { createLogger } from '@kavach/config';
import { createDb } from '@kavach/db';
import type { Db } from '@kavach/db';
import { atIst, paise, VirtualClock } from '@kavach/domain';
import { startPostgres } from '@kavach/testkit';
import type { PostgresServer } from '@kavach/testkit';
import type { Instrument } from '@kavach/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createInstrumentCache } from '../src/instruments';
import type { InstrumentCache } from '../src/instruments';
import {
  equityOf,
  INFY,
  MASTER,
  NIFTY_CE_HIGH_TOKEN,
  NIFTY_FUT,
  NIFTY_INDEX,
} from '../src/instruments/instruments.fixtures';

const TIMEOUT: BrokerFailure = {
  kind: 'AMBIGUOUS',
  code: 'TIMEOUT',
  message: 'no answer within 10 s',
  httpStatus: null,
};

/** The one port call the cache makes, answered from a script. */
function createFakeBroker(master: readonly Instrument[]) {
  let answer: BrokerResult<readonly Instrument[]> = { ok: true, value: master };
  let calls = 0;
  return {
    getInstruments: () => {
      calls += 1;
      return Promise.resolve(answer);
    },
    answerWith: (next: readonly Instrument[]) => {
      answer = { ok: true, value: next };
    },
    failWith: (failure: BrokerFailure) => {
      answer = { ok: false, error: failure };
    },
    calls: () => calls,
  };
}

function createRecordingLogger() {
  const warnings: string[] = [];
  return {
    info: () => undefined,
    warn: (_fields: object, message: string) => {
      warnings.push(message);
    },
    warnings,
  };
}

describe.each(['pglite', 'pg'] as const)('instrument cache on %s', (kind) => {
  let dataDir: string;
  let server: PostgresServer | undefined;
  let db: Db;
  let clock: VirtualClock;
  let broker: ReturnType<typeof createFakeBroker>;
  let logger: ReturnType<typeof createRecordingLogger>;

  const newCache = (): InstrumentCache => createInstrumentCache({ db, broker, clock, logger });

  // One migrated database per backend; every test starts from empty tables.
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kavach-instruments-'));
    server = kind === 'pg' ? await startPostgres() : undefined;
    const databaseUrl = await server?.createDatabase('instruments');
    db = createDb({ dataDir, databaseUrl });
    expect(db.kind).toBe(kind);
    await db.migrate();
  });

  afterAll(async () => {
    await db.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await db.prisma.$executeRawUnsafe('TRUNCATE "instruments", "audit_log" CASCADE');
    clock = new VirtualClock(atIst('09:00', '2026-11-20'));
    broker = createFakeBroker([...MASTER, { ...INFY, token: 2 ** 32, tradingSymbol: 'BAD' }]);
    logger = createRecordingLogger();
  });

  it('downloads and stores the master on the first refresh, skipping invalid rows', async () => {
    const cache = newCache();
    const result = await cache.refreshIfStale();

    expect(result).toMatchObject({
      ok: true,
      value: {
        refreshed: true,
        refreshedAt: clock.now(),
        loaded: 4,
        stored: {
          downloaded: 5,
          created: 4,
          updated: 0,
          unchanged: 0,
          skipped: 1,
          skippedByReason: { TOKEN_OUT_OF_RANGE: 1 },
        },
      },
    });
    expect(broker.calls()).toBe(1);
    expect(await db.prisma.instrument.count()).toBe(4);
    const audit = await db.prisma.auditLog.findMany({ where: { action: 'instruments.refreshed' } });
    expect(audit.map((a) => a.at.getTime())).toEqual([clock.now()]);
    expect(cache.refreshedAt()).toBe(clock.now());
  });

  it('resolves by token and by symbol, with row ids and typed misses', async () => {
    const cache = newCache();
    await cache.refreshIfStale();

    expect(cache.byToken(INFY.token)).toEqual(INFY);
    expect(cache.byToken(NIFTY_CE_HIGH_TOKEN.token)).toEqual(NIFTY_CE_HIGH_TOKEN);
    expect(cache.bySymbol('nse:INFY')).toEqual(INFY);
    expect(cache.bySymbol('NSE:NIFTY 50')).toEqual(NIFTY_INDEX);
    expect(cache.bySymbol('NSE:infy')).toBeUndefined();
    expect(cache.all()).toHaveLength(4);

    const row = await db.prisma.instrument.findUniqueOrThrow({
      where: { token: BigInt(NIFTY_FUT.token) },
    });
    expect(cache.idOf(NIFTY_FUT.token)).toBe(row.id);
    expect(cache.requireIdOf(NIFTY_FUT.token)).toEqual({ ok: true, value: row.id });
    expect(cache.requireBySymbol('NFO:NIFTY26NOVFUT')).toEqual({ ok: true, value: NIFTY_FUT });

    expect(cache.requireByToken(1)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_TOKEN' } });
    expect(cache.requireIdOf(1)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_TOKEN' } });
    expect(cache.requireBySymbol('NSE:TCS')).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_SYMBOL', key: 'NSE:TCS' },
    });
    expect(cache.requireBySymbol('TCS')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_SYMBOL_KEY' },
    });
  });

  it('downloads once per trading day: not again the same day, again after 08:00 the next', async () => {
    const cache = newCache();
    await cache.refreshIfStale();
    clock.set(atIst('15:30', '2026-11-20'));
    expect(await cache.refreshIfStale()).toMatchObject({ ok: true, value: { refreshed: false } });
    clock.set(atIst('07:59', '2026-11-21'));
    // Yesterday's 09:00 refresh is before today's 08:00: due, by the rule.
    broker.answerWith(MASTER);
    expect(await cache.refreshIfStale()).toMatchObject({ ok: true, value: { refreshed: true } });
    expect(broker.calls()).toBe(2);

    clock.set(atIst('08:30', '2026-11-21'));
    const tcs = equityOf(11536, 'TCS');
    broker.answerWith([
      ...MASTER.filter((i) => i !== NIFTY_FUT),
      { ...NIFTY_FUT, lotSize: 65 },
      tcs,
    ]);
    expect(await cache.refreshIfStale()).toMatchObject({
      ok: true,
      value: { refreshed: true, stored: { created: 1, updated: 1, unchanged: 3 } },
    });
    expect(broker.calls()).toBe(3);
    expect(cache.byToken(NIFTY_FUT.token)?.lotSize).toBe(65);
    expect(cache.bySymbol('NSE:TCS')).toEqual(tcs);

    clock.set(atIst('14:00', '2026-11-21'));
    await cache.refreshIfStale();
    expect(broker.calls()).toBe(3);
  });

  it('starts from the database alone, and knows the day’s refresh already ran', async () => {
    await newCache().refreshIfStale();
    const afterRestart = createFakeBroker([]);
    // The engine's own pino logger fits the cache's logger port.
    const engineLogger = createLogger('engine', 'silent');
    const cache = createInstrumentCache({ db, broker: afterRestart, clock, logger: engineLogger });
    expect(cache.all()).toEqual([]);

    expect(await cache.load()).toEqual({ loaded: 4, skipped: 0, refreshedAt: clock.now() });
    expect(cache.bySymbol('NFO:NIFTY26NOV24500CE')).toEqual(NIFTY_CE_HIGH_TOKEN);
    clock.advance(60_000);
    expect(await cache.refreshIfStale()).toMatchObject({ ok: true, value: { refreshed: false } });
    expect(afterRestart.calls()).toBe(0);

    const unloaded = createInstrumentCache({ db, broker: afterRestart, clock, logger });
    expect(await unloaded.refreshIfStale()).toMatchObject({
      ok: true,
      value: { refreshed: false, loaded: 4 },
    });
    expect(unloaded.byToken(INFY.token)).toEqual(INFY);
  });

  it('keeps the old cache and answers a typed error when the download fails', async () => {
    const cache = newCache();
    await cache.refreshIfStale();
    const firstRefresh = clock.now();
    clock.set(atIst('09:00', '2026-11-23'));
    broker.failWith(TIMEOUT);

    expect(await cache.refreshIfStale()).toEqual({
      ok: false,
      error: {
        code: 'DOWNLOAD_FAILED',
        failure: TIMEOUT,
        message: 'instrument master download failed: TIMEOUT no answer within 10 s',
      },
    });
    expect(cache.byToken(INFY.token)).toEqual(INFY);
    expect(cache.all()).toHaveLength(4);
    expect(cache.refreshedAt()).toBe(firstRefresh);
    expect(logger.warnings).toContain('instrument master download failed; keeping the cache');

    // Still due: the next call tries again.
    broker.answerWith(MASTER);
    expect(await cache.refreshIfStale()).toMatchObject({ ok: true, value: { refreshed: true } });
  });

  it('refuses a download with nothing valid in it, keeping the cache', async () => {
    const cache = newCache();
    await cache.refreshIfStale();
    clock.set(atIst('09:00', '2026-11-23'));
    broker.answerWith([{ ...INFY, tickSize: paise(0) }]);
    expect(await cache.refreshIfStale()).toMatchObject({
      ok: false,
      error: { code: 'NOTHING_VALID', downloaded: 1, skippedByReason: { BAD_TICK_SIZE: 1 } },
    });
    expect(cache.all()).toHaveLength(4);
  });

  it('gives a symbol to its new token and keeps the old row for what references it', async () => {
    const cache = newCache();
    await cache.refreshIfStale();
    const oldId = cache.idOf(INFY.token);
    clock.set(atIst('09:00', '2026-11-23'));
    const relisted = equityOf(777, 'INFY');
    broker.answerWith([...MASTER.filter((i) => i !== INFY), relisted]);

    expect(await cache.refreshIfStale()).toMatchObject({
      ok: true,
      value: { stored: { created: 1, retired: 1, unchanged: 3 } },
    });
    expect(cache.bySymbol('NSE:INFY')).toEqual(relisted);
    expect(cache.byToken(INFY.token)).toBeUndefined();
    const oldRow = await db.prisma.instrument.findUniqueOrThrow({ where: { id: oldId ?? '' } });
    expect(oldRow.tradingSymbol).toBe(`INFY~${INFY.token}`);
  });

  it('leaves contracts that expired before today out of the cache, not the table', async () => {
    const cache = newCache();
    await cache.refreshIfStale();
    clock.set(atIst('09:00', '2026-11-27'));
    broker.answerWith(MASTER.filter((i) => i.expiry === null));
    await cache.refreshIfStale();
    expect(cache.byToken(NIFTY_FUT.token)).toBeUndefined();
    expect(cache.all()).toEqual([NIFTY_INDEX, INFY]);
    expect(await db.prisma.instrument.count()).toBe(4);
  });

  it('downloads once when refreshes overlap', async () => {
    const cache = newCache();
    const [a, b] = await Promise.all([cache.refreshIfStale(), cache.refreshIfStale()]);
    expect(a).toBe(b);
    expect(broker.calls()).toBe(1);
    expect(await db.prisma.auditLog.count({ where: { action: 'instruments.refreshed' } })).toBe(1);
  });
});
