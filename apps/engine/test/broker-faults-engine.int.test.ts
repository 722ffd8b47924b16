import { checkReliability } from '@kavach/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BookOrder,
  type BrokerFaultRig,
  byRole,
  clearFaults,
  isWorking,
  readBook,
  readFaults,
  readKiteWithinLimits,
  startBrokerFaultRig,
} from './support/broker-fault-rig';
import { buyInfyThroughWebhook, until as untilHolds } from './support/engine-process';

/**
 * Broker faults met by the real engine process on kite-sim, injected through kite-sim's own
 * fault API (and a proxy that loses an answer after kite-sim acted on it): what must hold is
 * read at the broker (kite-sim's book and positions) and from the engine's API.
 */
let rig: BrokerFaultRig;

/** Reconciliation leaves orders touched this recently for its next run (its default). */
const QUIET_MS = 5_000;
const QUANTITY = 5;

const until = <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string) =>
  untilHolds(read, done, what, () => rig.engine.output().slice(-3000));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const since = (start: number) => Math.round(performance.now() - start);

/** INFY prices move in 5-paise ticks. */
const onTick = (rupees: number) => Math.round(rupees * 20) / 20;

interface Bracket {
  readonly groupId: string;
  /** The orders the book gained since the alert: this bracket's. */
  readonly orders: () => Promise<BookOrder[]>;
}

interface EngineBracket {
  readonly groupId: string;
  readonly status: string;
  readonly entryFilled: number;
  readonly openQuantity: number;
}

interface TickerStatus {
  readonly state: string;
  readonly detail: string;
  readonly lastSeen: number | null;
  /** The engine's clock when it answered. */
  readonly now: number;
}

beforeAll(async () => {
  rig = await startBrokerFaultRig();
}, 180_000);

afterAll(async () => {
  await rig.close();
});

let lastQuoteAt = 0;

/** A TradingView alert for 5 INFY: at the best offer, or at `limit` (rupees). */
async function openBracket(key: string, limit?: number): Promise<Bracket> {
  if (limit === undefined) {
    // The offer comes from a quote, and kite-sim allows one a second.
    await sleep(Math.max(0, lastQuoteAt + 1_100 - performance.now()));
    lastQuoteAt = performance.now();
  }
  const known = new Set((await readBook(rig.sim)).map((o) => o.order_id));
  const alert = await buyInfyThroughWebhook(
    rig.sim,
    rig.engine.url,
    rig.webhook,
    key,
    QUANTITY,
    limit,
  );
  const text = await alert.text();
  expect(alert.status, text).toBe(202);
  const { group_id: groupId } = JSON.parse(text) as { group_id: string };
  return {
    groupId,
    orders: async () => (await readBook(rig.sim)).filter((o) => !known.has(o.order_id)),
  };
}

/** The stop rests at its trigger and the target at its limit. */
function isProtected(orders: readonly BookOrder[]): boolean {
  return (
    byRole(orders, 'S').some((o) => o.status === 'TRIGGER PENDING') &&
    byRole(orders, 'A').some((o) => o.status === 'OPEN')
  );
}

async function engineBracket(groupId: string): Promise<EngineBracket | undefined> {
  const status = await rig.api('/status/all');
  return (status.body.brackets as EngineBracket[]).find((b) => b.groupId === groupId);
}

/** Nothing of the bracket working at the broker, no position there, the engine done with it. */
async function untilFlat(bracket: Bracket, what: string): Promise<void> {
  await until(bracket.orders, (orders) => !orders.some(isWorking), `${what}: orders working`);
  await until(
    () => readKiteWithinLimits<{ net: { quantity: number }[] }>(rig.sim, '/portfolio/positions'),
    (positions) => positions.net.every((p) => p.quantity === 0),
    `${what}: a position left at the broker`,
  );
  await until(
    () => engineBracket(bracket.groupId),
    (held) => held === undefined,
    `${what}: the engine still holds the bracket`,
  );
}

async function exitBracket(bracket: Bracket): Promise<void> {
  const exit = await rig.api('/api/positions/exit', {
    groupId: bracket.groupId,
    reason: 'end of a broker fault check',
  });
  expect(exit.status, JSON.stringify(exit.body)).toBe(200);
  await untilFlat(bracket, 'the exit after the check');
}

