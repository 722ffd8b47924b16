import { paise } from '@kavach/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Quote } from '../src/market/market-contract';
import { FAKE_INSTRUMENTS, makeQuote } from './fake-market';
import { createKiteTicker } from './kite-ticker';
import type { KiteTickerWithRoot } from './kite-ticker';
import { control, mintAccessToken, startKiteSim, TEST_API_KEY } from './start-kite-sim';
import type { RunningSim } from './start-kite-sim';

type Tick = Record<string, unknown> & { instrument_token: number; mode: string };

let running: RunningSim;
let ticker: KiteTickerWithRoot;
const ticks: Tick[] = [];
const messages: ArrayBuffer[] = [];
const orderUpdates: unknown[] = [];
const events: string[] = [];

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 4_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function nextTick(token: number, mode: string, after = ticks.length): Promise<Tick> {
  return waitFor(
    () => ticks.slice(after).find((t) => t.instrument_token === token && t.mode === mode),
    `a ${mode} tick for ${token}`,
  );
}

const rupees = (value: number): number => value / 100;
const seconds = (ms: number): Date => new Date(ms - (ms % 1000));

/** What the official client must decode from a tradable quote, mode by mode. */
function expectedTradable(quote: Quote, mode: 'ltp' | 'quote' | 'full') {
  const base = {
    tradable: true,
    mode,
    instrument_token: quote.token,
    last_price: rupees(quote.lastPrice),
  };
  if (mode === 'ltp') return base;
  const withQuote = {
    ...base,
    last_traded_quantity: quote.lastQuantity,
    average_traded_price: rupees(quote.averagePrice),
    volume_traded: quote.volume,
    total_buy_quantity: quote.buyQuantity,
    total_sell_quantity: quote.sellQuantity,
    ohlc: {
      open: rupees(quote.open),
      high: rupees(quote.high),
      low: rupees(quote.low),
      close: rupees(quote.close),
    },
    change: ((rupees(quote.lastPrice) - rupees(quote.close)) * 100) / rupees(quote.close),
  };
  if (mode === 'quote') return withQuote;
  const side = (levels: Quote['depth']['buy']) =>
    levels.map((l) => ({ quantity: l.quantity, price: rupees(l.price), orders: l.orders }));
  return {
    ...withQuote,
    last_trade_time: seconds(quote.lastTradeTime),
    exchange_timestamp: seconds(quote.timestamp),
    oi: quote.oi,
    oi_day_high: quote.oiDayHigh,
    oi_day_low: quote.oiDayLow,
    depth: { buy: side(quote.depth.buy), sell: side(quote.depth.sell) },
  };
}

function expectedIndex(quote: Quote, mode: 'ltp' | 'quote' | 'full') {
  const base = {
    tradable: false,
    mode,
    instrument_token: quote.token,
    last_price: rupees(quote.lastPrice),
  };
  if (mode === 'ltp') return base;
  const withQuote = {
    ...base,
    ohlc: {
      high: rupees(quote.high),
      low: rupees(quote.low),
      open: rupees(quote.open),
      close: rupees(quote.close),
    },
    change: ((rupees(quote.lastPrice) - rupees(quote.close)) * 100) / rupees(quote.close),
  };
  return mode === 'quote'
    ? withQuote
    : { ...withQuote, exchange_timestamp: seconds(quote.timestamp) };
}

const INFY = FAKE_INSTRUMENTS.infy.token;
const NIFTY = FAKE_INSTRUMENTS.nifty.token;

beforeAll(async () => {
  running = await startKiteSim({ heartbeatMs: 200 });
  ticker = createKiteTicker({
    api_key: TEST_API_KEY,
    access_token: await mintAccessToken(running.root),
    root: running.tickerRoot,
  });
  ticker.on('ticks', (batch: Tick[]) => ticks.push(...batch));
  ticker.on('message', (data: ArrayBuffer) => messages.push(data));
  ticker.on('order_update', (order: unknown) => orderUpdates.push(order));
  ticker.on('connect', () => events.push('connect'));
  ticker.on('disconnect', () => events.push('disconnect'));
  ticker.on('error', () => events.push('error'));
  ticker.connect();
  await waitFor(() => (events.includes('connect') ? true : undefined), 'the connection');
});

afterAll(async () => {
  ticker.disconnect();
  await running.stop();
});

