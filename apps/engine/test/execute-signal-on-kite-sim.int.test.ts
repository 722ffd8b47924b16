import type { BrokerFillReport, BrokerOrderReport, Tick } from '@kavach/broker';
import { istDate, measureGroupPosition, nseCalendar2026 } from '@kavach/domain';
import type { Instrument, OrderSide, Paise } from '@kavach/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TradingEngine } from '../src/engine/create-trading-engine';
import { createSignalExecutor } from '../src/execute-signal/execute-signal';
import type { ExecuteSignalReply, SignalExecutor } from '../src/execute-signal/execute-signal';
import {
  EXECUTE_SIGNAL_RESPONSE_KEYS,
  executeSignalResponse,
} from '../src/execute-signal/execute-signal-body';
import type {
  ExecuteSignalBody,
  ExecuteSignalResponse,
} from '../src/execute-signal/execute-signal-body';
import { nearestNiftyExpiry } from '../src/execute-signal/resolve-nifty-option';
import type { SignalIntake } from '../src/orchestrator/external-entry';
import { createSignalIntake } from '../src/orchestrator/signal-intake';
import { DEFAULT_SLIPPAGE_CONFIG, versionSlippageConfig } from '../src/slippage/slippage-config';
import { createSlippageManager } from '../src/slippage/slippage-manager';
import type { SlippageManager } from '../src/slippage/slippage-manager';
import type { KiteSimEngineHarness } from './support/kite-sim-engine';
import { logger, startKiteSimEngineHarness, until } from './support/kite-sim-engine';

/**
 * POST /live/execute-signal's logic (the executor, the intake, the pipeline, the OCO manager)
 * against a kite-sim process through the real kiteconnect client, wired as src/main.ts wires
 * it: NIFTY weekly options bought and written, with and without the far-OTM hedge, and a
 * signal too far from the market refused with its hedge taken back out.
 */
let h: KiteSimEngineHarness;
let engine: TradingEngine;
let slippage: SlippageManager;
let executor: SignalExecutor;
const breachPauses: string[] = [];
/** The broker's order book each time a main leg (not a hedge) was about to be submitted. */
const booksBeforeMainLeg: (readonly BrokerOrderReport[])[] = [];
/** The last tick of each token, as the engine's broker delivered it. */
const lastTicks = new Map<number, Tick>();
const tickCounts = new Map<number, number>();

const actor = { type: 'USER', name: 'test' } as const;

beforeAll(async () => {
  h = await startKiteSimEngineHarness();
  // As src/main.ts builds it: the documented defaults, entries paused on repeated breaches.
  slippage = createSlippageManager({
    prisma: h.db.prisma,
    clock: h.clock,
    logger,
    initial: versionSlippageConfig(DEFAULT_SLIPPAGE_CONFIG),
    onBreachLimit: (detail) => breachPauses.push(detail),
    abandonEntry: (groupId, reason) => {
      engine.oco.abandonEntry(groupId, reason).catch((error: unknown) => {
        logger.error({ error, groupId }, 'entry rest not cancelled');
      });
    },
  });
  engine = await h.startEngine(undefined, undefined, {
    slippage,
    calendar: nseCalendar2026,
    queueCheckMs: 3_600_000,
  });
  h.broker.onEvent((event) => {
    if (event.type !== 'ticks') return;
    for (const tick of event.ticks) {
      lastTicks.set(tick.token, tick);
      tickCounts.set(tick.token, (tickCounts.get(tick.token) ?? 0) + 1);
    }
  });
  const intake = createSignalIntake({
    prisma: h.db.prisma,
    clock: h.clock,
    pipeline: engine.pipeline,
    oco: engine.oco,
    priceBook: engine.priceBook,
    bySymbol: h.instruments.bySymbol,
    allInstruments: h.instruments.all,
    maxQuoteAgeMs: () => slippage.limits().maxQuoteAgeMs,
    hedges: engine.hedges,
  });
  // The intake as main.ts builds it, watched: the broker's book just before each main leg.
  const watched: SignalIntake = {
    ...intake,
    submitEntry: async (entry) => {
      if (entry.hedge !== true) booksBeforeMainLeg.push(await brokerOrders());
      return intake.submitEntry(entry);
    },
  };
  executor = createSignalExecutor({
    intake: watched,
    clock: h.clock,
    logger,
    options: {
      maxLatencyMs: slippage.limits().maxLatencyMs,
      todayIst: () => istDate(h.clock.now()),
    },
  });
}, 120_000);

