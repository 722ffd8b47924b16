import type { BrokerOrderReport } from '@kavach/broker';
import { createLogger } from '@kavach/config';
import { paise, VirtualClock } from '@kavach/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TradingMode } from '../src/control/trading-mode';
import { createFlattenAll } from '../src/oco/flatten-all';
import type { OcoManager } from '../src/oco/oco-manager';
import { restoreOpenGroups } from '../src/oco/restore-groups';
import { createOrderVenues } from '../src/venue/order-venues';
import type { OrderVenues } from '../src/venue/order-venues';
import { createScriptedBroker } from './support/scripted-broker';
import { createTestOcoManager } from './support/test-oco-manager';
import type { ScriptedBroker } from './support/scripted-broker';
import { INFY, openTestDb } from './support/test-db';
import type { TestDb } from './support/test-db';

/**
 * PAPER on a real Kite account: brackets opened in PAPER go to the in-process paper broker,
 * those opened in LIVE to Kite, and each keeps its venue for life.
 */
const START = Date.parse('2026-11-23T05:00:00Z');
const logger = createLogger('test', 'silent');
let testDb: TestDb;
let kite: ScriptedBroker;
let paper: ScriptedBroker;
let mode: TradingMode;
let venues: OrderVenues;
let clock: VirtualClock;

function manager(): OcoManager {
  return createTestOcoManager({
    prisma: testDb.db.prisma,
    venues,
    clock,
    sleep: () => Promise.resolve(),
  });
}

let counter = 0;
async function openLong(oco: OcoManager) {
  counter += 1;
  const result = await oco.openBracket({
    groupId: `0193d000-0000-7000-8000-${String(counter).padStart(12, '0')}`,
    decisionId: null,
    correlationId: `venue-${counter}`,
    strategy: 'orb',
    instrument: INFY,
    instrumentId: testDb.infyId,
    side: 'BUY',
    quantity: 10,
    entry: { orderType: 'LIMIT', price: paise(150_000), triggerPrice: null },
    stop: { orderType: 'SL-M', price: null, triggerPrice: paise(148_000) },
    targets: [{ role: 'TP1', quantity: 10, price: paise(152_000) }],
    signalPrice: paise(150_000),
  });
  if (!result.ok) throw new Error(result.message);
  await oco.idle();
  return result.group;
}

async function fillEntry(oco: OcoManager, broker: ScriptedBroker, venue: 'KITE' | 'PAPER') {
  const entry = broker.placed('ENTRY').at(-1);
  if (entry === undefined) throw new Error('no entry placed');
  clock.advance(100);
  const report = broker.report(entry.brokerOrderId, 'FILLED', 10, paise(150_000), clock.now());
  await oco.handleReport(report, 'TICKER', venue);
  await oco.idle();
}

beforeAll(async () => {
  testDb = await openTestDb();
});

beforeEach(async () => {
  await testDb.db.prisma.$executeRawUnsafe(
    'TRUNCATE fills, order_status_history, risk_events, orders, oco_groups CASCADE',
  );
  kite = createScriptedBroker();
  paper = createScriptedBroker('Prun1-');
  mode = 'PAPER';
  venues = createOrderVenues({ kite, paper, mode: () => mode });
  clock = new VirtualClock(START);
});

afterAll(async () => {
  await testDb.close();
});

