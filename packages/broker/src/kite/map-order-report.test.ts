import { parseIstTimestamp } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { kiteOrder } from './kite-payloads.fixtures';
import { toBrokerOrderReport } from './map-order-report';

describe('toBrokerOrderReport', () => {
  it('translates a resting order: paise, our tag, the newest timestamp', () => {
    expect(toBrokerOrderReport(kiteOrder())).toEqual({
      ok: true,
      value: {
        brokerOrderId: '260123000000042',
        clientOrderId: 'kvA1',
        exchangeOrderId: '1100000000012345',
        exchange: 'NSE',
        tradingSymbol: 'INFY',
        instrumentToken: 408065,
        side: 'BUY',
        orderType: 'LIMIT',
        product: 'MIS',
        status: 'OPEN',
        venueStatus: 'OPEN',
        quantity: 10,
        filledQuantity: 0,
        averagePrice: null,
        price: 157370,
        triggerPrice: null,
        statusMessage: null,
        statusMessageRaw: null,
        updatedAt: parseIstTimestamp('2026-01-23 10:15:03'),
      },
    });
  });

  it('names a partly filled OPEN order PARTIALLY_FILLED and rounds its average to the paisa', () => {
    const mapped = toBrokerOrderReport(
      kiteOrder({ filled_quantity: 3, pending_quantity: 7, average_price: 1573.7033333 }),
    );
    expect(mapped).toMatchObject({
      ok: true,
      value: { status: 'PARTIALLY_FILLED', averagePrice: 157370, filledQuantity: 3 },
    });
  });

  it('keeps Kite’s pushed status as the venue status ("UPDATE" for a fill)', () => {
    expect(
      toBrokerOrderReport(
        kiteOrder({ status: 'UPDATE', filled_quantity: 10, average_price: 1573.7 }),
      ),
    ).toMatchObject({ ok: true, value: { status: 'FILLED', venueStatus: 'UPDATE' } });
  });

  it('reads a stop order’s trigger price and a rejection’s messages', () => {
    const mapped = toBrokerOrderReport(
      kiteOrder({
        order_type: 'SL-M',
        price: 0,
        trigger_price: 1560.05,
        status: 'REJECTED',
        exchange_order_id: null,
        status_message: 'Insufficient funds.',
        status_message_raw: 'RMS:Margin Exceeds,Required:95417.84, Available:74251.80',
      }),
    );
    expect(mapped).toMatchObject({
      ok: true,
      value: {
        status: 'REJECTED',
        orderType: 'SL-M',
        price: null,
        triggerPrice: 156005,
        exchangeOrderId: null,
        statusMessageRaw: 'RMS:Margin Exceeds,Required:95417.84, Available:74251.80',
      },
    });
  });

  it('reads the Dates the client made of the timestamps (host zone) as IST', () => {
    const mapped = toBrokerOrderReport(
      kiteOrder({
        order_timestamp: new Date('2026-01-23 10:15:02'),
        exchange_timestamp: new Date('2026-01-23 10:15:02'),
        exchange_update_timestamp: null,
      }),
    );
    expect(mapped).toMatchObject({
      ok: true,
      value: { updatedAt: parseIstTimestamp('2026-01-23 10:15:02') },
    });
  });

  it('treats an empty or missing tag as an order placed elsewhere', () => {
    expect(toBrokerOrderReport(kiteOrder({ tag: null }))).toMatchObject({
      value: { clientOrderId: null },
    });
    expect(toBrokerOrderReport(kiteOrder({ tag: '' }))).toMatchObject({
      value: { clientOrderId: null },
    });
  });

  it('refuses an undocumented status rather than guess', () => {
    expect(toBrokerOrderReport(kiteOrder({ status: 'HALF DONE' }))).toEqual({
      ok: false,
      message: 'order 260123000000042: unknown Kite order status "HALF DONE"',
    });
  });

  it.each([
    ['a missing order id', { order_id: undefined }, 'order_id'],
    ['an unknown product', { product: 'BO' }, 'product'],
    ['a fractional quantity', { quantity: 2.5 }, 'quantity'],
    [
      'no timestamp at all',
      { order_timestamp: null, exchange_timestamp: null, exchange_update_timestamp: null },
      'order_timestamp',
    ],
    ['a price that is not a number', { price: '1500' }, 'price'],
  ])('refuses %s', (_what, overrides, field) => {
    const mapped = toBrokerOrderReport(kiteOrder(overrides));
    expect(mapped.ok).toBe(false);
    if (!mapped.ok) expect(mapped.message).toContain(field);
  });

  it('refuses what is not an order at all', () => {
    expect(toBrokerOrderReport('OPEN').ok).toBe(false);
    expect(toBrokerOrderReport([kiteOrder()]).ok).toBe(false);
  });
});