/**
 * A manual reconciliation once the quiet window has passed, so no order is skipped as busy:
 * CLEAN means every order's state and fills and the position agree with the broker's.
 */
async function expectReconciledClean(): Promise<void> {
  await sleep(QUIET_MS + 500);
  const run = await rig.api('/api/reconciliation/run', { reason: 'broker fault check' });
  expect(run.status, JSON.stringify(run.body)).toBe(200);
  const { reconciliation } = run.body.state as { reconciliation: { lastRun: unknown } };
  expect(reconciliation.lastRun).toMatchObject({ outcome: 'CLEAN', discrepancies: 0 });
}

/** Runs `steps` with kite-sim's clock paused: its market moves only when a price is set. */
async function withMarketHeld<T>(steps: () => Promise<T>): Promise<T> {
  await rig.sim.control('/clock', { paused: true });
  try {
    return await steps();
  } finally {
    await rig.sim.control('/clock', { paused: false });
  }
}

async function tickerStatus(): Promise<TickerStatus> {
  const status = await rig.api('/status/all');
  const { components, now } = status.body as {
    components: { ticker: Omit<TickerStatus, 'now'> };
    now: number;
  };
  return { ...components.ticker, now };
}

/** Samples the ticker's status every 250 ms until stopped. */
function watchTicker(): { readonly stop: () => Promise<TickerStatus[]> } {
  const samples: TickerStatus[] = [];
  const stopped = new AbortController();
  const loop = (async () => {
    while (!stopped.signal.aborted) {
      samples.push(await tickerStatus());
      await sleep(250);
    }
  })();
  return {
    stop: async () => {
      stopped.abort();
      await loop;
      return samples;
    },
  };
}

