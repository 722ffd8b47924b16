import type { Tick } from '@kavach/broker';
import { createPaperBroker } from '@kavach/broker';
import type { PaperBroker } from '@kavach/broker';
import { createLocalBus } from '@kavach/bus';
import type { Bus } from '@kavach/bus';
import { buildTradingConfig, createLogger } from '@kavach/config';
import type { TradingConfig } from '@kavach/config';
import { listAuditByCorrelationId, saveConfigVersion } from '@kavach/db';
import { atIst, paise, VirtualClock } from '@kavach/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTradingEngine } from '../src/engine/create-trading-engine';
import type { TradingEngine } from '../src/engine/create-trading-engine';
import { createEngineMetrics } from '../src/metrics/engine-metrics';
import { INFY, openTestDb } from './support/test-db';
import { fullTick } from './support/ticks';
import type { TestDb } from './support/test-db';

const DAY = '2026-11-23';

let testDb: TestDb;
let clock: VirtualClock;
let broker: PaperBroker;
let bus: Bus;
let engine: TradingEngine;
let config: TradingConfig;
let sha: string;
const seen: Record<string, number> = { signals: 0, decisions: 0, orders: 0, risk: 0, events: 0 };

let volume = 0;
function tick(time: string, rupees: number, traded = 1_000): Tick {
  volume += traded;
  return fullTick(
    INFY.token,
    paise(Math.round(rupees * 100)),
    atIst(time.slice(0, 5), DAY) + Number(time.slice(6) || '0') * 1_000,
    volume,
    { lastQuantity: 10, close: paise(150_000) },
  );
}

/** Lets the broker's queued events reach the engine and the engine finish with them. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await engine.idle();
  await new Promise((resolve) => setImmediate(resolve));
  await engine.idle();
}

async function push(ticks: readonly Tick[]): Promise<void> {
  for (const t of ticks) {
    clock.set(Math.max(clock.now(), t.at));
    broker.pushTicks([t]);
    await settle();
  }
}

beforeAll(async () => {
  testDb = await openTestDb();
  const built = buildTradingConfig({
    universe: ['NSE:INFY'],
    scan: { minScore: 0 },
    strategies: { vwap_ema: { enabled: false } },
  });
  if (!built.ok) throw new Error(built.errors.join('; '));
  config = built.config;
  sha = built.sha;
  await saveConfigVersion(testDb.db.prisma, {
    sha,
    kind: 'trading',
    canonicalJson: built.canonicalJson,
    createdBy: 'test',
  });
  clock = new VirtualClock(atIst('09:15', DAY));
  broker = createPaperBroker({ clock, instruments: [INFY], accountFunds: paise(10_00_000_00) });
  bus = createLocalBus();
  for (const channel of ['signals', 'decisions', 'orders', 'risk', 'events'] as const) {
    await bus.subscribe(channel, () => {
      seen[channel] = (seen[channel] ?? 0) + 1;
    });
  }
  engine = createTradingEngine({
    prisma: testDb.db.prisma,
    broker,
    bus,
    clock,
    logger: createLogger('test', 'silent'),
    metrics: createEngineMetrics(),
    config,
    configSha: sha,
    instruments: {
      byToken: (token) => (token === INFY.token ? INFY : undefined),
      bySymbol: (key) => (key === 'NSE:INFY' ? INFY : undefined),
      idOf: (token) => (token === INFY.token ? testDb.infyId : undefined),
    },
    tradingState: () => 'ACTIVE',
    entriesAllowed: () => true,
  });
  broker.onEvent(engine.handleBrokerEvent);
  await broker.start();
  broker.subscribe([INFY.token], 'full');
});

afterAll(async () => {
  await engine.stop();
  await bus.close();
  await testDb.close();
});

describe('the life of a trade, paper broker', () => {
  it('goes from an opening-range breakout to a closed Trade with its whole audit chain', async () => {
    // 09:15-09:29: the opening range, ₹1,500-₹1,510.
    for (let minute = 15; minute < 30; minute += 1) {
      const hh = `09:${String(minute).padStart(2, '0')}`;
      await push([
        tick(hh, 1505),
        tick(`${hh}:20`, 1510),
        tick(`${hh}:40`, 1500),
        tick(`${hh}:59`, 1505),
      ]);
    }
    // 09:30: a breakout bar on heavy volume, closed by the next minute's first tick.
    await push([
      tick('09:30', 1508, 3_000),
      tick('09:30:20', 1515, 3_000),
      tick('09:30:40', 1522, 3_000),
      tick('09:30:59', 1521, 3_000),
      tick('09:31', 1521),
    ]);
    const scan = await engine.scan.run(clock.now());
    await settle();
    expect(scan?.selected).toBe(1);
    expect(scan?.outcomes[0]).toMatchObject({ approved: true });

    // The entry rests at the breakout close; the price dips to it, it fills, and the bracket
    // protects it at once.
    await push([tick('09:31:10', 1520.5)]);
    const group = engine.oco.groups()[0];
    if (group === undefined) throw new Error('no bracket opened');
    expect(['OPEN', 'PARTIALLY_EXITED']).toContain(group.group.status);
    const roles = engine.oco.ordersOf(group.id).map((o) => o.role);
    expect(roles).toEqual(expect.arrayContaining(['ENTRY', 'STOP', 'TP1', 'TP2']));
    expect(engine.riskSnapshot().openPositions).toBe(1);

    // The market runs through both targets.
    for (const [i, price] of [1530, 1545, 1560, 1575, 1590].entries()) {
      await push([tick(`09:32:${String(i * 10).padStart(2, '0')}`, price)]);
    }
    expect(group.group.status).toBe('CLOSED');

    const prisma = testDb.db.prisma;
    const signal = await prisma.signal.findFirstOrThrow();
    const decision = await prisma.decision.findFirstOrThrow();
    const orders = await prisma.order.findMany({ orderBy: { createdAt: 'asc' } });
    const trade = await prisma.trade.findFirstOrThrow();
    expect(signal.configSha).toBe(sha);
    expect(decision).toMatchObject({ signalId: signal.id, configSha: sha, approved: true });
    for (const order of orders) {
      expect(order.correlationId).toBe(signal.correlationId);
      expect(order.decisionId).toBe(decision.id);
    }
    expect(orders.find((o) => o.role === 'STOP')?.status).toBe('CANCELLED');
    expect(trade).toMatchObject({
      correlationId: signal.correlationId,
      ocoGroupId: group.id,
      strategy: 'orb',
    });
    expect(trade.quantity).toBe(decision.quantity);
    expect(trade.realisedPnlPaise).toBeGreaterThan(0n);
    expect(trade.feesPaise).toBeGreaterThan(0n);
    const position = await prisma.position.findFirstOrThrow();
    expect(position.netQuantity).toBe(0);
    expect(position.closedAt).not.toBeNull();
    expect(position.mfePaise).toBeGreaterThanOrEqual(0n);
    const audit = await listAuditByCorrelationId(prisma, signal.correlationId);
    expect(audit.map((a) => a.action)).toContain('trade.closed');

    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.signals).toBe(1);
    expect(seen.decisions).toBe(1);
    expect(seen.orders).toBeGreaterThanOrEqual(8);
  });
});
