import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appendAudit,
  createDb,
  createOcoGroupRow,
  persistDecision,
  persistOrder,
  persistSignal,
  recordSlippageAck,
  recordSlippageCheck,
  recordSlippageFill,
  recordTrade,
  saveConfigVersion,
  updateOrderStatus,
  upsertInstrument,
  attachSlippageOrder,
} from '@kavach/db';
import type { Db } from '@kavach/db';
import { canonicalJson, configSha, paise } from '@kavach/domain';
import type { Instrument, LegRole, OrderStatus } from '@kavach/domain';
import { INFY } from '@kavach/testkit';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../src/server/auth/create-auth';
import type { SessionUser } from '../src/server/auth/session-user';
import { createEngineClient } from '../src/server/engine/engine-client';
import { NO_LIVE } from '../src/server/realtime/live-notifier';
import { appRouter } from '../src/server/trpc/router';
import { startFakeEngine } from './fake-engine';
import type { FakeEngine } from './fake-engine';

/**
 * The positions, orders, signals and trade-story procedures on a migrated PGlite database
 * with rows as the engine writes them, and a fake engine API for the exit.
 */
const TCS: Instrument = {
  ...INFY,
  token: 2_953_217,
  exchangeToken: 11_536,
  tradingSymbol: 'TCS',
  name: 'TATA CONSULTANCY SERV LT',
};
const T0 = Date.parse('2026-11-23T04:00:00Z');
const at = (ms: number) => new Date(T0 + ms);
const TRADING = { risk: { perTradeBps: 50 }, capital: 10_00_000_00 };
const SLIPPAGE = { maxSlippagePct: 0.5, requotePct: 0.3 };
const version = (value: unknown, kind: string) => ({
  sha: configSha(value),
  kind,
  canonicalJson: canonicalJson(value),
  createdBy: 'test',
});
const TRADING_SHA = configSha(TRADING);
const SLIPPAGE_SHA = configSha(SLIPPAGE);

const viewer: SessionUser = { id: 'u-v', email: 'viewer@example.com', name: 'V', role: 'viewer' };
const trader: SessionUser = { id: 'u-t', email: 'trader@example.com', name: 'T', role: 'trader' };

let dataDir: string;
let db: Db;
let engine: FakeEngine;
let caller: (user: SessionUser) => ReturnType<typeof appRouter.createCaller>;
let infyId: string;
let tcsId: string;
let orderSeq = 0;

interface LegSpec {
  readonly role: LegRole;
  readonly side: 'BUY' | 'SELL';
  readonly orderType?: 'LIMIT' | 'SL' | 'MARKET';
  readonly at: number;
  /** Statuses after PENDING_SUBMIT, each `step` ms after the one before. */
  readonly path: readonly OrderStatus[];
  readonly fill?: { readonly price: number; readonly at: number };
}

interface BracketSpec {
  readonly instrumentId: string;
  readonly strategy: string;
  readonly correlationId: string;
  readonly at: number;
  readonly state: string;
  readonly quantity: number;
  readonly legs: readonly LegSpec[];
}

