import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { paise } from '@kavach/domain';
import type { KiteSimProcess } from '@kavach/testkit';
import { checkReliability, findFreePort } from '@kavach/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerEvent, PlaceOrderCommand } from '../src/broker';
import type { KiteBroker, PostbackReceipt } from '../src/kite';
import type { TickerSocketFactory } from '../src/kite/ticker-socket';
import {
  createSimBroker,
  isOrderEvent,
  startQuietSim,
  waitFor,
  waitForEvent,
} from './kite-harness';

/** Market data that connects and then never says anything: only polling reports orders. */
const silentTicker: TickerSocketFactory = (handlers) => ({
  connect: () => {
    setTimeout(handlers.onOpen, 0);
  },
  close: () => {
    setTimeout(handlers.onClose, 0);
  },
  subscribe: () => undefined,
  unsubscribe: () => undefined,
  dispose: () => undefined,
});

let sim: KiteSimProcess;
let receiver: Server;
/** Started: ticker updates and polling. */
let live: { broker: KiteBroker; events: BrokerEvent[] };
/** Never started: hears only the postbacks the receiver hands it. */
let postbacks: { broker: KiteBroker; events: BrokerEvent[] };
const bodies: Record<string, unknown>[] = [];
const receipts: PostbackReceipt[] = [];

async function startReceiver(): Promise<string> {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      bodies.push(JSON.parse(text) as Record<string, unknown>);
      const receipt = postbacks.broker.receivePostback(text);
      receipts.push(receipt);
      response.writeHead(receipt.ok ? 200 : 400).end();
    });
  });
  const port = await findFreePort();
  await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
  return `http://127.0.0.1:${port}/kite/postback`;
}

