import { paise } from '@kavach/domain';
import { checkReliability, startLossyProxy } from '@kavach/testkit';
import type { KiteSimProcess, LossyProxy } from '@kavach/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BrokerEvent, PlaceOrderCommand } from '../src/broker';
import type { KiteBroker } from '../src/kite';
import { createSimBroker, startQuietSim, waitFor } from './kite-harness';

let sim: KiteSimProcess;
let proxy: LossyProxy;
let broker: KiteBroker;
let events: BrokerEvent[];

beforeAll(async () => {
  sim = await startQuietSim();
  // REST goes through a proxy that can lose an answer after the simulator acted on it.
  proxy = await startLossyProxy(sim.root);
  ({ broker, events } = await createSimBroker(sim, { requestTimeoutMs: 1_000, root: proxy.root }));
  await sim.control('/price', { instrument: 'NSE:INFY', price: 1500 });
});
afterAll(async () => {
  await broker.stop();
  await proxy.close();
  await sim.stop();
});
beforeEach(async () => {
  await fetch(`${sim.root}/_sim/faults`, { method: 'DELETE' });
});

function restingBuy(clientOrderId: string): PlaceOrderCommand {
  return {
    clientOrderId,
    exchange: 'NSE',
    tradingSymbol: 'INFY',
    side: 'BUY',
    orderType: 'LIMIT',
    product: 'MIS',
    validity: 'DAY',
    quantity: 1,
    price: paise(1450_00),
    triggerPrice: null,
    marketProtection: null,
  };
}

function injectOnPlace(fault: Record<string, unknown>): Promise<unknown> {
  return sim.control('/faults/http', {
    count: 1,
    path_prefix: '/orders',
    method: 'POST',
    ...fault,
  });
}

async function findByTag(tag: string) {
  const orders = await broker.getOrders();
  if (!orders.ok) throw new Error(orders.error.message);
  return orders.value.find((order) => order.clientOrderId === tag);
}

