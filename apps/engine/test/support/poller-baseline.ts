import { createKiteBroker } from '@kavach/broker';
import type { KiteBroker } from '@kavach/broker';
import { createLogger } from '@kavach/config';
import type { Instrument } from '@kavach/domain';
import { paise, roundToTick, VirtualClock } from '@kavach/domain';
import { startKiteSimProcess } from '@kavach/testkit';
import type { KiteSimProcess } from '@kavach/testkit';
import { sleep, until } from './bench-rig';

export interface PollerBaselineOptions {
  /** Fills to time in a round, one per stock (kite-sim lists 50). */
  readonly perRound: number;
  readonly rounds: number;
  /** How often the watcher reads the order book: 2 s, the common design. */
  readonly pollMs: number;
  /** The fills happen at uniformly random instants in this window: random phase to the polls. */
  readonly windowMs: number;
}

interface Watched {
  readonly instrument: Instrument;
  readonly tag: string;
  readonly limit: number;
  filledAt: number | null;
  stopSentAt: number | null;
}

/**
 * The design the engine is compared with: a watcher that reads GET /orders every `pollMs` and
 * places the protective stop when it sees an entry filled. It runs on its own kite-sim (latency
 * 0) through the official kiteconnect client; each sample is from the moment kite-sim had
 * filled the entry (the /_sim/price call that crossed it answered) to the watcher's placeOrder
 * call for the stop.
 */
export async function measurePollerBaseline(options: PollerBaselineOptions): Promise<number[]> {
  const sim = await startKiteSimProcess({ env: { KITE_SIM_LATENCY_MS: '0' } });
  try {
    await sim.control('/market', { status: 'open' });
    await sim.control('/clock', { paused: true });
    const broker = createKiteBroker({
      apiKey: sim.apiKey,
      apiSecret: sim.apiSecret,
      accessToken: await sim.mintAccessToken(),
      root: sim.root,
      clock: new VirtualClock(((await sim.inspect('/state')) as { now: number }).now),
      logger: createLogger('baseline', 'silent'),
    });
    const samples: number[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      const watched = await placeRestingEntries(sim, broker, options.perRound, round);
      samples.push(...(await watchAndFill(sim, broker, watched, options)));
    }
    return samples;
  } finally {
    await sim.stop();
  }
}

async function placeRestingEntries(
  sim: KiteSimProcess,
  broker: KiteBroker,
  count: number,
  round: number,
): Promise<Watched[]> {
  const master = await broker.getInstruments();
  if (!master.ok) throw new Error(master.error.message);
  const stocks = master.value.filter((i) => i.exchange === 'NSE' && i.type === 'EQ');
  if (stocks.length < count)
    throw new Error(`kite-sim lists ${stocks.length} stocks, not ${count}`);
  const chosen = stocks.slice(0, count);
  const prices = await lastPrices(sim, chosen);
  const watched: Watched[] = [];
  for (const [index, instrument] of chosen.entries()) {
    const last = prices.get(`NSE:${instrument.tradingSymbol}`);
    if (last === undefined) throw new Error(`no price for ${instrument.tradingSymbol}`);
    const limit = roundToTick(paise(Math.round(last * 100 * 0.995)), instrument.tickSize, 'down');
    const tag = `pb${round}x${index}`;
    const placed = await broker.placeOrder({
      clientOrderId: tag,
      exchange: 'NSE',
      tradingSymbol: instrument.tradingSymbol,
      side: 'BUY',
      orderType: 'LIMIT',
      product: 'MIS',
      validity: 'DAY',
      quantity: 1,
      price: limit,
      triggerPrice: null,
      marketProtection: null,
    });
    if (!placed.ok) throw new Error(`baseline entry refused: ${placed.error.message}`);
    watched.push({ instrument, tag, limit, filledAt: null, stopSentAt: null });
  }
  return watched;
}

/** One /quote/ltp read for all of them (Kite's quote class allows one a second). */
async function lastPrices(
  sim: KiteSimProcess,
  instruments: readonly Instrument[],
): Promise<Map<string, number>> {
  const query = instruments.map((i) => `i=NSE:${encodeURIComponent(i.tradingSymbol)}`).join('&');
  const response = await fetch(`${sim.root}/quote/ltp?${query}`, {
    headers: {
      authorization: `token ${sim.apiKey}:${await sim.mintAccessToken()}`,
      'x-kite-version': '3',
    },
  });
  const body = (await response.json()) as {
    data?: Record<string, { readonly last_price: number }>;
  };
  return new Map(Object.entries(body.data ?? {}).map(([key, quote]) => [key, quote.last_price]));
}

async function watchAndFill(
  sim: KiteSimProcess,
  broker: KiteBroker,
  watched: readonly Watched[],
  options: PollerBaselineOptions,
): Promise<number[]> {
  const byTag = new Map(watched.map((w) => [w.tag, w]));
  const watcher = { polling: true };
  const poll = async () => {
    const book = await broker.getOrders();
    if (!book.ok) return;
    for (const report of book.value) {
      const entry = report.clientOrderId === null ? undefined : byTag.get(report.clientOrderId);
      if (entry === undefined || report.status !== 'FILLED' || entry.stopSentAt !== null) continue;
      entry.stopSentAt = performance.now();
      void broker.placeOrder({
        clientOrderId: `${entry.tag}s`,
        exchange: 'NSE',
        tradingSymbol: entry.instrument.tradingSymbol,
        side: 'SELL',
        orderType: 'SL-M',
        product: 'MIS',
        validity: 'DAY',
        quantity: 1,
        price: null,
        triggerPrice: roundToTick(
          paise(Math.round(entry.limit * 0.99)),
          entry.instrument.tickSize,
          'down',
        ),
        marketProtection: null,
      });
    }
  };
  const poller = (async () => {
    while (watcher.polling) {
      const next = performance.now() + options.pollMs;
      await poll();
      await sleep(Math.max(0, next - performance.now()));
    }
  })();
  const fills = watched.map(async (entry) => {
    await sleep(Math.random() * options.windowMs);
    // A trade through the limit: kite-sim fills the resting BUY inside this call, so the fill
    // is no earlier than this stamp (a sample is at most the call's own time too long).
    entry.filledAt = performance.now();
    await sim.control('/price', {
      instrument: `NSE:${entry.instrument.tradingSymbol}`,
      // Three ticks under: the ask (at most two ticks over the last) crosses the limit.
      price: (entry.limit - 3 * entry.instrument.tickSize) / 100,
    });
  });
  try {
    await Promise.all(fills);
    await until(
      'the poller placed every stop',
      () => watched.every((w) => w.stopSentAt !== null),
      options.pollMs * 3,
      20,
    );
  } finally {
    watcher.polling = false;
    await poller;
  }
  return watched.map((w) => {
    if (w.filledAt === null || w.stopSentAt === null) throw new Error(`${w.tag} never stopped`);
    return w.stopSentAt - w.filledAt;
  });
}