beforeAll(async () => {
  const postbackUrl = await startReceiver();
  sim = await startQuietSim({ postbackUrl });
  postbacks = await createSimBroker(sim);
  live = await createSimBroker(sim, { pollIntervalMs: 1_000 });
  await sim.control('/price', { instrument: 'NSE:INFY', price: 1500 });
  await live.broker.start();
});
afterAll(async () => {
  await live.broker.stop();
  await postbacks.broker.stop();
  await sim.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

function restingBuy(clientOrderId: string, rupees = 1490): PlaceOrderCommand {
  return {
    clientOrderId,
    exchange: 'NSE',
    tradingSymbol: 'INFY',
    side: 'BUY',
    orderType: 'LIMIT',
    product: 'MIS',
    validity: 'DAY',
    quantity: 3,
    price: paise(rupees * 100),
    triggerPrice: null,
    marketProtection: null,
  };
}

async function placeModifyCancel(tag: string): Promise<string> {
  const placed = await live.broker.placeOrder(restingBuy(tag));
  if (!placed.ok) throw new Error(placed.error.message);
  const id = placed.value.brokerOrderId;
  const modified = await live.broker.modifyOrder(id, { price: paise(1491_00) });
  if (!modified.ok) throw new Error(modified.error.message);
  const cancelled = await live.broker.cancelOrder(id);
  if (!cancelled.ok) throw new Error(cancelled.error.message);
  return id;
}

const reportsOf = (events: readonly BrokerEvent[], id: string) =>
  events.flatMap((event) =>
    event.type === 'order' && event.report.brokerOrderId === id ? [event] : [],
  );

describe('order updates from the ticker, postbacks and polling', () => {
  it('the ticker reports a modification and the cancel, each once, with our tag', async () => {
    const id = await placeModifyCancel('kvUpd1');
    await waitForEvent(
      live.events,
      isOrderEvent((e) => e.report.brokerOrderId === id && e.report.status === 'CANCELLED'),
      'the CANCELLED report',
    );
    const reports = reportsOf(live.events, id);
    // "UPDATE" exists only in pushed updates: the ticker delivered the modification.
    expect(reports.find((e) => e.report.venueStatus === 'UPDATE')).toMatchObject({
      source: 'TICKER',
      report: { status: 'OPEN', price: 1491_00, clientOrderId: 'kvUpd1' },
    });
    expect(reports.filter((e) => e.report.status === 'CANCELLED')).toHaveLength(1);
  });

  it('postbacks pass Kite’s checksum and become POSTBACK reports', async () => {
    const id = await placeModifyCancel('kvUpd2');
    await waitForEvent(
      postbacks.events,
      isOrderEvent((e) => e.report.brokerOrderId === id && e.report.status === 'CANCELLED'),
      'the CANCELLED postback',
    );
    // Postbacks are separate HTTP requests: Kite promises no order between them.
    await waitForEvent(
      postbacks.events,
      isOrderEvent((e) => e.report.brokerOrderId === id && e.report.venueStatus === 'UPDATE'),
      'the UPDATE postback',
    );
    const reports = reportsOf(postbacks.events, id);
    expect(reports.every((e) => e.source === 'POSTBACK')).toBe(true);
    expect(reports.map((e) => e.report.venueStatus).sort()).toEqual(['CANCELLED', 'UPDATE']);
    expect(receipts.every((receipt) => receipt.ok)).toBe(true);
  });

  it('a replayed postback is accepted but not reported again', () => {
    const count = postbacks.events.length;
    const body = bodies.at(-1)!;
    expect(postbacks.broker.receivePostback(body)).toEqual({ ok: true });
    expect(postbacks.events).toHaveLength(count);
  });

  it('a forged or altered postback is refused and raised as invalidUpdate', () => {
    const body = bodies.at(-1)!;
    const count = postbacks.events.length;
    const forged = { ...body, checksum: '0'.repeat(64) };
    expect(postbacks.broker.receivePostback(forged)).toEqual({
      ok: false,
      reason: 'postback checksum does not match',
    });
    // The checksum covers order_id and order_timestamp; any other field must be re-read.
    const altered = { ...body, order_id: '1' };
    expect(postbacks.broker.receivePostback(altered).ok).toBe(false);
    expect(postbacks.broker.receivePostback('not json').ok).toBe(false);
    expect(postbacks.events.slice(count)).toEqual([
      { type: 'invalidUpdate', source: 'POSTBACK', message: 'postback checksum does not match' },
      { type: 'invalidUpdate', source: 'POSTBACK', message: 'postback checksum does not match' },
      { type: 'invalidUpdate', source: 'POSTBACK', message: 'postback body is not a JSON object' },
    ]);
  });

  it('updates Kite sends twice are reported once', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'every order update sent twice by kite-sim (ticker and postback)',
        expected: 'each update reported once per source (one UPDATE, one CANCELLED)',
        source: import.meta.url,
      },
      async () => {
        await sim.control('/faults/order-updates', { kind: 'duplicate', count: 4 });
        const id = await placeModifyCancel('kvUpd3');
        await waitFor(
          // Two updates (modification, cancel), each sent twice.
          () => (bodies.filter((body) => body.order_id === id).length >= 4 ? true : undefined),
          'the duplicated postbacks',
        );
        await waitForEvent(
          live.events,
          isOrderEvent((e) => e.report.brokerOrderId === id && e.report.status === 'CANCELLED'),
          'the CANCELLED report',
        );
        for (const events of [live.events, postbacks.events]) {
          const reports = reportsOf(events, id);
          expect(reports.filter((e) => e.report.venueStatus === 'UPDATE')).toHaveLength(1);
          expect(reports.filter((e) => e.report.venueStatus === 'CANCELLED')).toHaveLength(1);
        }
        return { duplicated: 4 };
      },
    );
  });
});

describe('polling alone', () => {
  it('picks up a fill the other sources never told it about', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'order updates never pushed (silent ticker, no postbacks)',
        expected:
          'polling alone reports the fill (POLL), with the tag and a price no worse than the limit',
        source: import.meta.url,
      },
      async () => {
        const polling = await createSimBroker(sim, {
          pollIntervalMs: 300,
          createTickerSocket: silentTicker,
        });
        await polling.broker.start();
        try {
          const placed = await live.broker.placeOrder(restingBuy('kvPoll1', 1495));
          if (!placed.ok) throw new Error(placed.error.message);
          const id = placed.value.brokerOrderId;
          await waitForEvent(
            polling.events,
            isOrderEvent((e) => e.report.brokerOrderId === id && e.report.status === 'OPEN'),
            'the order seen OPEN by a poll',
          );
          await sim.control('/price', { instrument: 'NSE:INFY', price: 1480 });
          const { event } = await waitForEvent(
            polling.events,
            isOrderEvent((e) => e.report.brokerOrderId === id && e.report.status === 'FILLED'),
            'the fill seen by a poll',
          );
          expect(event.source).toBe('POLL');
          expect(event.report).toMatchObject({ filledQuantity: 3, clientOrderId: 'kvPoll1' });
          expect(Number.isSafeInteger(event.report.averagePrice)).toBe(true);
          expect(event.report.averagePrice!).toBeLessThanOrEqual(1495_00);
          expect(reportsOf(polling.events, id).every((e) => e.source === 'POLL')).toBe(true);
        } finally {
          await polling.broker.stop();
        }
        return { pollIntervalMs: 300 };
      },
    );
  });
});
