import { paise } from '@kavach/domain';
import type { KiteSimProcess } from '@kavach/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaceOrderCommand } from '../src/broker';
import type { KiteBroker } from '../src/kite';
import { createSimBroker, startQuietSim } from './kite-harness';

let sim: KiteSimProcess;
let broker: KiteBroker;

beforeAll(async () => {
  sim = await startQuietSim();
  ({ broker } = await createSimBroker(sim));
  await sim.control('/price', { instrument: 'NSE:INFY', price: 1500 });
});
afterAll(async () => {
  await broker.stop();
  await sim.stop();
});

function infy(
  overrides: Partial<PlaceOrderCommand> & { clientOrderId: string },
): PlaceOrderCommand {
  return {
    exchange: 'NSE',
    tradingSymbol: 'INFY',
    side: 'BUY',
    orderType: 'LIMIT',
    product: 'MIS',
    validity: 'DAY',
    quantity: 5,
    price: paise(1400_00),
    triggerPrice: null,
    marketProtection: null,
    ...overrides,
  };
}

async function orderById(brokerOrderId: string) {
  const orders = await broker.getOrders();
  if (!orders.ok) throw new Error(orders.error.message);
  const order = orders.value.find((o) => o.brokerOrderId === brokerOrderId);
  if (order === undefined) throw new Error(`order ${brokerOrderId} not in the book`);
  return order;
}

describe('KiteBroker REST against kite-sim (real kiteconnect client)', () => {
  it('places a LIMIT order that rests, with the tag as client order id and prices in paise', async () => {
    const placed = await broker.placeOrder(infy({ clientOrderId: 'kvRest1' }));
    expect(placed.ok).toBe(true);
    if (!placed.ok) return;
    const order = await orderById(placed.value.brokerOrderId);
    expect(order).toMatchObject({
      clientOrderId: 'kvRest1',
      exchange: 'NSE',
      tradingSymbol: 'INFY',
      side: 'BUY',
      orderType: 'LIMIT',
      product: 'MIS',
      status: 'OPEN',
      venueStatus: 'OPEN',
      quantity: 5,
      filledQuantity: 0,
      price: 1400_00,
      averagePrice: null,
      triggerPrice: null,
    });
    expect(Number.isSafeInteger(order.updatedAt)).toBe(true);
  });

  it('modifies and cancels it', async () => {
    const placed = await broker.placeOrder(infy({ clientOrderId: 'kvRest2' }));
    if (!placed.ok) throw new Error(placed.error.message);
    const id = placed.value.brokerOrderId;
    const modified = await broker.modifyOrder(id, { price: paise(1410_50), quantity: 6 });
    expect(modified).toEqual({ ok: true, value: { brokerOrderId: id } });
    expect(await orderById(id)).toMatchObject({ price: 1410_50, quantity: 6, status: 'OPEN' });
    const cancelled = await broker.cancelOrder(id);
    expect(cancelled).toEqual({ ok: true, value: { brokerOrderId: id } });
    expect(await orderById(id)).toMatchObject({ status: 'CANCELLED', venueStatus: 'CANCELLED' });
  });

  it('fills a MARKET order with the default market protection; trades and positions in paise', async () => {
    const placed = await broker.placeOrder(
      infy({ clientOrderId: 'kvRest3', orderType: 'MARKET', price: null, quantity: 10 }),
    );
    if (!placed.ok) throw new Error(placed.error.message);
    const id = placed.value.brokerOrderId;
    const order = await orderById(id);
    expect(order.status).toBe('FILLED');
    expect(order.filledQuantity).toBe(10);
    expect(Number.isSafeInteger(order.averagePrice)).toBe(true);

    const fills = await broker.getOrderTrades(id);
    if (!fills.ok) throw new Error(fills.error.message);
    expect(fills.value.reduce((sum, fill) => sum + fill.quantity, 0)).toBe(10);
    for (const fill of fills.value) {
      expect(fill).toMatchObject({ brokerOrderId: id, side: 'BUY', tradingSymbol: 'INFY' });
      expect(Number.isSafeInteger(fill.price)).toBe(true);
      // Around the ₹1500 the test set.
      expect(fill.price).toBeGreaterThan(1450_00);
      expect(fill.price).toBeLessThan(1550_00);
    }
    const all = await broker.getTrades();
    if (!all.ok) throw new Error(all.error.message);
    expect(all.value.map((fill) => fill.tradeId)).toEqual(
      expect.arrayContaining(fills.value.map((fill) => fill.tradeId)),
    );

    const positions = await broker.getPositions();
    if (!positions.ok) throw new Error(positions.error.message);
    const infyPosition = positions.value.find((p) => p.tradingSymbol === 'INFY');
    expect(infyPosition).toMatchObject({ product: 'MIS', quantity: 10, buyQuantity: 10 });
    expect(Number.isSafeInteger(infyPosition?.buyValue)).toBe(true);
  });

  it('answers a refused order with NON_RETRYABLE and Kite’s message', async () => {
    const refused = await broker.placeOrder(
      infy({ clientOrderId: 'kvRest4', tradingSymbol: 'NOSUCHSTOCK' }),
    );
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error).toMatchObject({
      kind: 'NON_RETRYABLE',
      code: 'InputException',
      httpStatus: 400,
    });
    expect(refused.error.message.length).toBeGreaterThan(0);
  });

  it('reads the instrument dump into domain instruments, skipping the trailing blank row', async () => {
    const instruments = await broker.getInstruments();
    if (!instruments.ok) throw new Error(instruments.error.message);
    const infyInstrument = instruments.value.find(
      (i) => i.exchange === 'NSE' && i.tradingSymbol === 'INFY',
    );
    expect(infyInstrument).toMatchObject({
      token: 408_065,
      exchangeToken: 1_594,
      segment: 'NSE',
      type: 'EQ',
      lotSize: 1,
      expiry: null,
      strike: null,
      freezeQuantity: null,
    });
    const option = instruments.value.find((i) => i.type === 'CE');
    expect(option?.expiry).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Number.isSafeInteger(option?.strike)).toBe(true);
    expect(option?.segment).toBe('NFO');
    const index = instruments.value.find((i) => i.type === 'INDEX');
    expect(index).toMatchObject({ segment: 'INDICES', lotSize: 1 });
  });

  it('cancels every working order and reports each', async () => {
    const a = await broker.placeOrder(infy({ clientOrderId: 'kvAll1' }));
    const b = await broker.placeOrder(
      infy({ clientOrderId: 'kvAll2', side: 'SELL', price: paise(1600_00) }),
    );
    if (!a.ok || !b.ok) throw new Error('placing failed');
    const result = await broker.cancelAllOrders();
    if (!result.ok) throw new Error(result.error.message);
    const ids = result.value.map((entry) => entry.brokerOrderId);
    expect(ids).toEqual(expect.arrayContaining([a.value.brokerOrderId, b.value.brokerOrderId]));
    expect(result.value.filter((entry) => !entry.result.ok)).toEqual([]);
    const orders = await broker.getOrders();
    if (!orders.ok) throw new Error(orders.error.message);
    expect(orders.value.filter((o) => o.status === 'OPEN')).toEqual([]);
  });

  it('keeps 25 order requests within Kite’s 10/s: none earns a 429', async () => {
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        broker.placeOrder(infy({ clientOrderId: `kvBurst${i}`, price: paise(1450_00) })),
      ),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });
});
