import type { BrokerFillReport, BrokerOrderReport, Tick } from '@kavach/broker';
import {
  chooseMarketProtection,
  istDate,
  measureGroupPosition,
  nseCalendar2026,
  paise,
  roundToTick,
} from '@kavach/domain';
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
import { DEFAULT_SLIPPAGE_CONFIG, versionSlippageConfig } from '../src/slippage/slippage-config';
import { createSlippageManager } from '../src/slippage/slippage-manager';
import type { SlippageManager } from '../src/slippage/slippage-manager';
import type { KiteSimEngineHarness } from './support/kite-sim-engine';
import { logger, startKiteSimEngineHarness, until } from './support/kite-sim-engine';

/**
 * POST /live/execute-signal's logic (executor, intake, pipeline, slippage check, OCO manager)
 * against a kite-sim process through the real kiteconnect client, wired as src/main.ts wires
 * it: a NIFTY weekly call bought without a hedge, one written with its far-OTM hedge bought
 * first (and flattened after it), and a signal too far from the market refused with its hedge
 * taken back out.
 */
let h: KiteSimEngineHarness;
let engine: TradingEngine;
let slippage: SlippageManager;
let executor: SignalExecutor;
/** The broker's order book each time a main leg (not a hedge) was about to be submitted. */
const booksBeforeMainLeg: (readonly BrokerOrderReport[])[] = [];
/** Every order report and the last tick of each token, as the engine's broker delivered them. */
const orderReports: BrokerOrderReport[] = [];
const lastTicks = new Map<number, Tick>();
const tickCounts = new Map<number, number>();

const actor = { type: 'USER', name: 'test' } as const;
const HEDGE_DISTANCE_PAISE = 500_00;

type ListedCall = Instrument & { readonly strike: Paise };