describe('order venues', () => {
  it('sends a PAPER bracket to the paper broker and a LIVE one to Kite, each for life', async () => {
    const oco = manager();
    const paperGroup = await openLong(oco);
    expect(paperGroup.venue).toBe('PAPER');
    expect(paper.placed('ENTRY')).toHaveLength(1);
    expect(kite.calls).toEqual([]);
    await fillEntry(oco, paper, 'PAPER');
    expect(paper.placed('STOP')).toHaveLength(1);

    mode = 'LIVE';
    const liveGroup = await openLong(oco);
    expect(liveGroup.venue).toBe('KITE');
    expect(kite.placed('ENTRY')).toHaveLength(1);
    await fillEntry(oco, kite, 'KITE');
    expect(paperGroup.group.status).toBe('OPEN');
    expect(liveGroup.group.status).toBe('OPEN');

    // The paper bracket's exit still goes to paper, though the engine is LIVE now.
    await oco.flattenGroup(paperGroup.id, 'trader');
    await oco.idle();
    expect(paper.calls.some((c) => c.type === 'modify')).toBe(true);
    expect(kite.calls.filter((c) => c.type !== 'place')).toEqual([]);

    // A report that names the paper order's tag but comes from Kite is not applied.
    const paperStop = paper.placed('STOP')[0];
    if (paperStop === undefined) throw new Error('no paper stop');
    const forged = paper.report(paperStop.brokerOrderId, 'FILLED', 10, paise(148_000), START);
    await oco.handleReport(forged, 'TICKER', 'KITE');
    expect(oco.order(paperStop.command.clientOrderId)?.state.filledQuantity).toBe(0);

    const rows = await testDb.db.prisma.ocoGroup.findMany({ select: { id: true, venue: true } });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.venue]))).toEqual({
      [paperGroup.id]: 'PAPER',
      [liveGroup.id]: 'KITE',
    });
  });

  it('after a restart, ends paper brackets (their broker died with the process) and restores Kite ones from Kite', async () => {
    const before = manager();
    const paperGroup = await openLong(before);
    mode = 'LIVE';
    const liveGroup = await openLong(before);

    // The restarted process has a fresh paper broker.
    paper = createScriptedBroker('Prun2-');
    venues = createOrderVenues({ kite, paper, mode: () => mode });
    const entry = kite.placed('ENTRY')[0];
    if (entry === undefined) throw new Error('no entry');
    const book = [kite.report(entry.brokerOrderId, 'OPEN', 0, null, START + 1_000)];
    kite = { ...kite, getOrders: () => Promise.resolve({ ok: true, value: book }) };
    venues = createOrderVenues({ kite, paper, mode: () => mode });
    const after = manager();
    const summary = await restoreOpenGroups({
      prisma: testDb.db.prisma,
      oco: after,
      venues,
      clock,
      logger,
      instrumentOf: (token) => (token === INFY.token ? INFY : undefined),
    });
    expect(summary).toMatchObject({ groups: 1, paperEnded: 1, updatedFromBroker: 1, neverSent: 0 });
    expect(after.groups().map((g) => g.id)).toEqual([liveGroup.id]);
    const ended = await testDb.db.prisma.ocoGroup.findUniqueOrThrow({
      where: { id: paperGroup.id },
    });
    expect(ended.state).toBe('CLOSED');
    expect(ended.closedAt).not.toBeNull();
    const risks = await testDb.db.prisma.riskEvent.findMany({ select: { kind: true } });
    expect(risks).toEqual([{ kind: 'PAPER_ENDED' }]);
    expect(paper.calls).toEqual([]);
  });

  it('a paper kill switch leaves the orders a trader placed by hand on the real account alone', async () => {
    const external: BrokerOrderReport = {
      brokerOrderId: 'X1',
      clientOrderId: null,
      exchangeOrderId: null,
      exchange: 'NSE',
      tradingSymbol: 'INFY',
      instrumentToken: INFY.token,
      side: 'BUY',
      orderType: 'LIMIT',
      product: 'MIS',
      status: 'OPEN',
      venueStatus: 'OPEN',
      quantity: 1,
      filledQuantity: 0,
      averagePrice: null,
      price: paise(140_000),
      triggerPrice: null,
      statusMessage: null,
      statusMessageRaw: null,
      updatedAt: START,
    };
    const oco = manager();
    await openLong(oco);
    kite.calls.length = 0;
    const withManualOrder = {
      ...kite,
      getOrders: () => Promise.resolve({ ok: true as const, value: [external] }),
    };
    venues = createOrderVenues({ kite: withManualOrder, paper, mode: () => mode });
    const flatten = createFlattenAll({ oco, venues, clock, logger, settleTimeoutMs: 50 });
    const paperReport = await flatten.flattenAll('kill switch', { type: 'USER', name: 'test' });
    expect(paperReport.orders.filter((o) => o.role === 'EXTERNAL')).toEqual([]);
    expect(kite.calls).toEqual([]);

    mode = 'LIVE';
    const liveReport = await flatten.flattenAll('kill switch', { type: 'USER', name: 'test' });
    expect(liveReport.orders.filter((o) => o.role === 'EXTERNAL')).toMatchObject([
      { brokerOrderId: 'X1', action: 'CANCEL', outcome: 'DONE' },
    ]);
    expect(kite.calls).toEqual([{ type: 'cancel', brokerOrderId: 'X1' }]);
  });
});
