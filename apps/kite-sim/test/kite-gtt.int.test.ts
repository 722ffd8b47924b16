import { KiteConnect } from 'kiteconnect';
import type { Connect } from 'kiteconnect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_INSTRUMENTS, makeQuote } from './fake-market';
import {
  GTT_CONDITION_KEYS,
  GTT_KEYS,
  GTT_ORDER_KEYS,
  GTT_ORDER_RESULT_KEYS,
  GTT_RESULT_KEYS,
  keysOf,
} from './fixtures/sample-keys';
import { mintAccessToken, startKiteSim, TEST_API_KEY } from './start-kite-sim';
import type { RunningSim } from './start-kite-sim';

let running: RunningSim;
let kc: Connect;

beforeAll(async () => {
  running = await startKiteSim({ exchange: true });
  kc = new KiteConnect({
    api_key: TEST_API_KEY,
    root: running.root,
    access_token: await mintAccessToken(running.root),
  });
});
afterAll(async () => {
  await running.stop();
});

const sellLeg = (price: number) => ({
  transaction_type: 'SELL' as const,
  quantity: 1,
  product: 'CNC' as const,
  order_type: 'LIMIT' as const,
  price,
});

describe('GTT triggers with the official client', () => {
  it('creates, reads, modifies and deletes a single trigger in the sample’s shape', async () => {
    const { trigger_id: id } = await kc.placeGTT({
      trigger_type: 'single',
      tradingsymbol: 'INFY',
      exchange: 'NSE',
      trigger_values: [1500],
      last_price: 1573.7,
      orders: [{ ...sellLeg(1499), transaction_type: 'BUY' }],
    });
    const gtt = await kc.getGTT(id);
    expect(keysOf(gtt)).toEqual(GTT_KEYS);
    expect(keysOf(gtt.condition)).toEqual(GTT_CONDITION_KEYS);
    expect(keysOf(gtt.orders[0])).toEqual(GTT_ORDER_KEYS);
    expect(gtt).toMatchObject({
      id,
      type: 'single',
      status: 'active',
      condition: { trigger_values: [1500], instrument_token: FAKE_INSTRUMENTS.infy.token },
    });

    await expect(
      kc.modifyGTT(id, {
        trigger_type: 'single',
        tradingsymbol: 'INFY',
        exchange: 'NSE',
        trigger_values: [1490],
        last_price: 1573.7,
        orders: [{ ...sellLeg(1489), transaction_type: 'BUY' }],
      }),
    ).resolves.toEqual({ trigger_id: id });
    expect((await kc.getGTT(id)).condition.trigger_values).toEqual([1490]);
    expect((await kc.getGTTs()).map((g) => g.id)).toContain(id);

    await expect(kc.deleteGTT(id)).resolves.toEqual({ trigger_id: id });
    expect((await kc.getGTTs()).map((g) => g.id)).not.toContain(id);
  });

  it('fires the upper leg of a two-leg trigger into the exchange when the price crosses it', async () => {
    const { trigger_id: id } = await kc.placeGTT({
      trigger_type: 'two-leg',
      tradingsymbol: 'INFY',
      exchange: 'NSE',
      trigger_values: [1500, 1580],
      last_price: 1573.7,
      orders: [sellLeg(1499), sellLeg(1579)],
    });
    running.clock.advance(1_000);
    running.moveMarket(makeQuote(FAKE_INSTRUMENTS.infy, 158_200, running.clock.now()));

    const gtt = await kc.getGTT(id);
    expect(gtt.status).toBe('triggered');
    expect(gtt.orders[0]?.result).toBeNull();
    const result = gtt.orders[1]?.result;
    expect(keysOf(result)).toEqual(GTT_RESULT_KEYS);
    expect(keysOf(result?.order_result)).toEqual(GTT_ORDER_RESULT_KEYS);
    expect(result).toMatchObject({
      triggered_at: 1582,
      price: 1579,
      order_result: { status: 'success' },
    });
    const orderId = result!.order_result.order_id;
    const order = (await kc.getOrderHistory(orderId)).at(-1);
    expect(order).toMatchObject({ tradingsymbol: 'INFY', transaction_type: 'SELL', price: 1579 });
  });

  it('refuses a malformed trigger', async () => {
    await expect(
      kc.placeGTT({
        trigger_type: 'two-leg',
        tradingsymbol: 'INFY',
        exchange: 'NSE',
        trigger_values: [1600, 1500],
        last_price: 1573.7,
        orders: [sellLeg(1499), sellLeg(1579)],
      }),
    ).rejects.toMatchObject({ error_type: 'InputException' });
    await expect(kc.getGTT(424242)).rejects.toMatchObject({ error_type: 'GeneralException' });
  });
});