describe('failures classified at the edge (real client, real HTTP faults)', () => {
  it('429 Too many requests: RETRYABLE', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: '429 Too many requests on an order placement (kite-sim, real kiteconnect client)',
        expected: 'RETRYABLE (NetworkException, 429), never a rejection; no order in the book',
        source: import.meta.url,
      },
      async () => {
        await injectOnPlace({ kind: 'status', status: 429 });
        const result = await broker.placeOrder(restingBuy('kvF429'));
        expect(result).toEqual({
          ok: false,
          error: {
            kind: 'RETRYABLE',
            code: 'NetworkException',
            message: 'Too many requests',
            httpStatus: 429,
          },
        });
        expect(await findByTag('kvF429')).toBeUndefined();
        return { status: 429 };
      },
    );
  });

  it('503 on a place: AMBIGUOUS, never a rejection; the book settles it by tag', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: '503 on an order placement (kite-sim)',
        expected:
          'AMBIGUOUS (NetworkException, 503), never a rejection; settled by looking the tag up in the book',
        source: import.meta.url,
      },
      async () => {
        await injectOnPlace({ kind: 'status', status: 503 });
        const result = await broker.placeOrder(restingBuy('kvF503'));
        expect(result).toMatchObject({
          ok: false,
          error: { kind: 'AMBIGUOUS', code: 'NetworkException', httpStatus: 503 },
        });
        expect(await findByTag('kvF503')).toBeUndefined();
        return { status: 503 };
      },
    );
  });

  it('a gateway’s HTML 502: AMBIGUOUS HTTP_5XX', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'a gateway\u2019s HTML 502 on an order placement (kite-sim)',
        expected: 'AMBIGUOUS HTTP_5XX, never a rejection',
        source: import.meta.url,
      },
      async () => {
        await injectOnPlace({ kind: 'status', status: 502, body: 'html' });
        const result = await broker.placeOrder(restingBuy('kvF502'));
        expect(result).toEqual({
          ok: false,
          error: { kind: 'AMBIGUOUS', code: 'HTTP_5XX', message: 'Bad Gateway', httpStatus: 502 },
        });
        return { status: 502 };
      },
    );
  });

  it('504 DataException on a place: AMBIGUOUS', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: '504 DataException on an order placement (kite-sim)',
        expected: 'AMBIGUOUS (DataException, 504), never a rejection',
        source: import.meta.url,
      },
      async () => {
        await injectOnPlace({ kind: 'status', status: 504 });
        const result = await broker.placeOrder(restingBuy('kvF504'));
        expect(result).toMatchObject({
          ok: false,
          error: { kind: 'AMBIGUOUS', code: 'DataException', httpStatus: 504 },
        });
        return { status: 504 };
      },
    );
  });

  it('a dropped connection before the place was read: AMBIGUOUS NETWORK', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'connection dropped before Kite read the placement (kite-sim)',
        expected: 'AMBIGUOUS NETWORK, never a rejection',
        source: import.meta.url,
      },
      async () => {
        await injectOnPlace({ kind: 'timeout', ms: 100 });
        const result = await broker.placeOrder(restingBuy('kvFdrop'));
        expect(result).toMatchObject({ ok: false, error: { kind: 'AMBIGUOUS', code: 'NETWORK' } });
        return { dropAfterMs: 100 };
      },
    );
  });

  it('the same failures on a read are RETRYABLE', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: '503 on GET /orders, dropped connection on GET /trades (kite-sim)',
        expected: 'reads fail RETRYABLE (a read never leaves an order\u2019s fate unknown)',
        source: import.meta.url,
      },
      async () => {
        await sim.control('/faults/http', {
          kind: 'status',
          status: 503,
          count: 1,
          path_prefix: '/orders',
          method: 'GET',
        });
        const result = await broker.getOrders();
        expect(result).toMatchObject({ ok: false, error: { kind: 'RETRYABLE', httpStatus: 503 } });
        await sim.control('/faults/http', {
          kind: 'timeout',
          ms: 100,
          count: 1,
          path_prefix: '/trades',
        });
        expect(await broker.getTrades()).toMatchObject({ ok: false, error: { kind: 'RETRYABLE' } });
        return { faults: 2 };
      },
    );
  });

  it('an unknown order id on cancel: NON_RETRYABLE with Kite’s GeneralException', async () => {
    const result = await broker.cancelOrder('999999999999999');
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'NON_RETRYABLE',
        code: 'GeneralException',
        message: "Couldn't find that `order_id`.",
        httpStatus: 500,
      },
    });
  });

  it('cancelling a finished order: "being processed. Try later." is RETRYABLE', async () => {
    const placed = await broker.placeOrder({
      ...restingBuy('kvFdone'),
      orderType: 'MARKET',
      price: null,
    });
    if (!placed.ok) throw new Error(placed.error.message);
    const result = await broker.cancelOrder(placed.value.brokerOrderId);
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: 'RETRYABLE',
        message: 'Order cannot be cancelled as it is being processed. Try later.',
      },
    });
  });
});

describe('answers lost after Kite acted: AMBIGUOUS, and the order is found by tag', () => {
  it('no answer within the client timeout: TIMEOUT', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'order placed at Kite, answer held past the client timeout (proxy)',
        expected:
          'AMBIGUOUS TIMEOUT, not a rejection; the order is found OPEN in the book by its tag',
        source: import.meta.url,
      },
      async () => {
        proxy.loseNextAnswer('POST', '/orders', 'hold');
        const result = await broker.placeOrder(restingBuy('kvLhold'));
        expect(result).toMatchObject({
          ok: false,
          error: { kind: 'AMBIGUOUS', code: 'TIMEOUT', httpStatus: null },
        });
        const found = await waitFor(() => findByTag('kvLhold'), 'the order in the book');
        expect(found).toMatchObject({ clientOrderId: 'kvLhold', status: 'OPEN', quantity: 1 });
        return { clientTimeoutMs: 1000 };
      },
    );
  });

  it('the connection reset instead of the answer: NETWORK', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'order placed at Kite, connection reset instead of the answer (proxy)',
        expected: 'AMBIGUOUS NETWORK; the order is found OPEN in the book by its tag',
        source: import.meta.url,
      },
      async () => {
        proxy.loseNextAnswer('POST', '/orders', 'reset');
        const result = await broker.placeOrder(restingBuy('kvLreset'));
        expect(result).toMatchObject({ ok: false, error: { kind: 'AMBIGUOUS', code: 'NETWORK' } });
        expect(await findByTag('kvLreset')).toMatchObject({ status: 'OPEN' });
      },
    );
  });

  it('a gateway 502 in place of the answer: HTTP_5XX', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'order placed at Kite, a gateway 502 instead of the answer (proxy)',
        expected: 'AMBIGUOUS HTTP_5XX; the order is found OPEN in the book by its tag',
        source: import.meta.url,
      },
      async () => {
        proxy.loseNextAnswer('POST', '/orders', 'bad-gateway');
        const result = await broker.placeOrder(restingBuy('kvL502'));
        expect(result).toMatchObject({
          ok: false,
          error: { kind: 'AMBIGUOUS', code: 'HTTP_5XX', httpStatus: 502 },
        });
        expect(await findByTag('kvL502')).toMatchObject({ status: 'OPEN' });
        return { status: 502 };
      },
    );
  });

  it('a cancel whose answer was lost: AMBIGUOUS, and the book shows it cancelled', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'cancel done at Kite, connection reset instead of the answer (proxy)',
        expected: 'AMBIGUOUS; the book shows the order CANCELLED',
        source: import.meta.url,
      },
      async () => {
        const placed = await broker.placeOrder(restingBuy('kvLcancel'));
        if (!placed.ok) throw new Error(placed.error.message);
        proxy.loseNextAnswer('DELETE', '/orders', 'reset');
        const result = await broker.cancelOrder(placed.value.brokerOrderId);
        expect(result).toMatchObject({ ok: false, error: { kind: 'AMBIGUOUS' } });
        expect(await findByTag('kvLcancel')).toMatchObject({ status: 'CANCELLED' });
      },
    );
  });
});

