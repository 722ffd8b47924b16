import { checkReliability } from '@kavach/testkit';
import type { Tick } from '@kavach/broker';
import { createPaperBroker } from '@kavach/broker';
import type { PaperBroker } from '@kavach/broker';
import { createLocalBus } from '@kavach/bus';
import type { Bus } from '@kavach/bus';
import { buildTradingConfig, createLogger } from '@kavach/config';
import { saveConfigVersion } from '@kavach/db';
import { atIst, isWorkingStatus, measureGroupPosition, paise, VirtualClock } from '@kavach/domain';
import type { Paise } from '@kavach/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTradingEngine } from '../src/engine/create-trading-engine';
import type { TradingEngine } from '../src/engine/create-trading-engine';
import { createEngineMetrics } from '../src/metrics/engine-metrics';
import { DEFAULT_SLIPPAGE_CONFIG, versionSlippageConfig } from '../src/slippage/slippage-config';
import { createSlippageManager } from '../src/slippage/slippage-manager';
import { INFY, openTestDb } from './support/test-db';
import type { TestDb } from './support/test-db';
import { fullTick } from './support/ticks';

/**
 * A partly filled entry whose market runs away: the paper venue shows ten shares a level, so
 * a BUY of 50 at the touch fills 10 and rests; the price then jumps 1 % (past the 0.2 %
 * partial-fill threshold) and the slippage manager has the rest cancelled. The 10 filled
 * stay in the bracket, protected by a stop for 10.
 */
const DAY = '2026-11-23';
let testDb: TestDb;
let clock: VirtualClock;
let broker: PaperBroker;
let bus: Bus;
let engine: TradingEngine;
let volume = 0;

function tick(at: number, price: Paise): Tick {
  volume += 10;
  return fullTick(INFY.token, price, at, volume, {
    lastQuantity: 10,
    bestBid: paise(price - INFY.tickSize),
    bestAsk: price,
  });
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    await engine.idle();
  }
}

async function push(price: Paise): Promise<void> {
  clock.advance(1_000);
  broker.pushTicks([tick(clock.now(), price)]);
  await settle();
}

beforeAll(async () => {
  testDb = await openTestDb();
  const built = buildTradingConfig({
    universe: ['NSE:INFY'],
    strategies: { vwap_ema: { enabled: false }, orb: { enabled: false } },
  });
  if (!built.ok) throw new Error(built.errors.join('; '));
  await saveConfigVersion(testDb.db.prisma, {
    sha: built.sha,
    kind: 'trading',
    canonicalJson: built.canonicalJson,
    createdBy: 'test',
  });
  clock = new VirtualClock(atIst('10:00', DAY));
  broker = createPaperBroker({
    clock,
    instruments: [INFY],
    accountFunds: paise(10_00_000_00),
    levelQuantity: 10,
  });
  bus = createLocalBus();
  const logger = createLogger('test', 'silent');
  const slippage = createSlippageManager({
    prisma: testDb.db.prisma,
    clock,
    logger,
    initial: versionSlippageConfig(DEFAULT_SLIPPAGE_CONFIG),
    onBreachLimit: () => undefined,
    abandonEntry: (groupId, reason) => {
      void engine.oco.abandonEntry(groupId, reason);
    },
  });
  engine = createTradingEngine({
    prisma: testDb.db.prisma,
    broker,
    bus,
    clock,
    logger,
    metrics: createEngineMetrics(),
    config: built.config,
    configSha: built.sha,
    instruments: {
      byToken: (token) => (token === INFY.token ? INFY : undefined),
      bySymbol: (key) => (key === 'NSE:INFY' ? INFY : undefined),
      idOf: (token) => (token === INFY.token ? testDb.infyId : undefined),
    },
    tradingState: () => 'ACTIVE',
    entriesAllowed: () => true,
    slippage,
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

describe('a partly filled entry when the market runs away', () => {
  it('cancels the rest and keeps the filled part protected', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'entry partly filled (10 of 50), then the market runs 1 % away (paper venue)',
        expected:
          'rest of the entry cancelled, net 10 with a stop and a target for 10 at the broker, no BUY left working',
        source: import.meta.url,
      },
      async () => {
        const price = paise(1500_00);
        await push(price);
        const outcome = await engine.intake.submitEntry({
          source: 'webhook',
          strategy: 'tv:test',
          instrument: INFY,
          side: 'BUY',
          entry: price,
          stop: paise(1485_00),
          targets: [paise(1530_00)],
          sizing: { kind: 'quantity', quantity: 50 },
          receivedAt: clock.now(),
        });
        expect(outcome).toMatchObject({ ok: true, quantity: 50 });
        if (!outcome.ok) return;
        await settle();

        const entryOf = () => engine.oco.ordersOf(outcome.groupId).find((o) => o.role === 'ENTRY');
        expect(entryOf()?.state).toMatchObject({ status: 'PARTIALLY_FILLED', filledQuantity: 10 });

        // 0.1 %: within the threshold, the rest keeps working.
        await push(paise(1501_50));
        expect(entryOf()?.state.status).toBe('PARTIALLY_FILLED');

        // 1 % away: the rest is cancelled.
        await push(paise(1515_00));
        await settle();
        expect(entryOf()?.state).toMatchObject({ status: 'CANCELLED', filledQuantity: 10 });
        const group = engine.oco.groups().find((g) => g.id === outcome.groupId);
        if (group === undefined) throw new Error('no group');
        expect(measureGroupPosition(group.group).net).toBe(10);
        const stop = engine.oco.ordersOf(outcome.groupId).find((o) => o.role === 'STOP');
        expect(stop?.state.quantity).toBe(10);

        const book = await broker.getOrders();
        if (!book.ok) throw new Error(book.error.message);
        const working = book.value.filter((o) => isWorkingStatus(o.status));
        // The stop and the target, each for the 10 filled; no BUY left working.
        expect(working.map((o) => [o.side, o.orderType, o.quantity]).sort()).toEqual([
          ['SELL', 'LIMIT', 10],
          ['SELL', 'SL-M', 10],
        ]);
        return { quantity: 50, filled: 10 };
      },
    );
  });
});