/** Signal, approved decision, group and orders of one bracket, as the engine writes them. */
async function bracket(spec: BracketSpec) {
  const signal = await persistSignal(db.prisma, {
    strategy: spec.strategy,
    instrumentId: spec.instrumentId,
    side: 'BUY',
    entryPrice: paise(150_000),
    stopPrice: paise(149_000),
    tp1Price: paise(151_500),
    tp2Price: null,
    features: { rangeHighPaise: 150_000, volumeRatio: 2.4, window: { from: '09:15' } },
    featureScores: { breakout: 0.8, volume: 0.6 },
    score: 0.7,
    rank: 1,
    configSha: TRADING_SHA,
    correlationId: spec.correlationId,
    createdAt: at(spec.at - 100),
  });
  const groupId = randomUUID();
  const decision = await persistDecision(db.prisma, {
    signalId: signal.id,
    approved: true,
    reason: null,
    capital: paise(10_00_000_00),
    riskAmount: paise(spec.quantity * 1_000),
    riskPctBps: 25,
    quantity: spec.quantity,
    lots: spec.quantity,
    heatBefore: paise(0),
    heatAfter: paise(spec.quantity * 1_000),
    configSha: TRADING_SHA,
    clientPlanId: groupId,
    correlationId: spec.correlationId,
    createdAt: at(spec.at - 50),
  });
  await createOcoGroupRow(db.prisma, {
    id: groupId,
    venue: 'KITE',
    instrumentId: spec.instrumentId,
    side: 'BUY',
    state: spec.state,
    plannedQuantity: spec.quantity,
    decisionId: decision.id,
    strategy: spec.strategy,
    snapshot: {},
    correlationId: spec.correlationId,
    at: at(spec.at),
  });
  if (spec.state === 'CLOSED') {
    await db.prisma.ocoGroup.update({ where: { id: groupId }, data: { closedAt: at(spec.at) } });
  }
  const orderIds: Partial<Record<LegRole, string>> = {};
  for (const leg of spec.legs) {
    orderIds[leg.role] = await order(leg, {
      instrumentId: spec.instrumentId,
      quantity: spec.quantity,
      correlationId: spec.correlationId,
      parentGroup: groupId,
      decisionId: decision.id,
    });
  }
  return { groupId, signalId: signal.id, orderIds };
}

async function order(
  leg: LegSpec,
  of: {
    instrumentId: string;
    quantity: number;
    correlationId: string;
    parentGroup: string | null;
    decisionId: string | null;
  },
): Promise<string> {
  orderSeq += 1;
  let stored = await persistOrder(db.prisma, {
    clientOrderId: `K${orderSeq}`,
    parentGroup: of.parentGroup,
    role: leg.role,
    instrumentId: of.instrumentId,
    side: leg.side,
    orderType: leg.orderType ?? 'LIMIT',
    product: 'MIS',
    validity: 'DAY',
    quantity: of.quantity,
    price: paise(150_000),
    decisionId: of.decisionId,
    correlationId: of.correlationId,
    createdAt: at(leg.at),
  });
  let time = leg.at;
  for (const status of leg.path) {
    time += 100;
    stored = await updateOrderStatus(db.prisma, {
      orderId: stored.id,
      expectedVersion: stored.version,
      status,
      source: status === 'SUBMITTED' ? 'ENGINE' : 'POSTBACK',
      ...(status === 'FILLED' ? { filledQuantity: of.quantity, averagePrice: paise(150_050) } : {}),
      at: at(time),
    });
  }
  if (leg.fill !== undefined) {
    await db.prisma.fill.create({
      data: {
        orderId: stored.id,
        tradeId: `T${orderSeq}`,
        quantity: of.quantity,
        pricePaise: leg.fill.price,
        filledAt: at(leg.fill.at),
        source: 'POSTBACK',
      },
    });
  }
  return stored.id;
}

async function position(instrumentId: string, netQuantity: number, openedAt: number) {
  await db.prisma.position.create({
    data: {
      instrumentId,
      product: 'MIS',
      netQuantity,
      buyQuantity: netQuantity,
      buyValuePaise: BigInt(netQuantity * 150_050),
      averagePricePaise: 150_050,
      lastPricePaise: 150_500,
      unrealisedPnlPaise: BigInt(netQuantity * 450),
      mfePaise: BigInt(netQuantity * 600),
      maePaise: BigInt(netQuantity * -200),
      riskAmountPaise: BigInt(netQuantity * 1_000),
      openedAt: at(openedAt),
    },
  });
}

const filledEntry = (legAt: number): LegSpec => ({
  role: 'ENTRY',
  side: 'BUY',
  at: legAt,
  path: ['SUBMITTED', 'OPEN', 'FILLED'],
  fill: { price: 150_050, at: legAt + 300 },
});