describe('session expiry', () => {
  it('TokenException is FATAL, raises sessionExpired once, and writes fail fast until a new token', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'TokenException (session expired at kite-sim) mid-session, twice',
        expected:
          'FATAL, sessionExpired raised once per session; later writes and reads fail fast without a request; a new token restores them',
        source: import.meta.url,
      },
      async () => {
        await sim.control('/session/expire', {});
        const first = await broker.placeOrder(restingBuy('kvFtok1'));
        expect(first).toMatchObject({
          ok: false,
          error: { kind: 'FATAL', code: 'TokenException', httpStatus: 403 },
        });
        const expiredEvents = () => events.filter((event) => event.type === 'sessionExpired');
        expect(expiredEvents()).toHaveLength(1);

        // No request goes out: the answer comes from the adapter (no HTTP status).
        const second = await broker.modifyOrder('1', { quantity: 2 });
        expect(second).toEqual({
          ok: false,
          error: {
            kind: 'FATAL',
            code: 'TokenException',
            message: 'Kite session expired: waiting for a new access token',
            httpStatus: null,
          },
        });
        expect(await broker.getOrders()).toMatchObject({ ok: false, error: { kind: 'FATAL' } });
        expect(expiredEvents()).toHaveLength(1);

        broker.setAccessToken(await sim.mintAccessToken());
        const renewed = await broker.placeOrder(restingBuy('kvFtok2'));
        expect(renewed.ok).toBe(true);

        // A new session can expire again, and says so again.
        await sim.control('/session/expire', {});
        expect(await broker.getPositions()).toMatchObject({ ok: false, error: { kind: 'FATAL' } });
        expect(expiredEvents()).toHaveLength(2);
        return { sessionsExpired: expiredEvents().length };
      },
    );
  });

  it('a login (request token → session) brings an expired session back; a used token is refused', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'session expired, then a login with a request token (and the same token reused)',
        expected:
          'login restores orders; a used request token is refused (TokenException) and the session stays',
        source: import.meta.url,
      },
      async () => {
        await sim.control('/session/expire', {});
        expect(await broker.getPositions()).toMatchObject({ ok: false, error: { kind: 'FATAL' } });
        expect(await broker.placeOrder(restingBuy('kvFlog1'))).toMatchObject({ ok: false });

        const requestToken = await sim.requestToken();
        const created = await broker.createSession(requestToken);
        expect(created.ok && created.value.userId.length).toBeGreaterThan(0);
        expect(await broker.placeOrder(restingBuy('kvFlog2'))).toMatchObject({ ok: true });

        // Request tokens are single-use: the session stays as it is.
        const again = await broker.createSession(requestToken);
        expect(again).toMatchObject({ ok: false, error: { code: 'TokenException' } });
        expect((await broker.getOrders()).ok).toBe(true);
      },
    );
  });
});
