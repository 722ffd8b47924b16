import { randomUUID } from 'node:crypto';
import { createLogger } from '@kavach/config';
import { saveConfigVersion } from '@kavach/db';
import type { RiskConfig, TradingState } from '@kavach/domain';
import {
  atIst,
  canonicalJson,
  configSha,
  DEFAULT_RISK_CONFIG,
  paise,
  VirtualClock,
} from '@kavach/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { singleVenue } from '../src/venue/order-venues';
import { createTestOcoManager } from './support/test-oco-manager';
import { createEntryPipeline, splitTargets } from '../src/orchestrator/entry-pipeline';
import type {
  DecisionMessage,
  EntryIntent,
  EntryPipelineOptions,
  RankedOpportunity,
  SignalMessage,
} from '../src/orchestrator/entry-pipeline';
import { createRiskBook } from '../src/portfolio/risk-book';
import type { RiskBook } from '../src/portfolio/risk-book';
import { DEFAULT_SLIPPAGE_CONFIG, versionSlippageConfig } from '../src/slippage/slippage-config';
import { createSlippageManager } from '../src/slippage/slippage-manager';
import { createScriptedBroker } from './support/scripted-broker';
import type { ScriptedBroker } from './support/scripted-broker';
import { INFY, openTestDb } from './support/test-db';
import type { TestDb } from './support/test-db';

const CAPITAL = paise(10_00_000_00);
const RISK: RiskConfig = DEFAULT_RISK_CONFIG;
const SHA = configSha({ risk: RISK });

let testDb: TestDb;
let broker: ScriptedBroker;
let book: RiskBook;
let state: TradingState;
let entriesAllowed: boolean;
let signals: SignalMessage[];
let decisions: DecisionMessage[];

function opportunity(overrides: Partial<RankedOpportunity> = {}): RankedOpportunity {
  return {
    strategy: 'orb',
    token: INFY.token,
    side: 'BUY',
    entry: paise(150_000),
    stop: paise(148_500),
    tp1: paise(151_500),
    tp2: paise(153_000),
    features: { rangeWidthPct: 0.8 },
    featureScores: { rangeWidthPct: 0.7 },
    score: 0.7,
    rank: 1,
    reason: 'closed above the opening range',
    ...overrides,
  };
}

const clock = new VirtualClock(atIst('10:30', '2026-11-23'));
const logger = createLogger('test', 'silent');

/** An outside signal (webhook, execute-signal): submitted on its own, not in a scan's order. */
function outsideSignal(opp: RankedOpportunity): EntryIntent {
  return {
    opportunity: opp,
    source: 'webhook',
    targets: [opp.tp1, opp.tp2],
    sizing: { kind: 'config' },
    receivedAt: clock.now(),
    receivedMono: performance.now(),
    correlationId: randomUUID(),
    atMarket: false,
    hedge: false,
    extraFeatures: {},
    attempt: 0,
  };
}

/** The pre-send check with no market price: every approved entry is refused there. */
function slippageWithoutPrices(): EntryPipelineOptions['slippage'] {
  return {
    manager: createSlippageManager({
      prisma: testDb.db.prisma,
      clock,
      logger,
      initial: versionSlippageConfig(DEFAULT_SLIPPAGE_CONFIG),
      onBreachLimit: () => undefined,
      abandonEntry: () => undefined,
    }),
    price: () => Promise.resolve(null),
  };
}

function pipeline(slippage?: EntryPipelineOptions['slippage']) {
  const oco = createTestOcoManager({
    prisma: testDb.db.prisma,
    venues: singleVenue(broker),
    clock,
  });
  return createEntryPipeline({
    prisma: testDb.db.prisma,
    clock,
    logger,
    oco,
    riskBook: book,
    configSha: SHA,
    riskConfig: RISK,
    capital: CAPITAL,
    orders: { entryOrderType: 'LIMIT', stopOrderType: 'SL-M', stopLimitBufferBps: 50 },
    tradingState: () => state,
    entriesAllowed: () => entriesAllowed,
    instrumentOf: (token) =>
      token === INFY.token ? { instrument: INFY, instrumentId: testDb.infyId } : undefined,
    onSignal: (m) => signals.push(m),
    onDecision: (m) => decisions.push(m),
    ...(slippage === undefined ? {} : { slippage }),
  });
}

beforeAll(async () => {
  testDb = await openTestDb();
  await saveConfigVersion(testDb.db.prisma, {
    sha: SHA,
    kind: 'trading',
    canonicalJson: canonicalJson({ risk: RISK }),
    createdBy: 'test',
  });
});

beforeEach(async () => {
  await testDb.db.prisma.$executeRawUnsafe(
    'TRUNCATE fills, order_status_history, risk_events, orders, oco_groups, decisions, signals CASCADE',
  );
  broker = createScriptedBroker();
  book = createRiskBook();
  state = 'ACTIVE';
  entriesAllowed = true;
  signals = [];
  decisions = [];
});

afterAll(async () => {
  await testDb.close();
});

