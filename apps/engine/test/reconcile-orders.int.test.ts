import { checkReliability } from '@kavach/testkit';
import type { BrokerOrderReport, BrokerPositionReport } from '@kavach/broker';
import { createLogger } from '@kavach/config';
import { paise, VirtualClock } from '@kavach/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRecordingEventSink } from '../src/control/recording-event-sink';
import type { OcoManager } from '../src/oco/oco-manager';
import { restoreOpenGroups } from '../src/oco/restore-groups';
import { createReconciler } from '../src/reconciliation/reconciler';
import { singleVenue } from '../src/venue/order-venues';
import { createTestOcoManager } from './support/test-oco-manager';
import { createScriptedBroker } from './support/scripted-broker';
import type { ScriptedBroker } from './support/scripted-broker';
import { INFY, openTestDb } from './support/test-db';
import type { TestDb } from './support/test-db';

/**
 * Reconciliation of the engine's own orders against a scripted broker book: a fill the engine
 * never heard of is applied (and the position protected), and an ambiguous placement the
 * broker never received is declared REJECTED after five runs without a trace.
 */
const START = Date.parse('2026-11-23T05:00:00Z');
const logger = createLogger('test', 'silent');
let testDb: TestDb;
let broker: ScriptedBroker;
let book: BrokerOrderReport[];
let positions: BrokerPositionReport[];
let clock: VirtualClock;
let oco: OcoManager;

beforeAll(async () => {
  testDb = await openTestDb();
});

beforeEach(async () => {
  await testDb.db.prisma.$executeRawUnsafe(
    'TRUNCATE fills, order_status_history, risk_events, orders, oco_groups, reconciliation_discrepancies, reconciliation_runs CASCADE',
  );
  book = [];
  positions = [];
  const scripted = createScriptedBroker();
  broker = {
    ...scripted,
    getOrders: () => Promise.resolve({ ok: true, value: book }),
    getPositions: () => Promise.resolve({ ok: true, value: positions }),
  };
  clock = new VirtualClock(START);
  oco = createTestOcoManager({
    prisma: testDb.db.prisma,
    venues: singleVenue(broker),
    clock,
    sleep: () => Promise.resolve(),
  });
});

afterAll(async () => {
  await testDb.close();
});

function reconciler() {
  return createReconciler({
    prisma: testDb.db.prisma,
    oco,
    venues: singleVenue(broker),
    clock,
    logger,
    events: createRecordingEventSink(),
    product: 'MIS',
    instrumentIdOf: (token) => (token === INFY.token ? testDb.infyId : undefined),
  });
}

async function openLong(groupId = '0193e000-0000-7000-8000-000000000001') {
  const opened = await oco.openBracket({
    groupId,
    decisionId: null,
    correlationId: `reconcile-${groupId.slice(-1)}`,
    strategy: 'orb',
    instrument: INFY,
    instrumentId: testDb.infyId,
    side: 'BUY',
    quantity: 100,
    entry: { orderType: 'LIMIT', price: paise(150_000), triggerPrice: null },
    stop: { orderType: 'SL-M', price: null, triggerPrice: paise(148_000) },
    targets: [{ role: 'TP1', quantity: 100, price: paise(152_000) }],
    signalPrice: paise(150_000),
  });
  if (!opened.ok) throw new Error(opened.message);
  await oco.idle();
  return opened.group;
}

function infyPosition(quantity: number): BrokerPositionReport {
  return {
    instrumentToken: INFY.token,
    exchange: 'NSE',
    tradingSymbol: 'INFY',
    product: 'MIS',
    quantity,
    averagePrice: paise(150_000),
    buyQuantity: quantity,
    sellQuantity: 0,
    buyValue: paise(150_000 * quantity),
    sellValue: paise(0),
    lastPrice: paise(150_000),
    pnl: paise(0),
  };
}

