import { paise, VirtualClock } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import type { BrokerEvent, Tick } from '../broker';
import { createPaperBroker } from './paper-broker';
import {
  AT_10_00,
  createPaperHarness,
  expectOk,
  findOrder,
  INFY,
  NIFTY_FUT,
  orderOf,
  tickOf,
  UNIVERSE,
} from './paper.fixtures';

function ticksIn(events: readonly BrokerEvent[]): Tick[] {
  return events.flatMap((e) => (e.type === 'ticks' ? [...e.ticks] : []));
}

describe('PaperBroker market data', () => {
  it('emits ticks of subscribed tokens only, shaped to the subscribed mode', async () => {
    const h = await createPaperHarness();
    h.broker.subscribe([INFY.token], 'ltp');
    h.broker.subscribe([NIFTY_FUT.token], 'full');
    const full = { mode: 'full', volume: 500, bestBid: paise(1509_95), close: paise(1490_00) };
    h.tick(INFY, 1510_00, full as Partial<Tick>);
    h.tick(NIFTY_FUT, 24560_00, full as Partial<Tick>);
    h.broker.unsubscribe([INFY.token]);
    h.tick(INFY, 1511_00);

    const ticks = ticksIn(h.events);
    expect(ticks.map((t) => [t.token, t.mode, t.lastPrice])).toEqual([
      [INFY.token, 'ltp', 1510_00],
      [NIFTY_FUT.token, 'full', 24560_00],
    ]);
    expect(ticks[0]).toMatchObject({ volume: null, bestBid: null, close: null });
    expect(ticks[1]).toMatchObject({ volume: 500, bestBid: 1509_95 });
  });

  it('keeps a quote-mode subscriber from seeing depth', async () => {
    const h = await createPaperHarness();
    h.broker.subscribe([INFY.token], 'quote');
    h.tick(INFY, 1510_00, { mode: 'full', volume: 10, bestAsk: paise(1510_05) });
    expect(ticksIn(h.events)).toMatchObject([
      { mode: 'quote', volume: 10, bestAsk: null, bestBid: null },
    ]);
  });

  it('sends the ticks first, then the order updates they caused', async () => {
    const h = await createPaperHarness();
    h.broker.subscribe([INFY.token], 'ltp');
    expectOk(await h.broker.placeOrder(orderOf({ price: paise(1495_00) })));
    h.tick(INFY, 1490_00);
    expect(h.events.slice(-2).map((e) => e.type)).toEqual(['ticks', 'order']);
  });

  it('says CONNECTED on start and CLOSED on stop, and is silent while stopped', async () => {
    const clock = new VirtualClock(AT_10_00);
    const broker = createPaperBroker({
      clock,
      instruments: UNIVERSE,
      accountFunds: paise(10_00_000_00),
    });
    const events: BrokerEvent[] = [];
    broker.onEvent((e) => events.push(e));
    broker.subscribe([INFY.token], 'full');
    broker.pushTicks([tickOf(INFY, 1500_00, clock.now())]);
    // The market moved even though nobody was told: orders can still be placed and fill.
    const placed = expectOk(await broker.placeOrder(orderOf({ orderType: 'MARKET', price: null })));
    expect(events).toEqual([]);

    await broker.start();
    await broker.start();
    broker.pushTicks([tickOf(INFY, 1501_00, clock.now() + 1)]);
    await broker.stop();
    await broker.stop();
    expect(events.map((e) => e.type)).toEqual(['marketData', 'ticks', 'marketData']);
    expect(events[0]).toEqual({ type: 'marketData', state: 'CONNECTED', reason: null });
    expect(events[2]).toMatchObject({ type: 'marketData', state: 'CLOSED' });
    // The update sent while disconnected is lost; the book still tells the truth.
    expect((await findOrder(broker, placed.brokerOrderId)).status).toBe('FILLED');
  });

  it('stops calling a listener once it unsubscribes', async () => {
    const h = await createPaperHarness();
    const seen: BrokerEvent[] = [];
    const unsubscribe = h.broker.onEvent((e) => seen.push(e));
    expectOk(await h.broker.placeOrder(orderOf({ orderType: 'MARKET', price: null })));
    unsubscribe();
    expectOk(await h.broker.placeOrder(orderOf({ orderType: 'MARKET', price: null })));
    expect(seen).toHaveLength(1);
    expect(h.reports()).toHaveLength(2);
  });

  it('rejects the call when a listener throws, after the exchange has finished it', async () => {
    const h = await createPaperHarness();
    h.broker.onEvent(() => {
      throw new Error('engine bug');
    });
    await expect(
      h.broker.placeOrder(orderOf({ clientOrderId: 'BUG1', orderType: 'MARKET', price: null })),
    ).rejects.toThrow('engine bug');
    const orders = expectOk(await h.broker.getOrders());
    expect(orders).toMatchObject([{ clientOrderId: 'BUG1', status: 'FILLED' }]);
  });

  it('refuses a bad default market protection at construction', () => {
    expect(() =>
      createPaperBroker({
        clock: new VirtualClock(AT_10_00),
        instruments: UNIVERSE,
        accountFunds: paise(1_00),
        defaultMarketProtection: 0,
      }),
    ).toThrow(RangeError);
  });
});