describe('entry pipeline', () => {
  it('stores and publishes the signal and the decision with the config SHA, then opens the bracket', async () => {
    const [outcome] = await pipeline().processAll([opportunity()]);
    expect(outcome).toMatchObject({ approved: true, reason: null });
    const signal = await testDb.db.prisma.signal.findFirstOrThrow();
    const decision = await testDb.db.prisma.decision.findFirstOrThrow();
    expect(signal.configSha).toBe(SHA);
    expect(decision.configSha).toBe(SHA);
    expect(decision.signalId).toBe(signal.id);
    expect(decision.correlationId).toBe(signal.correlationId);
    // 1 % of ₹10 lakh = ₹10,000 risk; ₹15 a share to the stop: 666 shares.
    expect(decision.quantity).toBe(666);
    const entry = broker.placed('ENTRY')[0]?.command;
    expect(entry).toMatchObject({ side: 'BUY', quantity: 666, orderType: 'LIMIT', price: 150_000 });
    const order = await testDb.db.prisma.order.findFirstOrThrow({ where: { role: 'ENTRY' } });
    expect(order.correlationId).toBe(signal.correlationId);
    expect(order.decisionId).toBe(decision.id);
    expect(signals).toHaveLength(1);
    expect(decisions[0]?.decision.approved).toBe(true);
  });

  it('refuses entries while PAUSED or HALTED and records why', async () => {
    state = 'PAUSED';
    const [outcome] = await pipeline().processAll([opportunity()]);
    expect(outcome).toMatchObject({ approved: false, reason: 'TRADING_NOT_ACTIVE' });
    expect(broker.calls).toEqual([]);
    const decision = await testDb.db.prisma.decision.findFirstOrThrow();
    expect(decision).toMatchObject({
      approved: false,
      reason: 'TRADING_NOT_ACTIVE',
      configSha: SHA,
    });
  });

  it('blocks new entries once the heat limit is used up', async () => {
    // 6 % heat of ₹10 lakh = ₹60,000 of open risk allowed.
    book.track('old', 1, 'BUY', paise(100_00), 600);
    const [outcome] = await pipeline().processAll([opportunity()]);
    expect(outcome).toMatchObject({ approved: false, reason: 'PORTFOLIO_HEAT' });
    expect(broker.calls).toEqual([]);
  });

  it('blocks new entries once the daily loss stop is hit', async () => {
    book.track('old', 1, 'BUY', paise(1), 100);
    book.applyFill('old', 'BUY', 100, paise(100_000));
    book.applyFill('old', 'SELL', 100, paise(69_000));
    book.stopEntering('old');
    const [outcome] = await pipeline().processAll([opportunity()]);
    expect(outcome).toMatchObject({ approved: false, reason: 'DAILY_LOSS_STOP' });
    expect(broker.calls).toEqual([]);
  });

  it('counts an approval against the next opportunity of the same cycle', async () => {
    const wide = { entry: paise(150_000), stop: paise(140_000) };
    const outcomes = await pipeline().processAll([
      opportunity({ ...wide, rank: 1 }),
      opportunity({ ...wide, rank: 2 }),
      opportunity({ ...wide, rank: 3 }),
      opportunity({ ...wide, rank: 4 }),
      opportunity({ ...wide, rank: 5 }),
      opportunity({ ...wide, rank: 6 }),
      opportunity({ ...wide, rank: 7 }),
    ]);
    expect(outcomes.filter((o) => o.approved)).toHaveLength(5);
    expect(outcomes.slice(5).map((o) => o.reason)).toEqual([
      'MAX_OPEN_POSITIONS',
      'MAX_OPEN_POSITIONS',
    ]);
  });

  it('counts an entry still being decided against one submitted at the same time', async () => {
    const wide = { entry: paise(150_000), stop: paise(140_000) };
    const entries = pipeline();
    const outcomes = await Promise.all(
      Array.from({ length: 7 }, () => entries.submit(outsideSignal(opportunity(wide)))),
    );
    expect(outcomes.filter((o) => o?.approved)).toHaveLength(RISK.maxOpenPositions);
    expect(outcomes.filter((o) => o?.reason === 'MAX_OPEN_POSITIONS')).toHaveLength(2);
    expect(broker.placed('ENTRY')).toHaveLength(RISK.maxOpenPositions);
    expect(book.snapshot().openPositions).toBe(RISK.maxOpenPositions);
  });

  it('lets the risk of an approved entry go when the price check refuses it', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 3 }, () =>
        pipeline(slippageWithoutPrices()).submit(outsideSignal(opportunity())),
      ),
    );
    expect(outcomes.map((o) => o?.reason)).toEqual(Array(3).fill('NO_MARKET_PRICE'));
    expect(book.snapshot()).toMatchObject({ openPositions: 0, openRisk: 0 });
    expect(broker.calls).toEqual([]);
  });

  it('records an opportunity found but not taken, with its reason and no order', async () => {
    const [outcome] = await pipeline().recordUntaken([opportunity({ score: 0.2, rank: null })], {
      reason: 'BELOW_MIN_SCORE',
      detail: 'score below the minimum 0.35',
    });
    expect(outcome).toMatchObject({ approved: false });
    const signal = await testDb.db.prisma.signal.findFirstOrThrow();
    expect(signal).toMatchObject({ rank: null, score: 0.2, configSha: SHA });
    const decision = await testDb.db.prisma.decision.findFirstOrThrow();
    expect(decision).toMatchObject({
      approved: false,
      reason: 'BELOW_MIN_SCORE',
      signalId: signal.id,
    });
    expect(decisions[0]?.untakenReason).toBe('BELOW_MIN_SCORE');
    expect(broker.calls).toEqual([]);
  });

  it('takes no entry after the end-of-day cut-off', async () => {
    entriesAllowed = false;
    const [outcome] = await pipeline().processAll([opportunity()]);
    expect(outcome?.approved).toBe(false);
    expect(broker.calls).toEqual([]);
  });
});

describe('splitTargets', () => {
  it('splits whole lots, TP1 taking the larger half', () => {
    expect(splitTargets(75 * 3, 75, paise(2), paise(3)).map((t) => t.quantity)).toEqual([150, 75]);
    expect(splitTargets(75, 75, paise(2), paise(3)).map((t) => [t.role, t.quantity])).toEqual([
      ['TP1', 75],
    ]);
  });
});