describe('reconciling the engine’s own orders', () => {
  it('applies a fill it missed and protects the position, without calling it a position mismatch', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'an entry fill whose update never arrived (only the broker book shows it)',
        expected:
          'reconciliation applies the fill (MISSING_FILL, resolved) and places the stop for 100; not a position mismatch',
        source: import.meta.url,
      },
      async () => {
        const group = await openLong();
        const entry = broker.placed('ENTRY')[0];
        if (entry === undefined) throw new Error('no entry');
        clock.advance(30_000);
        book = [broker.report(entry.brokerOrderId, 'FILLED', 100, paise(150_000), clock.now())];
        positions = [infyPosition(100)];
        const status = await reconciler().run('PERIODIC');
        await oco.idle();
        expect(status.lastRun).toMatchObject({ outcome: 'DISCREPANCIES', discrepancies: 1 });
        expect(status.blockedTokens).toEqual([]);
        const rows = await testDb.db.prisma.reconciliationDiscrepancy.findMany();
        expect(rows).toMatchObject([
          { kind: 'MISSING_FILL', actionTaken: 'applied the broker state', resolved: true },
        ]);
        expect(group.group.status).toBe('OPEN');
        expect(broker.placed('STOP').map((c) => c.command.quantity)).toEqual([100]);
      },
    );
  });

  it('declares an ambiguous placement the broker never received REJECTED after five runs', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'entry placement timed out (AMBIGUOUS) and the broker never received it',
        expected:
          'stays SUBMITTED for four runs, REJECTED after five runs without a trace, group CLOSED',
        source: import.meta.url,
      },
      async () => {
        broker.nextPlace.push({
          ok: false,
          error: { kind: 'AMBIGUOUS', code: 'TIMEOUT', message: 'timeout', httpStatus: null },
        });
        const group = await openLong();
        const check = reconciler();
        for (let run = 1; run <= 4; run += 1) {
          clock.advance(30_000);
          await check.run('PERIODIC');
          expect(oco.ordersOf(group.id)[0]?.state.status).toBe('SUBMITTED');
        }
        clock.advance(30_000);
        await check.run('PERIODIC');
        const entry = oco.ordersOf(group.id)[0];
        expect(entry?.state).toMatchObject({
          status: 'REJECTED',
          statusMessage: 'not found at the broker after 5 checks',
        });
        expect(group.group.status).toBe('CLOSED');
        const actions = (
          await testDb.db.prisma.reconciliationDiscrepancy.findMany({
            orderBy: { createdAt: 'asc' },
          })
        ).map((d) => d.actionTaken);
        expect(actions.at(0)).toBe('checked again next run (1 of 5)');
        expect(actions.at(-1)).toBe('marked REJECTED: not found at the broker after 5 checks');
        return { runs: 5 };
      },
    );
  });
});