beforeAll(async () => {
  h = await startKiteSimEngineHarness();
  slippage = createSlippageManager({
    prisma: h.db.prisma,
    clock: h.clock,
    logger,
    initial: versionSlippageConfig(DEFAULT_SLIPPAGE_CONFIG),
    // main.ts pauses entries here; the harness's trading state stays ACTIVE.
    onBreachLimit: (detail) => {
      logger.warn({ detail }, 'slippage breaches would pause entries');
    },
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
    if (event.type === 'order') orderReports.push(event.report);
    if (event.type !== 'ticks') return;
    for (const tick of event.ticks) {
      lastTicks.set(tick.token, tick);
      tickCounts.set(tick.token, (tickCounts.get(tick.token) ?? 0) + 1);
    }
  });
  const { intake } = engine;
  // The engine's intake, watched: the broker's book just before each main leg goes in.
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

/** The current weekly NIFTY call chain, strikes ascending. */
function callChain(): readonly ListedCall[] {
  const all = h.instruments.all();
  const expiry = nearestNiftyExpiry(all, istDate(h.clock.now()));
  if (expiry === null) throw new Error('no NIFTY options in the master');
  return all
    .flatMap((i) =>
      i.exchange === 'NFO' &&
      i.name === 'NIFTY' &&
      i.type === 'CE' &&
      i.expiry === expiry &&
      i.strike !== null
        ? [{ ...i, strike: i.strike }]
        : [],
    )
    .sort((a, b) => a.strike - b.strike);
}

/** NIFTY 50's last price, from the engine's price book (which subscribes the index). */
async function niftyLevel(): Promise<Paise> {
  const index = h.instruments.bySymbol('NSE:NIFTY 50');
  if (index === undefined) throw new Error('no NIFTY 50 in the master');
  const last = await engine.priceBook.fresh(index.token, h.clock.now(), 5_000, 2_000);
  if (last === null) throw new Error('no NIFTY 50 price');
  return last.price;
}

/** Where the call nearest NIFTY's last price sits in the chain. */
async function atTheMoney(chain: readonly ListedCall[]): Promise<number> {
  const level = await niftyLevel();
  let best = 0;
  chain.forEach((call, i) => {
    if (Math.abs(call.strike - level) < Math.abs((chain[best]?.strike ?? 0) - level)) best = i;
  });
  return best;
}

interface Touch {
  readonly last: Paise;
  readonly bid: Paise | null;
  readonly ask: Paise | null;
}

interface KiteQuote {
  readonly instrument_token: number;
  readonly last_price: number;
  readonly depth: {
    readonly buy: readonly { readonly price: number; readonly quantity: number }[];
    readonly sell: readonly { readonly price: number; readonly quantity: number }[];
  };
}

/**
 * Last prices and touches straight from the simulator's REST quote (GET /quote, one request:
 * Kite allows one a second): the test looks at contracts without subscribing them, so the
 * executor still subscribes its hedge itself.
 */
async function quoteTouches(instruments: readonly Instrument[]): Promise<Map<number, Touch>> {
  const accessToken = await h.sim.mintAccessToken();
  const query = instruments
    .map((i) => `i=${encodeURIComponent(`${i.exchange}:${i.tradingSymbol}`)}`)
    .join('&');
  const url = `${h.sim.root}/quote?${query}`;
  const headers = { Authorization: `token ${h.sim.apiKey}:${accessToken}`, 'X-Kite-Version': '3' };
  let response = await fetch(url, { headers });
  for (let i = 0; response.status === 429 && i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    response = await fetch(url, { headers });
  }
  if (!response.ok) throw new Error(`quote: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { readonly data: Record<string, KiteQuote> };
  const toPaise = (rupeeAmount: number) => paise(Math.round(rupeeAmount * 100));
  const best = (levels: KiteQuote['depth']['buy']) => {
    const top = levels[0];
    return top === undefined || top.quantity <= 0 ? null : toPaise(top.price);
  };
  return new Map(
    Object.values(body.data).map((q) => [
      q.instrument_token,
      { last: toPaise(q.last_price), bid: best(q.depth.buy), ask: best(q.depth.sell) },
    ]),
  );
}

interface HedgedWrite {
  readonly main: ListedCall;
  readonly hedge: ListedCall;
  /** The written call's best bid: a SELL LIMIT there fills at once. */
  readonly mainBid: Paise;
}

/**
 * Calls to write with a hedge, nearest the money first (down the chain), each with its hedge
 * 500 points further out, chosen so that the hedge can fill now: bought at MARKET with the
 * protection the engine sends (widened to ten ticks on cheap contracts) and sold the same way
 * by the kill switch later. The executor gives the hedge a stop one tick above zero, so a hedge
 * quoted under ten ticks is refused before anything is sent (its stop would sell it at once);
 * on days far from expiry the at-the-money call itself qualifies.
 */
async function hedgedWrites(): Promise<readonly HedgedWrite[]> {
  const chain = callChain();
  const atm = await atTheMoney(chain);
  const pairs = chain.slice(0, atm + 1).flatMap((main) => {
    const hedge = chain.find((c) => c.strike === main.strike + HEDGE_DISTANCE_PAISE);
    return hedge === undefined ? [] : [{ main, hedge }];
  });
  const touches = await quoteTouches(pairs.flatMap((p) => [p.main, p.hedge]));
  const protectionPct = h.config().config.orders.marketProtectionPct;
  return pairs
    .flatMap(({ main, hedge }) => {
      const hedgeTouch = touches.get(hedge.token);
      const mainBid = touches.get(main.token)?.bid ?? null;
      if (hedgeTouch?.ask == null || mainBid === null) return [];
      const { last, bid, ask } = hedgeTouch;
      const pct = chooseMarketProtection({
        configuredPct: protectionPct,
        tickSize: hedge.tickSize,
        referencePrice: last,
      });
      const band = (signedPct: number, towards: 'up' | 'down') =>
        roundToTick(paise(Math.round((last * (100 + signedPct)) / 100)), hedge.tickSize, towards);
      const fillable =
        last >= 10 * hedge.tickSize &&
        bid !== null &&
        ask <= band(pct, 'down') &&
        bid >= band(-pct, 'up');
      return fillable ? [{ main, hedge, mainBid }] : [];
    })
    .sort((a, b) => b.main.strike - a.main.strike);
}

async function nudge(instrument: Instrument, bps: number): Promise<void> {
  await h.sim.control('/price', {
    instrument: `${instrument.exchange}:${instrument.tradingSymbol}`,
    nudge_bps: bps,
  });
}

/** Moves the market by nudging the option, then waits for its next tick (false if none). */
async function nudgeForTick(instrument: Instrument, bps: number): Promise<boolean> {
  const before = tickCounts.get(instrument.token) ?? 0;
  await nudge(instrument, bps);
  const deadline = Date.now() + 1_000;
  while ((tickCounts.get(instrument.token) ?? 0) === before) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/**
 * The option's last price in the engine's price book, at a moment a LIMIT of `side` at that
 * price is marketable: for a BUY the last trade sits at the best ask, for a SELL at the best
 * bid (the simulator's last price is one or the other; a LIMIT at the far touch would rest).
 * The option is subscribed as the executor subscribes a hedge (the price book, which the
 * intake's livePrice uses); the test then asks for depth (full mode) to see the touch, and
 * nudges the market until the last price is on the wanted side.
 */
async function marketablePrice(instrument: Instrument, side: OrderSide): Promise<Paise> {
  const { token } = instrument;
  await engine.priceBook.fresh(token, h.clock.now(), 5_000, 2_000);
  for (let i = 0; engine.priceBook.latest(token) === undefined; i++) {
    if (i >= 20) throw new Error(`no tick for ${instrument.tradingSymbol}`);
    await nudgeForTick(instrument, i % 2 === 0 ? 20 : -20);
  }
  h.broker.subscribe([token], 'full');
  await until(`depth for ${instrument.tradingSymbol}`, () => lastTicks.get(token)?.mode === 'full');
  for (let i = 0; ; i++) {
    const tick = lastTicks.get(token);
    const last = engine.priceBook.latest(token)?.price;
    const touch = side === 'BUY' ? tick?.bestAsk : tick?.bestBid;
    if (tick?.lastPrice === last && touch === last && last !== undefined) return last;
    if (i >= 40) throw new Error(`no marketable ${side} price for ${instrument.tradingSymbol}`);
    await nudgeForTick(instrument, i % 2 === 0 ? 20 : -20);
  }
}

const rupees = (amount: number): number => amount / 100;

/** The answer's body, checked against the response schema and for its exact keys. */
function answerOf(reply: ExecuteSignalReply): ExecuteSignalResponse {
  const body = reply.body as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual([...EXECUTE_SIGNAL_RESPONSE_KEYS].sort());
  expect(Object.keys(body.slippage as object).sort()).toEqual([
    'favorable',
    'message',
    'slippage_percent',
    'slippage_points',
  ]);
  return executeSignalResponse.parse(body);
}

function signalFor(
  call: ListedCall,
  side: OrderSide,
  entry: Paise,
  hedged: boolean,
): ExecuteSignalBody {
  return {
    signal: side,
    strike: call.strike / 100,
    option_type: 'CE',
    quantity: 1,
    entry_price: rupees(entry),
    hedge_enabled: hedged,
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
  it('buys the at-the-money call without a hedge: FILLED, the answer names the broker order', async () => {
    const chain = callChain();
    const option = chain[await atTheMoney(chain)];
    if (option === undefined) throw new Error('no call at the money');
    const entry = await marketablePrice(option, 'BUY');

    const reply = await executor.execute(signalFor(option, 'BUY', entry, false), h.clock.now());
    const answer = answerOf(reply);
    expect(reply.httpStatus).toBe(200);
    expect(answer).toMatchObject({ status: 'FILLED', hedge_order_id: null });

    const groups = groupsOn(option.token);
    expect(groups).toHaveLength(1);
    const entryOrder = entryOf(groups[0]?.id ?? '');
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
    // Bought at the ask the last trade sat on: at the signal's price.
    expect(answer.slippage).toEqual({
      slippage_points: 0,
      slippage_percent: 0,
      favorable: false,
      message: 'filled at the signal price',
    });
    expect(await netPosition(option.token)).toBe(option.lotSize);
    // The slippage sample followed the order to its fill.
    await until('the fill in the slippage sample', async () => {
      const sample = await h.db.prisma.slippageSample.findFirst({
        where: { order: { brokerOrderId: answer.order_id } },
      });
      return sample?.fillPricePaise === average && sample.ackAt !== null;
    });

    const report = await engine.flattener.flattenAll('bought call test done', actor);
    expect(report.flat).toBe(true);
    expect(await netPosition(option.token)).toBe(0);
  }, 30_000);

  it('writes a call with its hedge bought first, links the two, and exits the written call first', async () => {
    const [pair] = await hedgedWrites();
    if (pair === undefined) throw new Error('no call with a hedge that can fill');
    const { main: option, hedge, mainBid: entry } = pair;
    // The written call's live price, for the slippage check (subscribing it moves nothing).
    expect(await engine.priceBook.fresh(option.token, h.clock.now(), 5_000, 2_000)).not.toBeNull();
    booksBeforeMainLeg.length = 0;

    const reply = await executor.execute(signalFor(option, 'SELL', entry, true), h.clock.now());
    const answer = answerOf(reply);
    expect(reply.httpStatus).toBe(200);
    expect(answer.status).toBe('FILLED');
    expect(answer.hedge_order_id).not.toBeNull();

    const book = await brokerOrders();
    expect(book.find((o) => o.brokerOrderId === answer.hedge_order_id)).toMatchObject({
      tradingSymbol: hedge.tradingSymbol,
      side: 'BUY',
      quantity: hedge.lotSize,
      status: 'FILLED',
    });
    expect(book.find((o) => o.brokerOrderId === answer.order_id)).toMatchObject({
      tradingSymbol: option.tradingSymbol,
      side: 'SELL',
      price: entry,
      quantity: option.lotSize,
      status: 'FILLED',
    });
    // When the main leg was submitted, the hedge was complete at the broker and no order of
    // the written contract existed yet.
    expect(booksBeforeMainLeg).toHaveLength(1);
    const before = booksBeforeMainLeg[0] ?? [];
    expect(before.find((o) => o.brokerOrderId === answer.hedge_order_id)).toMatchObject({
      status: 'FILLED',
      filledQuantity: hedge.lotSize,
    });
    expect(before.filter((o) => o.instrumentToken === option.token)).toEqual([]);
    // Kite's order ids count up with placements: the hedge went out first.
    expect(BigInt(answer.hedge_order_id ?? '0')).toBeLessThan(BigInt(answer.order_id ?? '0'));

    const mainGroup = groupsOn(option.token)[0];
    const hedgeGroup = groupsOn(hedge.token)[0];
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
    const reportsBefore = orderReports.length;
    const flattening = { settled: false };
    let nakedSeen = false;
    const flattened = engine.flattener.flattenAll('written call test done', actor).finally(() => {
      flattening.settled = true;
    });
    // Sampled all along: never a written call still short with its hedge already sold.
    while (!flattening.settled) {
      const short = measureGroupPosition(mainGroup.group).net !== 0;
      if (short && measureGroupPosition(hedgeGroup.group).net === 0) nakedSeen = true;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const report = await flattened;
    expect(report.flat).toBe(true);
    expect(nakedSeen).toBe(false);

    const exits = (await brokerTrades()).filter((t) => !tradesBefore.has(t.tradeId));
    const mainExits = exits.filter((t) => t.instrumentToken === option.token);
    const hedgeExits = exits.filter((t) => t.instrumentToken === hedge.token);
    expect(mainExits.map((t) => [t.side, t.quantity])).toEqual([['BUY', option.lotSize]]);
    expect(hedgeExits.map((t) => [t.side, t.quantity])).toEqual([['SELL', hedge.lotSize]]);
    // Trade ids count up with executions: the written call's exit filled first.
    const lastMainFill = Math.max(...mainExits.map((t) => Number(t.tradeId)));
    expect(lastMainFill).toBeLessThan(Math.min(...hedgeExits.map((t) => Number(t.tradeId))));
    // And nothing happened to the hedge at the broker until the written call was bought back.
    const during = orderReports.slice(reportsBefore);
    const mainBoughtBack = during.findIndex(
      (r) => r.instrumentToken === option.token && r.side === 'BUY' && r.status === 'FILLED',
    );
    const hedgeTouched = during.findIndex((r) => r.instrumentToken === hedge.token);
    expect(mainBoughtBack).toBeGreaterThanOrEqual(0);
    expect(hedgeTouched).toBeGreaterThan(mainBoughtBack);
    expect(await netPosition(option.token)).toBe(0);
    expect(await netPosition(hedge.token)).toBe(0);
  }, 30_000);

  it('refuses an entry price 5 % from the market: 422, no main order, the hedge flattened', async () => {
    // A strike below the previous test's, so this hedge is a contract not traded before.
    const [, pair] = await hedgedWrites();
    if (pair === undefined) throw new Error('no second call with a hedge that can fill');
    const { main: option, hedge } = pair;
    const market = (await engine.priceBook.fresh(option.token, h.clock.now(), 5_000, 2_000))?.price;
    if (market === undefined) throw new Error(`no live price for ${option.tradingSymbol}`);
    const ordersOf = async (token: number) =>
      (await brokerOrders()).filter((o) => o.instrumentToken === token);
    const mainOrdersBefore = (await ordersOf(option.token)).length;
    // A SELL asking 5 % more than the market: adverse beyond the 0.5 % tolerance.
    const asked = roundToTick(paise(Math.round(market * 1.05)), option.tickSize, 'nearest');

    const reply = await executor.execute(signalFor(option, 'SELL', asked, true), h.clock.now());
    expect(reply.httpStatus).toBe(422);
    const answer = answerOf(reply);
    expect(answer).toMatchObject({
      status: 'REJECTED',
      order_id: null,
      execution_price: null,
      slippage: { slippage_points: null, slippage_percent: null, favorable: false },
    });
    expect(answer.hedge_order_id).not.toBeNull();
    expect(answer.slippage.message).toMatch(/^main leg refused \(SLIPPAGE, SLIPPAGE_EXCEEDED\)/);
    // The tolerance it broke: 0.5 % = 50 bps.
    expect(answer.slippage.message).toContain('> 50 bps');
    expect(answer.slippage.message).toContain('hedge flattened');

    expect(await ordersOf(option.token)).toHaveLength(mainOrdersBefore);
    expect(groupsOn(option.token)).toEqual([]);
    const hedgeOrders = await ordersOf(hedge.token);
    expect(hedgeOrders.find((o) => o.brokerOrderId === answer.hedge_order_id)).toMatchObject({
      side: 'BUY',
      status: 'FILLED',
      filledQuantity: hedge.lotSize,
    });
    await until('the hedge flat at the broker', async () => (await netPosition(hedge.token)) === 0);
    expect(await netPosition(hedge.token)).toBe(0);
    const hedgeGroup = groupsOn(hedge.token).find(
      (g) => entryOf(g.id).brokerOrderId === answer.hedge_order_id,
    );
    if (hedgeGroup === undefined) throw new Error('no hedge group');
    await until('the hedge group closed', () => hedgeGroup.group.status === 'CLOSED');

    // Both legs are stored as one signal: the hedge approved, the main leg refused on price.
    const decisions = await h.db.prisma.decision.findMany({
      where: { correlationId: hedgeGroup.correlationId },
      select: { approved: true, reason: true },
    });
    expect(decisions).toHaveLength(2);
    expect(decisions).toContainEqual({ approved: true, reason: null });
    expect(decisions).toContainEqual({ approved: false, reason: 'SLIPPAGE_EXCEEDED' });
  }, 30_000);
});