describe('KiteTicker against kite-sim', () => {
  it('sends the current quote on subscribe, in quote mode by default', async () => {
    const from = ticks.length;
    ticker.subscribe([INFY, NIFTY]);
    const infy = await nextTick(INFY, 'quote', from);
    const nifty = await nextTick(NIFTY, 'quote', from);
    expect(infy).toEqual(expectedTradable(running.market.quote(INFY)!, 'quote'));
    expect(nifty).toEqual(expectedIndex(running.market.quote(NIFTY)!, 'quote'));
  });

  it.each(['ltp', 'full', 'quote'] as const)(
    'decodes %s mode for tradables and indices',
    async (mode) => {
      const from = ticks.length;
      ticker.setMode(mode, [INFY, NIFTY]);
      expect(await nextTick(INFY, mode, from)).toEqual(
        expectedTradable(running.market.quote(INFY)!, mode),
      );
      expect(await nextTick(NIFTY, mode, from)).toEqual(
        expectedIndex(running.market.quote(NIFTY)!, mode),
      );
    },
  );

  it('pushes new quotes to subscribers only', async () => {
    ticker.setMode('full', [INFY]);
    await nextTick(INFY, 'full');
    const moved = makeQuote(FAKE_INSTRUMENTS.infy, 158_000, running.clock.now() + 5_000);
    running.market.setQuote(moved);
    const from = ticks.length;
    running.sim.services.ticker.broadcastTicks([INFY, FAKE_INSTRUMENTS.niftyFut.token]);
    const tick = await nextTick(INFY, 'full', from);
    expect(tick).toEqual(expectedTradable(moved, 'full'));
    expect(tick.last_price).toBe(1580);

    ticker.unsubscribe([INFY]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    running.market.setQuote({ ...moved, lastPrice: paise(158_100) });
    const after = ticks.length;
    running.sim.services.ticker.broadcastTicks([INFY]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ticks.slice(after).filter((t) => t.instrument_token === INFY)).toEqual([]);
  });

  it('sends one-byte heartbeats while idle, and none when they are stopped', async () => {
    const from = messages.length;
    await waitFor(() => messages.slice(from).find((m) => m.byteLength === 1), 'a heartbeat');
    await control(running.root, '/ticker/heartbeats', { stopped: true });
    await new Promise((resolve) => setTimeout(resolve, 250));
    const quiet = messages.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(messages.slice(quiet).filter((m) => m.byteLength === 1)).toEqual([]);
    await control(running.root, '/ticker/heartbeats', { stopped: false });
    await waitFor(() => messages.slice(quiet).find((m) => m.byteLength === 1), 'heartbeats again');
  });

  it('delivers order updates as order_update events', async () => {
    running.sim.services.ticker.sendOrderUpdate({
      order_id: '261123000000001',
      status: 'COMPLETE',
    });
    expect(await waitFor(() => orderUpdates[0], 'an order update')).toEqual({
      order_id: '261123000000001',
      status: 'COMPLETE',
    });
  });

  it('duplicates and reorders order updates when told to (payloads built as postbacks)', async () => {
    orderUpdates.length = 0;
    await control(running.root, '/faults/order-updates', { kind: 'duplicate', count: 1 });
    const order = (id: string, status: string) => ({
      order_id: id,
      order_timestamp: '2026-11-23 10:00:00',
      status,
      quantity: 2,
      filled_quantity: status === 'COMPLETE' ? 2 : 1,
      modified: false,
    });
    running.sim.publishOrderUpdate(order('A', 'UPDATE'), 'UPDATE');
    await waitFor(() => (orderUpdates.length >= 2 ? true : undefined), 'the duplicate');
    expect(orderUpdates).toEqual([orderUpdates[0], orderUpdates[0]]);
    expect(orderUpdates[0]).toMatchObject({ order_id: 'A', unfilled_quantity: 1, app_id: 1001 });
    expect(orderUpdates[0]).not.toHaveProperty('modified');

    orderUpdates.length = 0;
    await control(running.root, '/faults/order-updates', { kind: 'reorder', count: 1 });
    running.sim.publishOrderUpdate(order('B', 'UPDATE'), 'UPDATE');
    running.sim.publishOrderUpdate(order('B', 'COMPLETE'), 'COMPLETE');
    await waitFor(() => (orderUpdates.length >= 2 ? true : undefined), 'both updates');
    expect(orderUpdates.map((u) => (u as { status: string }).status)).toEqual([
      'COMPLETE',
      'UPDATE',
    ]);
  });

  it('goes silent when muted, so the client would time out', async () => {
    await control(running.root, '/ticker/mute', { muted: true });
    await new Promise((resolve) => setTimeout(resolve, 250));
    const quiet = messages.length;
    running.sim.services.ticker.broadcastTicks([NIFTY]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(messages.length).toBe(quiet);
    await control(running.root, '/ticker/mute', { muted: false });
    await waitFor(() => (messages.length > quiet ? true : undefined), 'frames again');
  });

  it('drops the connection on request', async () => {
    expect(await control(running.root, '/ticker/drop')).toEqual({ dropped: 1 });
    await waitFor(() => (events.includes('disconnect') ? true : undefined), 'the disconnect');
    expect(ticker.connected()).toBe(false);
  });
});