describe('reconciling after a restart in the middle of the day', () => {
  const CLOSED_GROUP = '0193e000-0000-7000-8000-000000000011';
  const OPEN_GROUP = '0193e000-0000-7000-8000-000000000012';

  /** The broker's word on every order placed so far (report of the latest status given). */
  const latest = new Map<string, BrokerOrderReport>();
  async function report(brokerOrderId: string, ...rest: ReportArgs) {
    const [status, filled, price] = rest;
    const r = broker.report(brokerOrderId, status, filled, price, clock.now());
    latest.set(brokerOrderId, r);
    await oco.handleReport(r, 'POSTBACK', 'KITE');
    await oco.idle();
  }
  type ReportArgs = [BrokerOrderReport['status'], number, BrokerOrderReport['averagePrice']];
  const idOf = (groupId: string, role: string) => {
    const order = oco.ordersOf(groupId).find((o) => o.role === role);
    if (order?.brokerOrderId == null) throw new Error(`no ${role} of ${groupId}`);
    return order.brokerOrderId;
  };

  /**
   * A bracket that went in and out at its target this morning, and one still open with its
   * stop and target working; then the engine stops and a new one starts on the same database,
   * the broker's day book still showing every one of those orders.
   */
  async function dayThenRestart() {
    latest.clear();
    await openLong(CLOSED_GROUP);
    await report(idOf(CLOSED_GROUP, 'ENTRY'), 'FILLED', 100, paise(150_000));
    await report(idOf(CLOSED_GROUP, 'STOP'), 'TRIGGER_PENDING', 0, null);
    await report(idOf(CLOSED_GROUP, 'TP1'), 'OPEN', 0, null);
    clock.advance(60_000);
    await report(idOf(CLOSED_GROUP, 'TP1'), 'FILLED', 100, paise(152_000));
    await report(idOf(CLOSED_GROUP, 'STOP'), 'CANCELLED', 0, null);
    expect(oco.groups().find((g) => g.id === CLOSED_GROUP)?.group.status).toBe('CLOSED');

    clock.advance(60_000);
    await openLong(OPEN_GROUP);
    await report(idOf(OPEN_GROUP, 'ENTRY'), 'FILLED', 100, paise(150_000));
    await report(idOf(OPEN_GROUP, 'STOP'), 'TRIGGER_PENDING', 0, null);
    await report(idOf(OPEN_GROUP, 'TP1'), 'OPEN', 0, null);
    expect(oco.groups().find((g) => g.id === OPEN_GROUP)?.group.status).toBe('OPEN');
    const placed = broker.calls.filter((c) => c.type === 'place').length;
    expect(latest.size).toBe(placed);

    // The restart: a new engine, the broker's day book unchanged.
    book = [...latest.values()];
    positions = [infyPosition(100)];
    clock = new VirtualClock(clock.now() + 60_000);
    oco = createTestOcoManager({
      prisma: testDb.db.prisma,
      venues: singleVenue(broker),
      clock,
      sleep: () => Promise.resolve(),
    });
    const restored = await restoreOpenGroups({
      prisma: testDb.db.prisma,
      oco,
      venues: singleVenue(broker),
      clock,
      logger,
      instrumentOf: (t) => (t === INFY.token ? INFY : undefined),
    });
    expect(restored).toMatchObject({ groups: 1 });
    expect(oco.groups().map((g) => g.id)).toEqual([OPEN_GROUP]);
  }

  it('knows the orders of the brackets closed before the restart: clean, nothing imported', async () => {
    await dayThenRestart();
    const sink = createRecordingEventSink();
    const status = await createReconciler({
      prisma: testDb.db.prisma,
      oco,
      venues: singleVenue(broker),
      clock,
      logger,
      events: sink,
      product: 'MIS',
      instrumentIdOf: (token) => (token === INFY.token ? testDb.infyId : undefined),
    }).run('STARTUP');
    expect(status.lastRun).toMatchObject({ outcome: 'CLEAN', discrepancies: 0 });
    expect(await testDb.db.prisma.reconciliationDiscrepancy.count()).toBe(0);
    expect(await testDb.db.prisma.order.count({ where: { isExternal: true } })).toBe(0);
    expect(sink.ofType('EXTERNAL_ORDER')).toEqual([]);
  });

  it('still compares the closed bracket’s orders: a fill the record lacks is raised, not imported', async () => {
    await dayThenRestart();
    // The broker says the cancelled stop of the closed bracket filled after all.
    const stopId = (
      await testDb.db.prisma.order.findFirstOrThrow({
        where: { parentGroup: CLOSED_GROUP, role: 'STOP' },
      })
    ).brokerOrderId;
    if (stopId === null) throw new Error('no stop id');
    book = book.map((r) =>
      r.brokerOrderId === stopId
        ? { ...r, status: 'FILLED', filledQuantity: 100, averagePrice: paise(148_000) }
        : r,
    );
    const status = await reconciler().run('PERIODIC');
    expect(status.lastRun).toMatchObject({ outcome: 'DISCREPANCIES', discrepancies: 1 });
    const rows = await testDb.db.prisma.reconciliationDiscrepancy.findMany();
    expect(rows).toMatchObject([
      {
        kind: 'MISSING_FILL',
        brokerOrderId: stopId,
        actionTaken: 'raised for a person: the order’s bracket is closed',
        resolved: false,
      },
    ]);
    expect(rows[0]?.orderId).not.toBeNull();
    expect(await testDb.db.prisma.order.count({ where: { isExternal: true } })).toBe(0);
    expect(
      await testDb.db.prisma.riskEvent.count({ where: { kind: 'RECONCILIATION_MISSING_FILL' } }),
    ).toBe(1);
  });
});