let A: Awaited<ReturnType<typeof bracket>>;
let B: Awaited<ReturnType<typeof bracket>>;
let C: Awaited<ReturnType<typeof bracket>>;
let D: Awaited<ReturnType<typeof bracket>>;
let externalOrderId: string;
let refusedSignalId: string;
let pendingSignalId: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kavach-web-pages-'));
  db = createDb({ dataDir });
  await db.migrate();
  engine = await startFakeEngine();
  const services = {
    prisma: db.prisma,
    auth: createAuth({
      prisma: db.prisma,
      secret: 'pages-test-secret-0123456789-0123456789',
      baseURL: 'http://127.0.0.1:3000',
      loginAttemptsPerMinute: 5,
    }),
    engine: createEngineClient({ url: engine.url, token: engine.token }),
    live: NO_LIVE,
    now: () => T0 + 600_000,
  };
  caller = (user) => appRouter.createCaller({ ...services, user });

  infyId = await upsertInstrument(db.prisma, INFY);
  tcsId = await upsertInstrument(db.prisma, TCS);
  await saveConfigVersion(db.prisma, version(TRADING, 'trading'));
  await saveConfigVersion(db.prisma, version(SLIPPAGE, 'slippage'));

  // C: an INFY bracket closed an hour ago, with its trade, slippage sample and audit.
  C = await bracket({
    instrumentId: infyId,
    strategy: 'orb-15m',
    correlationId: 'corr-c',
    at: -3_600_000,
    state: 'CLOSED',
    quantity: 10,
    legs: [
      filledEntry(-3_600_000),
      {
        role: 'STOP',
        side: 'SELL',
        orderType: 'SL',
        at: -3_599_000,
        path: ['TRIGGER_PENDING', 'CANCELLED'],
      },
      {
        role: 'TP1',
        side: 'SELL',
        at: -3_599_000,
        path: ['OPEN', 'FILLED'],
        fill: { price: 151_500, at: -1_800_000 },
      },
    ],
  });
  const sample = await recordSlippageCheck(db.prisma, {
    orderId: null,
    groupId: C.groupId,
    correlationId: 'corr-c',
    source: 'strategy',
    strategy: 'orb-15m',
    instrumentId: infyId,
    side: 'BUY',
    quantity: 10,
    signalPrice: paise(150_000),
    marketPrice: paise(150_020),
    sentPrice: paise(150_000),
    quoteDriftBps: 1.3,
    check: 'ACCEPTED',
    checkReason: null,
    breach: false,
    signalAt: at(-3_600_100),
    validatedAt: at(-3_600_030),
    configSha: SLIPPAGE_SHA,
  });
  const entryOfC = C.orderIds.ENTRY ?? '';
  await attachSlippageOrder(db.prisma, sample.id, { orderId: entryOfC, sentAt: at(-3_599_990) });
  await recordSlippageAck(db.prisma, sample.id, at(-3_599_900));
  await recordSlippageFill(db.prisma, sample.id, {
    fillPrice: paise(150_050),
    slippagePaise: paise(50),
    slippageBps: 3.3,
    favourable: false,
    firstFillAt: at(-3_599_700),
    totalMs: 400,
    breach: false,
  });
  await recordTrade(db.prisma, {
    ocoGroupId: C.groupId,
    instrumentId: infyId,
    strategy: 'orb-15m',
    side: 'BUY',
    quantity: 10,
    entryAveragePrice: paise(150_050),
    exitAveragePrice: paise(151_500),
    realisedPnl: paise(14_500),
    fees: paise(3_200),
    slippage: paise(500),
    correlationId: 'corr-c',
    openedAt: at(-3_599_700),
    closedAt: at(-1_800_000),
  });
  await appendAudit(db.prisma, {
    actorType: 'SYSTEM',
    actor: 'engine',
    action: 'trade.closed',
    entity: 'trade',
    entityId: null,
    payload: { groupId: C.groupId, realisedPnlPaise: 14_500 },
    correlationId: 'corr-c',
    at: at(-1_800_000),
  });

  // A and B: two open INFY brackets (one position); D: an open TCS bracket.
  A = await bracket({
    instrumentId: infyId,
    strategy: 'orb-15m',
    correlationId: 'corr-a',
    at: 100,
    state: 'OPEN',
    quantity: 25,
    legs: [
      { role: 'TP1', side: 'SELL', at: 1_000, path: ['OPEN'] },
      { role: 'STOP', side: 'SELL', orderType: 'SL', at: 1_000, path: ['TRIGGER_PENDING'] },
      filledEntry(100),
    ],
  });
  B = await bracket({
    instrumentId: infyId,
    strategy: 'vwap-pullback',
    correlationId: 'corr-b',
    at: 60_000,
    state: 'OPEN',
    quantity: 25,
    legs: [filledEntry(60_000)],
  });
  externalOrderId = await order(
    { role: 'EXTERNAL', side: 'BUY', at: 90_000, path: ['OPEN'] },
    {
      instrumentId: tcsId,
      quantity: 5,
      correlationId: 'external-2611230001',
      parentGroup: null,
      decisionId: null,
    },
  );
  await db.prisma.order.update({ where: { id: externalOrderId }, data: { isExternal: true } });
  D = await bracket({
    instrumentId: tcsId,
    strategy: 'orb-15m',
    correlationId: 'corr-d',
    at: 120_000,
    state: 'OPEN',
    quantity: 5,
    legs: [filledEntry(120_000)],
  });
  await position(infyId, 50, 500);
  await position(tcsId, 5, 120_500);

  // A refused signal and one not decided yet (no decision row).
  const refused = await persistSignal(db.prisma, {
    strategy: 'vwap-pullback',
    instrumentId: tcsId,
    side: 'SELL',
    entryPrice: paise(400_000),
    stopPrice: paise(402_000),
    features: { vwapPaise: 399_500 },
    featureScores: { trend: 0.4 },
    score: 0.4,
    configSha: TRADING_SHA,
    correlationId: 'corr-r',
    createdAt: at(30_000),
  });
  refusedSignalId = refused.id;
  await persistDecision(db.prisma, {
    signalId: refused.id,
    approved: false,
    reason: 'MAX_HEAT',
    capital: paise(10_00_000_00),
    riskAmount: paise(5_000_00),
    riskPctBps: 50,
    quantity: 0,
    lots: 0,
    heatBefore: paise(48_000_00),
    heatAfter: paise(53_000_00),
    configSha: TRADING_SHA,
    clientPlanId: randomUUID(),
    correlationId: 'corr-r',
    createdAt: at(30_010),
  });
  const pending = await persistSignal(db.prisma, {
    strategy: 'orb-15m',
    instrumentId: tcsId,
    side: 'BUY',
    entryPrice: paise(400_000),
    stopPrice: paise(398_000),
    features: {},
    featureScores: {},
    score: 0.5,
    configSha: TRADING_SHA,
    correlationId: 'corr-p',
    createdAt: at(45_000),
  });
  pendingSignalId = pending.id;

  // A trade of no bracket (an imported one), closed after C's.
  await recordTrade(db.prisma, {
    ocoGroupId: null,
    instrumentId: tcsId,
    strategy: null,
    side: 'SELL',
    quantity: 5,
    entryAveragePrice: paise(400_000),
    exitAveragePrice: paise(401_000),
    realisedPnl: paise(-5_000),
    fees: paise(1_000),
    slippage: paise(0),
    correlationId: 'corr-f',
    openedAt: at(-1_200_000),
    closedAt: at(-600_000),
  });
}, 180_000);