describe('broker faults under the engine process (kite-sim)', () => {
  it('a burst of 429s on the protection after an entry fill: the stop rests once', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault:
          'three 429s in a row on POST /orders right after an entry fill (kite-sim, engine process)',
        expected:
          'stop and target rest at the broker once each within the retry budget (4 attempts); nothing rejected, no risk event',
        source: import.meta.url,
      },
      async () => {
        const risks = await rig.metric('kavach_risk_events_total');
        const rejected = await rig.metric('kavach_orders_rejected_total');
        const { bracket, orders, protectMs } = await withMarketHeld(async () => {
          // A price set by hand, the entry bid 0.2 % under it (inside the 0.3 % requote
          // threshold, so sent as bid): it rests until the price is brought down to it.
          await rig.sim.control('/price', { instrument: 'NSE:INFY', price: 1500 });
          await sleep(1_000);
          const entryPrice = onTick(1500 * 0.998);
          const opened = await openBracket('429-on-the-stop', entryPrice);
          await until(
            opened.orders,
            (book) => byRole(book, 'E').some((o) => o.status === 'OPEN'),
            'the entry never rested',
          );
          await rig.sim.control('/faults/http', {
            kind: 'status',
            status: 429,
            count: 3,
            path_prefix: '/orders',
            method: 'POST',
          });
          const filled = performance.now();
          await rig.sim.control('/price', {
            instrument: 'NSE:INFY',
            price: onTick(entryPrice - 1),
          });
          const book = await until(opened.orders, isProtected, 'no protection after the 429s');
          return { bracket: opened, orders: book, protectMs: since(filled) };
        });
        // Every 429 met a placement: the protection really went through the burst.
        expect((await readFaults(rig.sim)).http).toEqual([]);
        expect(byRole(orders, 'S')).toHaveLength(1);
        expect(byRole(orders, 'A')).toHaveLength(1);
        expect(orders.filter((o) => o.status === 'REJECTED')).toEqual([]);
        expect(await engineBracket(bracket.groupId)).toMatchObject({
          status: 'OPEN',
          entryFilled: QUANTITY,
          openQuantity: QUANTITY,
        });
        expect(await rig.metric('kavach_orders_rejected_total')).toBe(rejected);
        expect(await rig.metric('kavach_risk_events_total')).toBe(risks);
        await exitBracket(bracket);
        return { rateLimited: 3, protectMs, stops: 1, orders: orders.length };
      },
    );
  }, 60_000);

  it('503s on the kill switch: the position still ends flat, exited once', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault:
          'two 503s on each of the modify (PUT) and cancel (DELETE) requests of a kill switch (kite-sim, engine process)',
        expected:
          'modify and cancel sent again; the kill switch reports flat, the broker shows no position and nothing working, one exit fill',
        source: import.meta.url,
      },
      async () => {
        const bracket = await openBracket('503-on-the-flatten');
        await until(bracket.orders, isProtected, 'no protection before the kill switch');
        for (const method of ['PUT', 'DELETE']) {
          await rig.sim.control('/faults/http', {
            kind: 'status',
            status: 503,
            count: 2,
            path_prefix: '/orders',
            method,
          });
        }
        const started = performance.now();
        const flatten = await rig.api('/flatten', {
          confirm: 'FLATTEN',
          reason: 'broker fault drill',
        });
        expect(flatten.status, JSON.stringify(flatten.body)).toBe(200);
        expect(flatten.body).toMatchObject({ flat: true, remainingPositions: 0 });
        await untilFlat(bracket, 'the kill switch under 503s');
        const flattenMs = since(started);
        // Out of HALTED for the checks after this one.
        expect((await rig.api('/reset', {})).status).toBe(200);
        expect((await rig.api('/resume', {})).status).toBe(200);
        expect((await readFaults(rig.sim)).http).toEqual([]);
        const orders = await bracket.orders();
        const sold = orders
          .filter((o) => o.transaction_type === 'SELL')
          .reduce((sum, o) => sum + o.filled_quantity, 0);
        // The stop became the market exit; no second exit order was placed.
        expect(sold).toBe(QUANTITY);
        expect(byRole(orders, 'X')).toEqual([]);
        expect(byRole(orders, 'S')).toMatchObject([
          { status: 'COMPLETE', filled_quantity: QUANTITY },
        ]);
        return { unavailable: 4, flattenMs, exitOrders: 1 };
      },
    );
  }, 60_000);

  it('a placement whose answer is lost: the engine adopts the order, never sends it twice', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault:
          'entry placed at kite-sim, its answer held past the client timeout (proxy, engine process)',
        expected:
          'the order adopted by its tag from the fill update: protected at once, sent once; after the timeout the engine agrees with the book (reconciliation CLEAN)',
        source: import.meta.url,
      },
      async () => {
        const risks = await rig.metric('kavach_risk_events_total');
        rig.proxy.loseNextAnswer('POST', '/orders', 'hold');
        const started = performance.now();
        const bracket = await openBracket('lost-answer');
        const orders = await until(bracket.orders, isProtected, 'no protection for the entry');
        const protectMs = since(started);
        expect(byRole(orders, 'E')).toMatchObject([
          { status: 'COMPLETE', filled_quantity: QUANTITY },
        ]);
        expect(byRole(orders, 'S')).toHaveLength(1);
        // The held answer ends in the client's 7 s timeout; only then is the engine quiet.
        await sleep(Math.max(0, 7_500 - since(started)));
        await expectReconciledClean();
        expect(byRole(await bracket.orders(), 'E')).toHaveLength(1);
        expect(await engineBracket(bracket.groupId)).toMatchObject({
          status: 'OPEN',
          entryFilled: QUANTITY,
        });
        expect(await rig.metric('kavach_risk_events_total')).toBe(risks);
        await exitBracket(bracket);
        return { clientTimeoutMs: 7_000, protectMs, entriesSent: 1 };
      },
    );
  }, 60_000);

  it('order updates reordered and duplicated during a bracket: states match the broker', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault:
          'order updates held back (reorder) and sent twice (duplicate) by kite-sim, alternately, from the entry fill to the exit (engine process)',
        expected:
          'one stop, turned into the exit and filled once; target cancelled; bracket closed; no risk event; reconciliation CLEAN',
        source: import.meta.url,
      },
      async () => {
        const risks = await rig.metric('kavach_risk_events_total');
        const armed = 3;
        for (let i = 0; i < armed; i += 1) {
          for (const kind of ['reorder', 'duplicate']) {
            await rig.sim.control('/faults/order-updates', { kind, count: 1 });
          }
        }
        // kite-sim pushes COMPLETE, UPDATE and CANCELLED: the entry's fill is held back; the
        // exit's stop UPDATE comes twice, its COMPLETE is held back behind the target's
        // CANCELLED, which comes twice.
        const bracket = await openBracket('reordered-updates');
        await until(bracket.orders, isProtected, 'no protection after a held-back fill');
        const closing = performance.now();
        await exitBracket(bracket);
        const closeMs = since(closing);
        const left = (await readFaults(rig.sim)).orderUpdates;
        await clearFaults(rig.sim);
        const spent = (kind: string) => armed - left.filter((f) => f.kind === kind).length;
        expect(spent('reorder')).toBeGreaterThanOrEqual(2);
        expect(spent('duplicate')).toBeGreaterThanOrEqual(2);
        const orders = await bracket.orders();
        expect(byRole(orders, 'S')).toMatchObject([
          { status: 'COMPLETE', filled_quantity: QUANTITY },
        ]);
        expect(byRole(orders, 'A')).toMatchObject([{ status: 'CANCELLED', filled_quantity: 0 }]);
        expect(byRole(orders, 'X')).toEqual([]);
        await expectReconciledClean();
        expect(await rig.metric('kavach_risk_events_total')).toBe(risks);
        return { reordered: spent('reorder'), duplicated: spent('duplicate'), closeMs };
      },
    );
  }, 60_000);

  it('a muted ticker: the status says so in time, protection still works, OK once it speaks', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault:
          'kite-sim ticker: heartbeats stopped while ticks flow, then muted (no ticks, no heartbeats) under an open bracket (engine process)',
        expected:
          'no alarm on missing heartbeats alone; muted: /status/all ticker leaves OK within the 5 s read timeout of the ticker socket and never shows OK again while muted; a target fill still cancels the stop; OK again once ticks flow',
        source: import.meta.url,
      },
      async () => {
        const bracket = await openBracket('muted-ticker');
        const protectedOrders = await until(bracket.orders, isProtected, 'no protection');
        const reconnects = await rig.metric('kavach_ticker_reconnects_total');

        await rig.sim.control('/ticker/heartbeats', { stopped: true });
        const heartbeatsOnly = watchTicker();
        await sleep(6_000);
        expect((await heartbeatsOnly.stop()).filter((t) => t.state !== 'OK')).toEqual([]);

        const muted = performance.now();
        await rig.sim.control('/ticker/mute', { muted: true });
        await until(tickerStatus, (t) => t.state !== 'OK', 'the ticker still OK while muted');
        const staleMs = since(muted);
        // The ticker socket's 5 s read timeout (the engine's heartbeat timeout is 10 s), plus
        // polling.
        expect(staleMs).toBeLessThan(13_000);
        const whileMuted = watchTicker();
        const targetPrice = byRole(protectedOrders, 'A')[0]?.price ?? 0;
        const filling = performance.now();
        await rig.sim.control('/price', { instrument: 'NSE:INFY', price: onTick(targetPrice + 1) });
        await untilFlat(bracket, 'the target fill while the ticker was muted');
        const exitMs = since(filling);
        // Long enough for a reconnect to a connection that stays silent.
        await sleep(Math.max(0, staleMs + 7_000 - since(muted)));
        expect((await whileMuted.stop()).filter((t) => t.state === 'OK')).toEqual([]);

        await rig.sim.control('/ticker/mute', { muted: false });
        await rig.sim.control('/ticker/heartbeats', { stopped: false });
        const unmuted = performance.now();
        const unmutedAt = (await tickerStatus()).now;
        await until(
          tickerStatus,
          (t) => t.state === 'OK' && (t.lastSeen ?? 0) > unmutedAt,
          'the ticker not OK again',
        );
        const recoverMs = since(unmuted);
        const reconnected = (await rig.metric('kavach_ticker_reconnects_total')) - reconnects;
        expect(reconnected).toBeGreaterThanOrEqual(1);
        return { staleMs, exitMs, recoverMs, reconnects: reconnected };
      },
    );
  }, 90_000);
});
