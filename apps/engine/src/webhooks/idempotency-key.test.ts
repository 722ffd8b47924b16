import { describe, expect, it } from 'vitest';
import { canonicalizeAlert, deriveIdempotencyKey } from './idempotency-key';
import { tradingViewAlertFields } from './tradingview-alert';

const BUY = {
  symbol: 'RELIANCE',
  action: 'BUY',
  price: '2500.55',
  stop: 2480,
  targets: ['2540', '2580.5'],
  risk_amount: 1000,
};

const keyOf = (body: Record<string, unknown>) =>
  deriveIdempotencyKey(tradingViewAlertFields.parse(body));

describe('deriveIdempotencyKey', () => {
  it('is sha256: and 64 hex digits, within the 128 of the column', () => {
    expect(keyOf(BUY)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('is the same for the same alert however it is spelt', () => {
    const respelt = {
      targets: [2540, '2580.50'],
      stop: '2480.00',
      price: 2500.55,
      action: 'buy',
      exchange: 'NSE',
      symbol: ' reliance ',
      risk_amount: '1000',
    };
    expect(keyOf(respelt)).toBe(keyOf(BUY));
  });

  it('leaves out a given key: the key is what it replaces', () => {
    const alert = tradingViewAlertFields.parse({ ...BUY, idempotency_key: 'abc' });
    expect(deriveIdempotencyKey(alert)).toBe(keyOf(BUY));
  });

  it.each<[string, Record<string, unknown>]>([
    ['symbol', { symbol: 'INFY' }],
    ['exchange', { exchange: 'BSE' }],
    ['side', { action: 'SELL', stop: 2600, targets: [2400] }],
    ['price', { price: '2500.60' }],
    ['stop', { stop: 2480.05 }],
    ['targets', { targets: [2540] }],
    ['sizing', { risk_amount: 1000.01 }],
    ['sizing kind', { risk_amount: undefined, quantity: 1000 }],
    ['comment', { comment: 'x' }],
  ])('changes with the %s', (_label, change) => {
    expect(keyOf({ ...BUY, ...change })).not.toBe(keyOf(BUY));
  });

  it('hashes a canonical JSON with sorted keys and paise', () => {
    expect(
      canonicalizeAlert(tradingViewAlertFields.parse({ symbol: 'INFY', action: 'EXIT' })),
    ).toBe('{"action":"EXIT","exchange":"NSE","symbol":"INFY"}');
    expect(canonicalizeAlert(tradingViewAlertFields.parse(BUY))).toBe(
      '{"action":"BUY","exchange":"NSE","price":250055,"sizing":{"kind":"risk","riskAmount":100000},' +
        '"stop":248000,"symbol":"RELIANCE","targets":[254000,258050]}',
    );
  });
});