afterAll(async () => {
  await engine.close();
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

const exitCalls = () => engine.calls.filter((c) => c.path === '/api/positions/exit');

describe('positions', () => {
  it('lists open positions with the open brackets on each instrument, closed ones left out', async () => {
    const { positions } = await caller(viewer).positions.list();
    expect(positions.map((p) => [p.tradingSymbol, p.netQuantity])).toEqual([
      ['INFY', 50],
      ['TCS', 5],
    ]);
    const [infy, tcs] = positions;
    expect(infy?.groups.map((g) => g.id)).toEqual([A.groupId, B.groupId]);
    expect(infy?.groups.map((g) => g.strategy)).toEqual(['orb-15m', 'vwap-pullback']);
    expect(tcs?.groups.map((g) => g.id)).toEqual([D.groupId]);
    expect(infy).toMatchObject({
      token: INFY.token,
      averagePrice: 150_050,
      lastPrice: 150_500,
      unrealisedPnl: 50 * 450,
      mfe: 50 * 600,
      mae: 50 * -200,
      risk: 50 * 1_000,
    });
  });

  it('refuses a viewer the exit, and the engine is never called', async () => {
    const before = exitCalls().length;
    expect(
      await codeOf(caller(viewer).positions.exit({ groupIds: [A.groupId], reason: 'not allowed' })),
    ).toBe('FORBIDDEN');
    expect(exitCalls()).toHaveLength(before);
  });

  it('exits every bracket of the position for a trader, the trader named to the engine', async () => {
    const before = exitCalls().length;
    const answer = await caller(trader).positions.exit({
      groupIds: [A.groupId, B.groupId],
      reason: 'exit INFY from the dashboard',
    });
    expect(answer.outcomes).toEqual([
      { groupId: A.groupId, ok: true, status: 'EXITING' },
      { groupId: B.groupId, ok: true, status: 'EXITING' },
    ]);
    const calls = exitCalls().slice(before);
    expect(calls.map((c) => (c.body as { groupId: string }).groupId).sort()).toEqual(
      [A.groupId, B.groupId].sort(),
    );
    for (const call of calls) {
      expect(call).toMatchObject({
        method: 'POST',
        actor: 'trader@example.com (trader)',
        body: { reason: 'exit INFY from the dashboard' },
      });
    }
  });

  it("reports each bracket's refusal, and is an error when none could be exited", async () => {
    engine.closedGroups.add(C.groupId);
    const mixed = await caller(trader).positions.exit({
      groupIds: [D.groupId, C.groupId],
      reason: 'x',
    });
    expect(mixed.outcomes).toEqual([
      { groupId: D.groupId, ok: true, status: 'EXITING' },
      {
        groupId: C.groupId,
        ok: false,
        code: 'GROUP_CLOSED',
        message: `bracket ${C.groupId} is closed`,
      },
    ]);
    expect(
      await codeOf(caller(trader).positions.exit({ groupIds: [C.groupId], reason: 'x' })),
    ).toBe('NOT_FOUND');
    expect(await codeOf(caller(trader).positions.exit({ groupIds: ['INFY'], reason: 'x' }))).toBe(
      'BAD_REQUEST',
    );
    expect(
      await codeOf(caller(trader).positions.exit({ groupIds: [A.groupId], reason: '  ' })),
    ).toBe('BAD_REQUEST');
  });
});

describe('orders', () => {
  it('groups the blotter by bracket, newest first, with lone external orders as their own', async () => {
    const page = await caller(viewer).orders.blotter({ limit: 10 });
    expect(page.nextCursor).toBeNull();
    expect(page.groups.map((g) => g.key)).toEqual([
      D.groupId,
      `order:${externalOrderId}`,
      B.groupId,
      A.groupId,
      C.groupId,
    ]);
    const external = page.groups[1];
    expect(external).toMatchObject({ kind: 'EXTERNAL', groupId: null, tradingSymbol: 'TCS' });
    const a = page.groups[3];
    expect(a).toMatchObject({ kind: 'BRACKET', state: 'OPEN', strategy: 'orb-15m' });
    // Entry, stop, target, whatever order they were written in.
    expect(a?.orders.map((o) => [o.role, o.status])).toEqual([
      ['ENTRY', 'FILLED'],
      ['STOP', 'TRIGGER_PENDING'],
      ['TP1', 'OPEN'],
    ]);
    const c = page.groups[4];
    expect(c?.orders.map((o) => [o.role, o.status])).toEqual([
      ['ENTRY', 'FILLED'],
      ['STOP', 'CANCELLED'],
      ['TP1', 'FILLED'],
    ]);
  });

  it('pages by cursor without skipping or repeating a group', async () => {
    const keys: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<ReturnType<typeof caller>['orders']['blotter']>> =
        await caller(viewer).orders.blotter({ limit: 2, cursor });
      keys.push(...page.groups.map((g) => g.key));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(keys).toEqual([D.groupId, `order:${externalOrderId}`, B.groupId, A.groupId, C.groupId]);
    expect(await codeOf(caller(viewer).orders.blotter({ cursor: 'nonsense' }))).toBe('BAD_REQUEST');
  });

  it("shows an order's status history and fills on demand", async () => {
    const detail = await caller(viewer).orders.detail({ orderId: A.orderIds.ENTRY ?? '' });
    expect(detail.history.map((h) => [h.fromStatus, h.toStatus])).toEqual([
      [null, 'PENDING_SUBMIT'],
      ['PENDING_SUBMIT', 'SUBMITTED'],
      ['SUBMITTED', 'OPEN'],
      ['OPEN', 'FILLED'],
    ]);
    expect(detail.history.map((h) => h.at)).toEqual([T0 + 100, T0 + 200, T0 + 300, T0 + 400]);
    expect(detail.fills).toEqual([
      expect.objectContaining({ quantity: 25, price: 150_050, filledAt: T0 + 400 }),
    ]);
    expect(await codeOf(caller(viewer).orders.detail({ orderId: randomUUID() }))).toBe('NOT_FOUND');
  });
});

describe('signals', () => {
  const ids = (signals: readonly { id: string }[]) => signals.map((s) => s.id);

  it('lists signals newest first with features, scores and the decision', async () => {
    const { signals, nextCursor } = await caller(viewer).signals.list({});
    expect(nextCursor).toBeNull();
    expect(ids(signals)).toEqual([
      D.signalId,
      B.signalId,
      pendingSignalId,
      refusedSignalId,
      A.signalId,
      C.signalId,
    ]);
    const a = signals.find((s) => s.id === A.signalId);
    expect(a).toMatchObject({
      strategy: 'orb-15m',
      tradingSymbol: 'INFY',
      score: 0.7,
      rank: 1,
      configSha: TRADING_SHA,
      features: { rangeHighPaise: 150_000, volumeRatio: 2.4, window: '{"from":"09:15"}' },
      featureScores: { breakout: 0.8, volume: 0.6 },
      decision: {
        approved: true,
        reason: null,
        quantity: 25,
        riskAmount: 25_000,
        heatBefore: 0,
        heatAfter: 25_000,
      },
    });
    const refused = signals.find((s) => s.id === refusedSignalId);
    expect(refused?.decision).toMatchObject({
      approved: false,
      reason: 'MAX_HEAT',
      heatBefore: 48_000_00,
      heatAfter: 53_000_00,
    });
    expect(signals.find((s) => s.id === pendingSignalId)?.decision).toBeNull();
  });

  it('filters by strategy and by approved or refused', async () => {
    const list = caller(viewer).signals.list;
    expect(ids((await list({ strategy: 'orb-15m' })).signals)).toEqual([
      D.signalId,
      pendingSignalId,
      A.signalId,
      C.signalId,
    ]);
    expect(ids((await list({ outcome: 'approved' })).signals)).toEqual([
      D.signalId,
      B.signalId,
      A.signalId,
      C.signalId,
    ]);
    expect(ids((await list({ outcome: 'refused' })).signals)).toEqual([refusedSignalId]);
    expect(ids((await list({ strategy: 'vwap-pullback', outcome: 'approved' })).signals)).toEqual([
      B.signalId,
    ]);
    expect(await caller(viewer).signals.strategies()).toEqual(['orb-15m', 'vwap-pullback']);
  });

  it('pages by cursor; a full last page says there is no more', async () => {
    const first = await caller(viewer).signals.list({ limit: 3 });
    expect(ids(first.signals)).toEqual([D.signalId, B.signalId, pendingSignalId]);
    expect(first.nextCursor).not.toBeNull();
    // As the browser's infinite query asks: with the direction beside the cursor.
    const second = await caller(viewer).signals.list({
      limit: 3,
      cursor: first.nextCursor,
      direction: 'forward',
    });
    expect(ids(second.signals)).toEqual([refusedSignalId, A.signalId, C.signalId]);
    expect(second.nextCursor).toBeNull();
  });
});

describe('trades and their story', () => {
  it('lists trades last closed first with P&L, fees and slippage', async () => {
    const { trades, nextCursor } = await caller(viewer).trades.list({});
    expect(nextCursor).toBeNull();
    expect(trades.map((t) => t.correlationId)).toEqual(['corr-f', 'corr-c']);
    expect(trades[1]).toMatchObject({
      groupId: C.groupId,
      tradingSymbol: 'INFY',
      strategy: 'orb-15m',
      quantity: 10,
      realisedPnl: 14_500,
      fees: 3_200,
      netPnl: 11_300,
      slippage: 500,
      closedAt: T0 - 1_800_000,
    });
    const paged = await caller(viewer).trades.list({ limit: 1 });
    expect(paged.trades.map((t) => t.correlationId)).toEqual(['corr-f']);
    const rest = await caller(viewer).trades.list({ limit: 1, cursor: paged.nextCursor });
    expect(rest.trades.map((t) => t.correlationId)).toEqual(['corr-c']);
    expect(rest.nextCursor).toBeNull();
  });

  it('tells the story of a correlation id in time order, with config, slippage and audit', async () => {
    const story = await caller(viewer).trades.story({ correlationId: 'corr-c' });
    expect(story.found).toBe(true);
    expect(story.signals.map((s) => s.id)).toEqual([C.signalId]);
    expect(story.decisions).toHaveLength(1);
    expect(story.orders.map((o) => o.role)).toEqual(['ENTRY', 'STOP', 'TP1']);
    expect(story.orders[0]?.fills).toHaveLength(1);
    expect(story.trades.map((t) => t.netPnl)).toEqual([11_300]);
    expect(story.audit.map((a) => a.action)).toEqual(['trade.closed']);
    expect(story.configs).toEqual([
      { sha: TRADING_SHA, kind: 'trading', usedBy: ['signal', 'decision'] },
      { sha: SLIPPAGE_SHA, kind: 'slippage', usedBy: ['slippage check'] },
    ]);
    expect(story.slippage).toEqual([
      expect.objectContaining({
        check: 'ACCEPTED',
        orderId: C.orderIds.ENTRY,
        fillPrice: 150_050,
        slippage: 50,
        latency: { validateMs: 70, sendMs: 40, ackMs: 90, fillMs: 200, totalMs: 400 },
      }),
    ]);

    const times = story.timeline.map((e) => e.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const kinds = story.timeline.map((e) => e.kind);
    // Signal → decision → price check → the entry written → … → the trade → its audit.
    expect(kinds.slice(0, 4)).toEqual(['SIGNAL', 'DECISION', 'SLIPPAGE', 'ORDER']);
    expect(kinds.slice(-2)).toEqual(['TRADE', 'AUDIT']);
    expect(kinds.filter((k) => k === 'FILL')).toHaveLength(2);
    expect(story.timeline.find((e) => e.kind === 'TRADE')?.title).toBe(
      'Trade closed: +₹145.00 (net +₹113.00)',
    );
  });

  it('finds nothing under an unknown id, and refuses an empty one', async () => {
    const story = await caller(viewer).trades.story({ correlationId: 'no-such-id' });
    expect(story).toMatchObject({ found: false, timeline: [], orders: [] });
    expect(await codeOf(caller(viewer).trades.story({ correlationId: ' ' }))).toBe('BAD_REQUEST');
  });

  it('needs a session for every read', async () => {
    const anonymous = appRouter.createCaller({
      prisma: db.prisma,
      auth: createAuth({
        prisma: db.prisma,
        secret: 'pages-test-secret-0123456789-0123456789',
        baseURL: 'http://127.0.0.1:3000',
        loginAttemptsPerMinute: 5,
      }),
      engine: createEngineClient({ url: engine.url, token: engine.token }),
      live: NO_LIVE,
      now: () => T0,
      user: null,
    });
    expect(await codeOf(anonymous.positions.list())).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.trades.story({ correlationId: 'corr-c' }))).toBe('UNAUTHORIZED');
  });
});
