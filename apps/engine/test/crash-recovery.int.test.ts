import type { BrokerOrderReport } from '@kavach/broker';
import { createLogger } from '@kavach/config';
import { paise, VirtualClock } from '@kavach/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { singleVenue } from '../src/venue/order-venues';
import { createTestOcoManager } from './support/test-oco-manager';
import { restoreOpenGroups } from '../src/oco/restore-groups';
import { createScriptedBroker } from './support/scripted-broker';
import type { ScriptedBroker } from './support/scripted-broker';
import { INFY, openTestDb } from './support/test-db';
import type { TestDb } from './support/test-db';

const START = Date.parse('2026-11-23T05:00:00Z');
const logger = createLogger('test', 'silent');
let testDb: TestDb;

function engineOn(broker: ScriptedBroker, clock: VirtualClock) {
  return createTestOcoManager({
    prisma: testDb.db.prisma,
    venues: singleVenue(broker),
    clock,
  });
}

function bracket(groupId: string) {
  return {
    groupId,
    decisionId: null,
    correlationId: `c-${groupId.slice(-4)}`,
    strategy: 'orb',
    instrument: INFY,
    instrumentId: testDb.infyId,
    side: 'BUY' as const,
    quantity: 10,
    entry: { orderType: 'LIMIT' as const, price: paise(150_000), triggerPrice: null },
    stop: { orderType: 'SL-M' as const, price: null, triggerPrice: paise(148_000) },
    targets: [{ role: 'TP1' as const, quantity: 10, price: paise(152_000) }],
    signalPrice: paise(150_000),
  };
}

/** The process dies inside the broker call: the write-ahead row is committed, nothing after. */
async function crashDuringPlace(groupId: string, reachBroker: boolean): Promise<ScriptedBroker> {
  const broker = createScriptedBroker();
  // kill -9 inside the call: the request never returns and nothing after it runs.
  broker.onPlace = () => new Promise(() => undefined);
  const manager = engineOn(broker, new VirtualClock(START));
  expect(await manager.openBracket(bracket(groupId))).toMatchObject({ ok: true });
  if (!reachBroker) return broker;
  // The request had left: the broker holds the order under our tag.
  const row = await testDb.db.prisma.order.findFirstOrThrow({ where: { parentGroup: groupId } });
  broker.calls.push({
    type: 'place',
    brokerOrderId: 'B900',
    command: {
      clientOrderId: row.clientOrderId,
      exchange: 'NSE',
      tradingSymbol: 'INFY',
      side: 'BUY',
      orderType: 'LIMIT',
      product: 'MIS',
      validity: 'DAY',
      quantity: 10,
      price: paise(150_000),
      triggerPrice: null,
      marketProtection: null,
    },
  });
  return broker;
}

function restartedBroker(book: readonly BrokerOrderReport[]): ScriptedBroker {
  const broker = createScriptedBroker();
  return { ...broker, getOrders: () => Promise.resolve({ ok: true, value: book }) };
}

beforeAll(async () => {
  testDb = await openTestDb();
});

beforeEach(async () => {
  await testDb.db.prisma.$executeRawUnsafe(
    'TRUNCATE fills, order_status_history, risk_events, orders, oco_groups CASCADE',
  );
});

afterAll(async () => {
  await testDb.close();
});

describe('a crash between the write-ahead row and the broker call', () => {
  it('leaves the committed intent, and after a restart the order is never sent again', async () => {
    const groupId = '0193c000-0000-7000-8000-000000000001';
    await crashDuringPlace(groupId, false);
    const before = await testDb.db.prisma.order.findFirstOrThrow({
      where: { parentGroup: groupId },
    });
    expect(before.status).toBe('PENDING_SUBMIT');

    const broker = restartedBroker([]);
    const manager = engineOn(broker, new VirtualClock(START + 60_000));
    const summary = await restoreOpenGroups({
      prisma: testDb.db.prisma,
      oco: manager,
      venues: singleVenue(broker),
      clock: new VirtualClock(START + 60_000),
      logger,
      instrumentOf: (t) => (t === INFY.token ? INFY : undefined),
    });
    expect(summary).toMatchObject({ groups: 1, orders: 1, neverSent: 1 });
    expect(broker.calls).toEqual([]);
    const after = await testDb.db.prisma.order.findFirstOrThrow({
      where: { parentGroup: groupId },
    });
    expect(after.status).toBe('REJECTED');
    expect(after.statusMessage).toMatch(/not sent/);
    const group = await testDb.db.prisma.ocoGroup.findUniqueOrThrow({ where: { id: groupId } });
    expect(group.state).toBe('CLOSED');
  });

  it('adopts the order the broker did receive, by its tag, and protects it once it fills', async () => {
    const groupId = '0193c000-0000-7000-8000-000000000002';
    const crashed = await crashDuringPlace(groupId, true);
    const book = [crashed.report('B900', 'FILLED', 10, paise(150_000), START + 30_000)];

    const broker = restartedBroker(book);
    const clock = new VirtualClock(START + 60_000);
    const manager = engineOn(broker, clock);
    const summary = await restoreOpenGroups({
      prisma: testDb.db.prisma,
      oco: manager,
      venues: singleVenue(broker),
      clock,
      logger,
      instrumentOf: (t) => (t === INFY.token ? INFY : undefined),
    });
    expect(summary).toMatchObject({ groups: 1, neverSent: 0, updatedFromBroker: 1 });
    expect(broker.placed('ENTRY')).toEqual([]);
    await manager.idle();
    expect(broker.placed('STOP')).toHaveLength(1);
    const entry = await testDb.db.prisma.order.findFirstOrThrow({ where: { role: 'ENTRY' } });
    expect(entry).toMatchObject({ status: 'FILLED', brokerOrderId: 'B900' });
  });
});
