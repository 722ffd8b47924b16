import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalBus } from '@kavach/bus';
import { createLogger } from '@kavach/config';
import { type Db, createDb } from '@kavach/db';
import { VirtualClock } from '@kavach/domain';
import { type PostgresServer, recordBench, startPostgres, summarize } from '@kavach/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbControlStore } from '../src/control/db-control-store';
import { createBusPublisher } from '../src/events/bus-publisher';
import { createEventSink } from '../src/events/event-sink';
import { createEngineMetrics } from '../src/metrics/engine-metrics';
import { createRecordLog } from '../src/storage/record-log';
import { createWriteBehind } from '../src/storage/write-behind';

/**
 * Audit and risk-event rows on a real PostgreSQL, through the engine's own writers wired as
 * compose-services wires them (write-behind on): half risk events (EventSink.risk), half audit
 * entries (ControlStore.appendAudit), all issued in one burst without waiting in between.
 * Measured until the engine reports every row stored (committed; the test server runs with
 * fsync and synchronous commit on, as in production), then counted in PostgreSQL: none lost, none twice.
 */
const ROWS = 50_000;

let root: string;
let server: PostgresServer;
let db: Db;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kavach-audit-bench-'));
  server = await startPostgres({ durable: true });
  db = createDb({ databaseUrl: await server.createDatabase('audit_bench'), dataDir: root });
  await db.migrate();
}, 120_000);

afterAll(async () => {
  await db.close();
  await server.stop();
  await rm(root, { recursive: true, force: true });
});

async function countRows(): Promise<{ risk: number; audit: number }> {
  const [risk, audit] = await Promise.all([
    db.prisma.riskEvent.count({ where: { kind: 'BENCH' } }),
    db.prisma.auditLog.count({ where: { action: 'bench.row' } }),
  ]);
  return { risk, audit };
}

async function distinctPayloads(): Promise<number> {
  const rows = await db.prisma.$queryRaw<{ n: bigint }[]>`
    SELECT count(DISTINCT n)::bigint AS n FROM (
      SELECT payload->>'n' AS n FROM risk_events WHERE kind = 'BENCH'
      UNION ALL
      SELECT payload->>'n' AS n FROM audit_log WHERE action = 'bench.row'
    ) AS rows`;
  return Number(rows[0]?.n ?? 0);
}

describe('audit and event rows', () => {
  it(`persists ${ROWS} rows from one burst`, async () => {
    const logger = createLogger('bench', 'silent');
    const clock = new VirtualClock(Date.UTC(2026, 10, 23, 4, 0));
    const bus = createLocalBus();
    const writes = createWriteBehind({ logger, now: () => clock.now() });
    const records = createRecordLog({ prisma: db.prisma, writes });
    const events = createEventSink({
      publisher: createBusPublisher(bus, logger),
      records,
      clock,
      logger,
      metrics: createEngineMetrics({ collectDefault: false }),
    });
    const store = createDbControlStore(db, writes, records);
    const actor = { type: 'SYSTEM', name: 'bench' } as const;

    const auditLatencies: number[] = [];
    const audits: Promise<void>[] = [];
    const started = performance.now();
    for (let n = 0; n < ROWS; n += 1) {
      const payload = { n, instrument: 'NSE:INFY', reason: 'bench burst' };
      if (n % 2 === 0) {
        events.risk('BENCH', 'WARNING', `bench row ${n}`, payload);
        continue;
      }
      const issued = performance.now();
      audits.push(
        store
          .appendAudit({ actor, action: 'bench.row', entity: 'bench', payload, at: clock.now() })
          .then(() => {
            auditLatencies.push(performance.now() - issued);
          }),
      );
    }
    const issuedMs = performance.now() - started;
    await Promise.all(audits);
    await records.settled();
    // Nothing is kept for later with PostgreSQL up; if something were, it is not durable yet.
    await writes.drained();
    const elapsedMs = performance.now() - started;
    writes.stop();
    await bus.close();

    const counted = await countRows();
    const stored = counted.risk + counted.audit;
    const distinct = await distinctPayloads();
    const lost = ROWS - distinct;
    const duplicates = stored - distinct;
    const rowsPerSecond = Math.round((stored / elapsedMs) * 1000);
    const latency = summarize(auditLatencies);
    recordBench({
      id: 'audit_rows',
      measured: rowsPerSecond,
      checks: { 'none lost': lost === 0, 'none twice': duplicates === 0 },
      figures: {
        rows: ROWS,
        lost,
        duplicates,
        elapsed_ms: Math.round(elapsedMs),
        burst_ms: Math.round(issuedMs),
        p50_write_ms: latency.p50,
        p99_write_ms: latency.p99,
      },
      method:
        'One burst of 50,000 rows through the engine’s writers (half EventSink.risk, half ControlStore.appendAudit, write-behind on) on a local PostgreSQL 15 with fsync and synchronous commit on, from the first call until every row is committed; then counted in PostgreSQL. p50/p99_write_ms: an audit entry’s call until its write resolved, inside the burst.',
      source: import.meta.url,
    });
    expect(lost).toBe(0);
    expect(duplicates).toBe(0);
  }, 120_000);
});
