import { describe, expect, it } from 'vitest';
import { classifyRejection } from './classify-rejection';

/** Kite's own texts, as its docs, staff and users report them (see the simulator's table). */
describe('classifyRejection', () => {
  it.each([
    [
      'Insufficient funds. Required margin is 95417.84 but available margin is 74251.80. Check the orderbook for open orders.',
      'RMS:Margin Exceeds,Required:95417.84, Available:74251.80 for entity account-XXXXX across exchange across segment across product ',
      'MARGIN',
      'ALERT_NO_RETRY',
    ],
    [
      'Your order price is higher than the current upper circuit limit of 123.4. You can place an order within the range or use GTT for long-standing orders.',
      null,
      'PRICE',
      'RETRY_FRESH_PRICE',
    ],
    [
      'Price exceeds circuit limits for the instrument. Place an order within the daily range.',
      null,
      'PRICE',
      'RETRY_FRESH_PRICE',
    ],
    [
      '16316 : The trigger price is not a multiple of tick size',
      null,
      'PRICE',
      'RETRY_FRESH_PRICE',
    ],
    [
      'The order was cancelled by the exchange because the price is outside the current allowed limit price protection range.',
      null,
      'PRICE',
      'RETRY_FRESH_PRICE',
    ],
    [
      'Trigger price for stoploss sell orders should be lower than the last traded price',
      null,
      'PRICE',
      'RETRY_FRESH_PRICE',
    ],
    [
      'Markets are closed right now. Use GTT for placing long standing orders instead.',
      null,
      'MARKET_TIMING',
      'QUEUE_NEXT_SESSION',
    ],
    [
      'The order quantity 1000 (40 lots) is higher than the maximum quantity of 900 (36 lots) allowed by the exchanges. Please reduce the order quantity or use iceberg orders.',
      null,
      'QUANTITY',
      'ALERT_NO_RETRY',
    ],
    [
      'RMS:Blocked for  EQ  nse_cm  BO Remarks: Due to expected volatility, BO and CO will remain blocked.  block type: ALL',
      null,
      'BLOCKED',
      'ALERT_NO_RETRY',
    ],
    ['Something nobody has seen before', null, 'UNKNOWN', 'ALERT_FAILED'],
  ])('%s → %s', (message, raw, reason, action) => {
    expect(classifyRejection(message, raw)).toMatchObject({ reason, action });
  });

  it('allows at most two fresh-price retries, and none for anything else', () => {
    expect(classifyRejection('Price exceeds circuit limits for the instrument.').maxRetries).toBe(
      2,
    );
    expect(classifyRejection('Insufficient funds.').maxRetries).toBe(0);
  });

  it('trusts the raw prefix over the text for people, and knows nothing from nothing', () => {
    expect(
      classifyRejection('Your order could not be placed.', 'RMS:Margin Exceeds,Required:1').reason,
    ).toBe('MARGIN');
    expect(classifyRejection(null, null).reason).toBe('UNKNOWN');
    expect(classifyRejection('', '').reason).toBe('UNKNOWN');
  });
});
