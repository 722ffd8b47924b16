import { paise, VirtualClock } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import type { BrokerEvent } from '../broker';
import type { BrokerLogger } from './broker-logger';
import { createKiteBroker } from './create-kite-broker';
import type { KiteBrokerOptions } from './kite-broker-options';
import { kiteOrder } from './kite-payloads.fixtures';
import { computePostbackChecksum } from './postback-checksum';
import type { TickerSocketHandlers } from './ticker-socket';

const silent: BrokerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Nothing listens on the discard port: any REST call that goes out is refused. */
const NOWHERE = 'http://127.0.0.1:9';

function setUp(overrides: Partial<KiteBrokerOptions> = {}) {
  let handlers: TickerSocketHandlers | undefined;
  const broker = createKiteBroker({
    apiKey: 'key',
    apiSecret: 'secret',
    accessToken: 'token',
    root: NOWHERE,
    clock: new VirtualClock(1_769_143_502_000),
    logger: silent,
    pollIntervalMs: 3_600_000,
    createTickerSocket: (h) => {
      handlers = h;
      return {
        connect: () => {
          queueMicrotask(h.onOpen);
        },
        close: () => {
          queueMicrotask(h.onClose);
        },
        subscribe: () => undefined,
        unsubscribe: () => undefined,
        dispose: () => undefined,
      };
    },
    ...overrides,
  });
  const events: BrokerEvent[] = [];
  broker.onEvent((event) => events.push(event));
  const ticker = (): TickerSocketHandlers => {
    if (handlers === undefined) throw new Error('no ticker');
    return handlers;
  };
  return { broker, events, ticker };
}

function signed(payload: Record<string, unknown>): Record<string, unknown> {
  const checksum = computePostbackChecksum(
    String(payload.order_id),
    String(payload.order_timestamp),
    'secret',
  );
  return { ...payload, user_id: 'ZX0001', app_id: 1, unfilled_quantity: 0, checksum };
}

describe('createKiteBroker', () => {
  it('reports ticker updates once, whichever source repeats them', async () => {
    const { broker, events, ticker } = setUp();
    await broker.start();
    const update = kiteOrder({ status: 'UPDATE', filled_quantity: 4, average_price: 1573.65 });
    ticker().onOrderUpdate(update);
    ticker().onOrderUpdate(update);
    expect(broker.receivePostback(JSON.stringify(signed(update)))).toEqual({ ok: true });
    const orders = events.filter((e) => e.type === 'order');
    expect(orders).toEqual([
      {
        type: 'order',
        source: 'TICKER',
        report: expect.objectContaining({
          status: 'PARTIALLY_FILLED',
          venueStatus: 'UPDATE',
          filledQuantity: 4,
          averagePrice: 157365,
        }) as unknown,
      },
    ]);
    await broker.stop();
  });

  it('raises invalidUpdate for an order update it cannot read', async () => {
    const { broker, events, ticker } = setUp();
    await broker.start();
    ticker().onOrderUpdate(kiteOrder({ status: 'PARKED' }));
    expect(events.at(-1)).toEqual({
      type: 'invalidUpdate',
      source: 'TICKER',
      message: 'order 260123000000042: unknown Kite order status "PARKED"',
    });
    await broker.stop();
  });

  it('emits the socket’s ticks as one event per frame, none for a frame without ticks', async () => {
    const { broker, events, ticker } = setUp();
    await broker.start();
    const tick = {
      token: 408065,
      mode: 'ltp',
      lastPrice: paise(1573_70),
      at: 1_769_143_502_000,
      lastQuantity: null,
      averagePrice: null,
      volume: null,
      buyQuantity: null,
      sellQuantity: null,
      open: null,
      high: null,
      low: null,
      close: null,
      bestBid: null,
      bestAsk: null,
    } as const;
    ticker().onTicks([tick], 1);
    ticker().onTicks([], 2);
    expect(events.filter((e) => e.type === 'ticks')).toEqual([{ type: 'ticks', ticks: [tick] }]);
    await broker.stop();
  });

  it('after a refused session, writes fail fast until setAccessToken', async () => {
    const { broker, events, ticker } = setUp();
    const started = broker.start();
    ticker().onError('Unexpected server response: 403');
    ticker().onClose();
    await expect(started).rejects.toThrow('session expired');
    expect(events.filter((e) => e.type === 'sessionExpired')).toHaveLength(1);
    const command = {
      clientOrderId: 'kvU1',
      exchange: 'NSE',
      tradingSymbol: 'INFY',
      side: 'BUY',
      orderType: 'LIMIT',
      product: 'MIS',
      validity: 'DAY',
      quantity: 1,
      price: paise(1500_00),
      triggerPrice: null,
      marketProtection: null,
    } as const;
    // No request went out: the nowhere root would have answered NETWORK.
    expect(await broker.placeOrder(command)).toMatchObject({
      ok: false,
      error: { kind: 'FATAL', code: 'TokenException', httpStatus: null },
    });
    expect(await broker.cancelOrder('1')).toMatchObject({ ok: false, error: { kind: 'FATAL' } });
    broker.setAccessToken('fresh');
    expect(await broker.placeOrder(command)).toMatchObject({
      ok: false,
      error: { kind: 'RETRYABLE', code: 'NETWORK' },
    });
    await broker.stop();
  });

  it('refuses postbacks it cannot trust or read', () => {
    const { broker, events } = setUp();
    expect(broker.receivePostback('{')).toEqual({
      ok: false,
      reason: 'postback body is not a JSON object',
    });
    expect(broker.receivePostback({ ...signed(kiteOrder()), checksum: 'x' })).toEqual({
      ok: false,
      reason: 'postback checksum does not match',
    });
    expect(broker.receivePostback(signed(kiteOrder({ status: 'PARKED' })))).toEqual({
      ok: false,
      reason: 'order 260123000000042: unknown Kite order status "PARKED"',
    });
    expect(events.map((e) => e.type)).toEqual(['invalidUpdate', 'invalidUpdate', 'invalidUpdate']);
  });

  it('refuses settings Kite would refuse', () => {
    expect(() => setUp({ defaultMarketProtection: 0 })).toThrow(RangeError);
    expect(() => setUp({ apiKey: '' })).toThrow(RangeError);
    expect(() => setUp({ pollIntervalMs: 0 })).toThrow(RangeError);
    expect(() => setUp({ defaultMarketProtection: -1 })).not.toThrow();
  });
});