afterAll(async () => {
  await engine.stop();
  await h.close();
});

async function brokerOrders(): Promise<readonly BrokerOrderReport[]> {
  const book = await h.broker.getOrders();
  if (!book.ok) throw new Error(`order book: ${book.error.message}`);
  return book.value;
}

async function brokerTrades(): Promise<readonly BrokerFillReport[]> {
  const trades = await h.broker.getTrades();
  if (!trades.ok) throw new Error(`trades: ${trades.error.message}`);
  return trades.value;
}

async function netPosition(token: number): Promise<number> {
  const positions = await h.broker.getPositions();
  if (!positions.ok) throw new Error(`positions: ${positions.error.message}`);
  return positions.value
    .filter((p) => p.instrumentToken === token)
    .reduce((sum, p) => sum + p.quantity, 0);
}

/** The current weekly NIFTY call chain, by strike (paise) ascending. */
function callChain(): readonly Instrument[] {
  const all = h.instruments.all();
  const expiry = nearestNiftyExpiry(all, istDate(h.clock.now()));
  if (expiry === null) throw new Error('no NIFTY options in the master');
  return all
    .filter(
      (i) =>
        i.exchange === 'NFO' &&
        i.name === 'NIFTY' &&
        i.type === 'CE' &&
        i.expiry === expiry &&
        i.strike !== null,
    )
    .sort((a, b) => (a.strike ?? 0) - (b.strike ?? 0));
}

/** NIFTY 50's last price, from the engine's price book (subscribing the index). */
async function niftyLevel(): Promise<Paise> {
  const index = h.instruments.bySymbol('NSE:NIFTY 50');
  if (index === undefined) throw new Error('no NIFTY 50 in the master');
  const last = await engine.priceBook.fresh(index.token, h.clock.now(), 5_000, 2_000);
  if (last === null) throw new Error('no NIFTY 50 price');
  return last.price;
}

/** The call `offset` strikes above the one nearest NIFTY's last price. */
async function callNearTheMoney(offset: number): Promise<Instrument & { readonly strike: Paise }> {
  const level = await niftyLevel();
  const chain = callChain();
  const nearest = chain.reduce((best, c) =>
    Math.abs((c.strike ?? 0) - level) < Math.abs((best.strike ?? 0) - level) ? c : best,
  );
  const option = chain[chain.indexOf(nearest) + offset];
  if (option?.strike === undefined || option.strike === null) throw new Error('no such strike');
  return { ...option, strike: option.strike };
}

function callAtStrike(strike: number): Instrument | undefined {
  return callChain().find((i) => i.strike === strike);
}

async function nudge(instrument: Instrument, bps: number): Promise<void> {
  await h.sim.control('/price', {
    instrument: `${instrument.exchange}:${instrument.tradingSymbol}`,
    nudge_bps: bps,
  });
}

/** Waits for the next tick of the token after `nudged` moved the market; false if none came. */
async function nextTick(token: number, nudged: () => Promise<void>): Promise<boolean> {
  const before = tickCounts.get(token) ?? 0;
  await nudged();
  const deadline = Date.now() + 1_000;
  while ((tickCounts.get(token) ?? 0) === before) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/**
 * A last price in the engine's price book for an option outside the universe, where a LIMIT
 * of `side` at that price is marketable: for a BUY the last trade is at the best ask, for a
 * SELL at the best bid. The option is subscribed the way the executor subscribes its hedge
 * (the intake's livePrice, through the engine's price book); the test adds depth (full mode)
 * to see the book, and nudges the market until the last price sits on the wanted side.
 */
async function marketablePrice(instrument: Instrument, side: OrderSide): Promise<Paise> {
  const { token } = instrument;
  const first = await engine.priceBook.fresh(token, h.clock.now(), 5_000, 2_000);
  for (let i = 0; engine.priceBook.latest(token) === undefined; i++) {
    if (i >= 20) throw new Error(`no tick for ${instrument.tradingSymbol}`);
    await nextTick(token, () => nudge(instrument, i % 2 === 0 ? 20 : -20));
  }
  expect(first ?? engine.priceBook.latest(token)).toBeDefined();
  h.broker.subscribe([token], 'full');
  for (let i = 0; ; i++) {
    const tick = lastTicks.get(token);
    const last = engine.priceBook.latest(token)?.price;
    console.log('DEBUG', instrument.tradingSymbol, i, last, tick?.mode, tick?.lastPrice, tick?.bestBid, tick?.bestAsk);
    if (tick !== undefined && tick.mode === 'full' && tick.lastPrice === last) {
      const touch = side === 'BUY' ? tick.bestAsk : tick.bestBid;
      if (touch === last) return last;
    }
    if (i >= 40) throw new Error(`no marketable ${side} price for ${instrument.tradingSymbol}`);
    await nextTick(token, () => nudge(instrument, i % 2 === 0 ? 20 : -20));
  }
}

function rupees(amount: Paise): number {
  return amount / 100;
}

/** The answer's body, checked against the response schema and its exact keys. */
function answerOf(reply: ExecuteSignalReply): ExecuteSignalResponse {
  const body = reply.body as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual([...EXECUTE_SIGNAL_RESPONSE_KEYS].sort());
  expect(Object.keys(body.slippage as object).sort()).toEqual(
    ['slippage_points', 'slippage_percent', 'favorable', 'message'].sort(),
  );
  return executeSignalResponse.parse(body);
}

function signal(
  option: Instrument & { readonly strike: Paise },
  side: OrderSide,
  entry: Paise,
  hedge: boolean,
): ExecuteSignalBody {
  return {
    signal: side,
    strike: option.strike / 100,
    option_type: 'CE',
    quantity: 1,
    entry_price: rupees(entry),
    hedge_enabled: hedge,
  };
}

function groupsOn(token: number) {
  return engine.oco
    .groups()
    .filter((g) => g.strategy === 'execute-signal' && g.instrument.token === token);
}

function entryOf(groupId: string) {
  const entry = engine.oco.ordersOf(groupId).find((o) => o.role === 'ENTRY');
  if (entry === undefined) throw new Error(`no entry in ${groupId}`);
  return entry;
}

describe('POST /live/execute-signal on kite-sim through the real kiteconnect client', () => {
  it('buys an ATM call without a hedge: FILLED, the answer names the broker order', async () => {
    const option = await callNearTheMoney(0);
    console.log('DEBUG state', await h.sim.inspect('/state'), await niftyLevel());
    for (const c of callChain()) {
      const p = await engine.priceBook.fresh(c.token, h.clock.now(), 5000, 2000);
      console.log('DEBUG', c.tradingSymbol, c.expiry, p?.price);
    }
    const entry = await marketablePrice(option, 'BUY');

    const reply = await executor.execute(signal(option, 'BUY', entry, false), h.clock.now());
    expect(reply.httpStatus).toBe(200);
    const answer = answerOf(reply);
    expect(answer).toMatchObject({ status: 'FILLED', hedge_order_id: null });

    const [group] = groupsOn(option.token);
    expect(groupsOn(option.token)).toHaveLength(1);
    if (group === undefined) throw new Error('no group');
    const entryOrder = entryOf(group.id);
    expect(answer.order_id).not.toBeNull();
    expect(answer.order_id).toBe(entryOrder.brokerOrderId);

    const atBroker = (await brokerOrders()).find((o) => o.brokerOrderId === answer.order_id);
    expect(atBroker).toMatchObject({
      tradingSymbol: option.tradingSymbol,
      side: 'BUY',
      orderType: 'LIMIT',
      price: entry,
      quantity: option.lotSize,
      filledQuantity: option.lotSize,
      status: 'FILLED',
    });
    const average = atBroker?.averagePrice ?? null;
    if (average === null) throw new Error('no average price at the broker');
    expect(answer.execution_price).toBe(rupees(average));
    expect(answer.slippage.slippage_points).toBe(rupees((average - entry) as Paise));
    expect(answer.slippage.message).toMatch(/^filled /);
    expect(await netPosition(option.token)).toBe(option.lotSize);

    const report = await engine.flattener.flattenAll('test 1 done', actor);
    expect(report.flat).toBe(true);
    expect(await netPosition(option.token)).toBe(0);
  }, 30_000);

  it('writes a call with its hedge bought first, linked, and flattened main leg first', async () => {
    const option = await callNearTheMoney(1);
    const hedge = callAtStrike(option.strike + 500_00);
    if (hedge === undefined) throw new Error('no hedge strike in the chain');
    const entry = await marketablePrice(option, 'SELL');
    booksBeforeMainLeg.length = 0;

    const reply = await executor.execute(signal(option, 'SELL', entry, true), h.clock.now());
    const answer = answerOf(reply);
    expect(reply.httpStatus).toBe(200);
    expect(answer.status).toBe('FILLED');
    expect(answer.hedge_order_id).not.toBeNull();

    const book = await brokerOrders();
    const hedgeOrder = book.find((o) => o.brokerOrderId === answer.hedge_order_id);
    const mainOrder = book.find((o) => o.brokerOrderId === answer.order_id);
    expect(hedgeOrder).toMatchObject({
      tradingSymbol: hedge.tradingSymbol,
      side: 'BUY',
      quantity: hedge.lotSize,
      status: 'FILLED',
    });
    expect(mainOrder).toMatchObject({
      tradingSymbol: option.tradingSymbol,
      side: 'SELL',
      quantity: option.lotSize,
      status: 'FILLED',
    });
    // When the main leg was submitted, the hedge was already complete at the broker and no
    // order of the main contract existed yet.
    expect(booksBeforeMainLeg).toHaveLength(1);
    const before = booksBeforeMainLeg[0] ?? [];
    expect(before.find((o) => o.brokerOrderId === answer.hedge_order_id)).toMatchObject({
      status: 'FILLED',
      filledQuantity: hedge.lotSize,
    });
    expect(before.filter((o) => o.instrumentToken === option.token && o.side === 'SELL')).toEqual(
      [],
    );
    // Kite's order ids count up with placements: the hedge went out first.
    expect(BigInt(answer.hedge_order_id ?? 0)).toBeLessThan(BigInt(answer.order_id ?? 0));

    const [mainGroup] = groupsOn(option.token);
    const [hedgeGroup] = groupsOn(hedge.token);
    if (mainGroup === undefined || hedgeGroup === undefined) throw new Error('groups missing');
    expect(entryOf(hedgeGroup.id).brokerOrderId).toBe(answer.hedge_order_id);
    expect(entryOf(mainGroup.id).brokerOrderId).toBe(answer.order_id);
    expect(engine.hedges.get(hedgeGroup.id)).toBe(mainGroup.id);
    const rows = await h.db.prisma.ocoGroup.findMany({
      where: { id: { in: [mainGroup.id, hedgeGroup.id] } },
      select: { id: true, linkedGroupId: true, correlationId: true },
    });
    expect(rows.find((r) => r.id === mainGroup.id)?.linkedGroupId).toBe(hedgeGroup.id);
    expect(rows.find((r) => r.id === hedgeGroup.id)?.linkedGroupId).toBe(mainGroup.id);
    expect(new Set(rows.map((r) => r.correlationId)).size).toBe(1);
    expect(await netPosition(option.token)).toBe(-option.lotSize);
    expect(await netPosition(hedge.token)).toBe(hedge.lotSize);

    // The kill switch: the written call is bought back before its hedge is sold.
    const tradesBefore = new Set((await brokerTrades()).map((t) => t.tradeId));
    let nakedSeen = false;
    const flattening = engine.flattener.flattenAll('test 2 done', actor);
    let settled = false;
    void flattening.finally(() => {
      settled = true;
    });
    while (!settled) {
      if (
        measureGroupPosition(mainGroup.group).net !== 0 &&
        measureGroupPosition(hedgeGroup.group).net === 0
      ) {
        nakedSeen = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const report = await flattening;
    expect(report.flat).toBe(true);
    expect(nakedSeen).toBe(false);
    const exits = (await brokerTrades()).filter((t) => !tradesBefore.has(t.tradeId));
    const mainExit = exits.filter((t) => t.instrumentToken === option.token);
    const hedgeExit = exits.filter((t) => t.instrumentToken === hedge.token);
    expect(mainExit.map((t) => t.side)).toEqual(['BUY']);
    expect(hedgeExit.map((t) => t.side)).toEqual(['SELL']);
    const lastMainFill = Math.max(...mainExit.map((t) => Number(t.tradeId)));
    const firstHedgeFill = Math.min(...hedgeExit.map((t) => Number(t.tradeId)));
    expect(lastMainFill).toBeLessThan(firstHedgeFill);
    // The hedge's exit order itself went out after the main leg's exit filled.
    const mainExitOrder = BigInt(mainExit[0]?.brokerOrderId ?? 0);
    expect(BigInt(hedgeExit[0]?.brokerOrderId ?? 0)).toBeGreaterThan(mainExitOrder);
    expect(await netPosition(option.token)).toBe(0);
    expect(await netPosition(hedge.token)).toBe(0);
  }, 30_000);

  it('refuses an entry price 5 % from the market: 422, no main order, the hedge flattened', async () => {
    const option = await callNearTheMoney(-2);
    const hedge = callAtStrike(option.strike + 500_00);
    if (hedge === undefined) throw new Error('no hedge strike in the chain');
    const market = await marketablePrice(option, 'SELL');
    const mainOrdersBefore = (await brokerOrders()).filter(
      (o) => o.instrumentToken === option.token,
    ).length;
    // A SELL asking 5 % more than the market: adverse beyond the 0.5 % tolerance.
    const asked = (Math.round((market * 1.05) / option.tickSize) * option.tickSize) as Paise;

    const reply = await executor.execute(signal(option, 'SELL', asked, true), h.clock.now());
    expect(reply.httpStatus).toBe(422);
    const answer = answerOf(reply);
    expect(answer).toMatchObject({
      status: 'REJECTED',
      order_id: null,
      execution_price: null,
      slippage: { slippage_points: null, slippage_percent: null, favorable: false },
    });
    expect(answer.slippage.message).toContain('SLIPPAGE_EXCEEDED');
    expect(answer.slippage.message).toContain('> 50 bps');
    expect(answer.slippage.message).toContain('hedge flattened');
    expect(answer.hedge_order_id).not.toBeNull();

    expect(
      (await brokerOrders()).filter((o) => o.instrumentToken === option.token).length,
    ).toBe(mainOrdersBefore);
    const hedgeOrders = (await brokerOrders()).filter((o) => o.instrumentToken === hedge.token);
    expect(hedgeOrders.find((o) => o.brokerOrderId === answer.hedge_order_id)).toMatchObject({
      side: 'BUY',
      status: 'FILLED',
      filledQuantity: hedge.lotSize,
    });
    await until('the hedge flat at the broker', async () => (await netPosition(hedge.token)) === 0);
    const [hedgeGroup] = groupsOn(hedge.token).filter(
      (g) => entryOf(g.id).brokerOrderId === answer.hedge_order_id,
    );
    if (hedgeGroup === undefined) throw new Error('no hedge group');
    await until('the hedge group closed', () => hedgeGroup.group.status === 'CLOSED');
    expect(groupsOn(option.token)).toEqual([]);
  }, 30_000);
});
