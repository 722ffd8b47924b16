import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeAlertIssues } from './alert-issues';
import { tradingViewAlertBody, tradingViewAlertFields } from './tradingview-alert';

const BUY = {
  symbol: 'RELIANCE',
  action: 'BUY',
  price: '2500.55',
  stop: 2480,
  targets: ['2540', '2580.5'],
};

function problemOf(body: Record<string, unknown>) {
  const parsed = tradingViewAlertFields.safeParse(body);
  if (parsed.success) throw new Error(`expected ${JSON.stringify(body)} to be refused`);
  return describeAlertIssues(parsed.error);
}

describe('tradingViewAlertFields', () => {
  it('reads a BUY into paise with the NSE default and config sizing', () => {
    expect(tradingViewAlertFields.parse(BUY)).toEqual({
      symbol: 'RELIANCE',
      exchange: 'NSE',
      action: 'BUY',
      price: 250_055,
      stop: 248_000,
      targets: [254_000, 258_050],
      sizing: { kind: 'config' },
    });
  });

  it('reads a SELL of an option with a key, a quantity, one target and a comment', () => {
    expect(
      tradingViewAlertFields.parse({
        idempotency_key: ' NIFTY-2026-11-23T09:30:00Z ',
        symbol: 'nifty26nov24500ce',
        exchange: 'NFO',
        action: 'sell',
        price: 120.5,
        stop: '130',
        targets: [100],
        quantity: '75',
        comment: 'orb short',
      }),
    ).toEqual({
      idempotencyKey: 'NIFTY-2026-11-23T09:30:00Z',
      symbol: 'NIFTY26NOV24500CE',
      exchange: 'NFO',
      action: 'SELL',
      price: 12_050,
      stop: 13_000,
      targets: [10_000],
      sizing: { kind: 'quantity', quantity: 75 },
      comment: 'orb short',
    });
  });

  it('sizes by a risk amount in paise', () => {
    expect(tradingViewAlertFields.parse({ ...BUY, risk_amount: '1500.25' })).toMatchObject({
      sizing: { kind: 'risk', riskAmount: 150_025 },
    });
  });

  it('reads an EXIT, which needs no prices', () => {
    expect(tradingViewAlertFields.parse({ symbol: 'INFY', action: 'EXIT' })).toEqual({
      symbol: 'INFY',
      exchange: 'NSE',
      action: 'EXIT',
    });
    expect(
      tradingViewAlertFields.parse({ symbol: 'INFY', action: 'EXIT', price: '1500' }),
    ).toMatchObject({ price: 150_000 });
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['an unknown field', { ...BUY, stopp: 2480 }, 'stopp', /not a field of the alert/],
    ['a missing symbol', { ...BUY, symbol: undefined }, 'symbol', /is required/],
    ['an exchange prefix', { ...BUY, symbol: 'NSE:RELIANCE' }, 'symbol', /Kite trading symbol/],
    ['an unknown exchange', { ...BUY, exchange: 'MCX' }, 'exchange', /NSE, NFO, BSE, BFO/],
    ['a missing action', { ...BUY, action: undefined }, 'action', /BUY, SELL or EXIT/],
    ['an unknown action', { ...BUY, action: 'SHORT' }, 'action', /BUY, SELL or EXIT/],
    ['a missing price', { ...BUY, price: undefined }, 'price', /required for BUY and SELL/],
    ['a zero price', { ...BUY, price: '0' }, 'price', /greater than 0/],
    ['an unfilled placeholder', { ...BUY, price: '{{close}}' }, 'price', /placeholder/],
    ['a price in three decimals', { ...BUY, price: 2500.555 }, 'price', /2 decimals/],
    ['a price of the wrong type', { ...BUY, price: true }, 'price', /rupee amount/],
    ['a missing stop', { ...BUY, stop: undefined }, 'stop', /required for BUY and SELL/],
    ['a negative stop', { ...BUY, stop: '-1' }, 'stop', /greater than 0/],
    ['a BUY stop above the price', { ...BUY, stop: 2510 }, 'stop', /below the price/],
    ['a BUY stop at the price', { ...BUY, stop: '2500.55' }, 'stop', /below the price/],
    ['missing targets', { ...BUY, targets: undefined }, 'targets', /required for BUY and SELL/],
    ['no targets', { ...BUY, targets: [] }, 'targets', /1 or 2 prices/],
    ['three targets', { ...BUY, targets: [2540, 2560, 2580] }, 'targets', /1 or 2 prices/],
    ['a target that is not a price', { ...BUY, targets: [2540, 'x'] }, 'targets', /rupee/],
    ['a target that is a number', { ...BUY, targets: 2540 }, 'targets', /array/],
    ['a BUY target below the price', { ...BUY, targets: [2490] }, 'targets', /TP1 must be above/],
    ['TP2 before TP1', { ...BUY, targets: [2580, 2540] }, 'targets', /TP2 must be above TP1/],
    ['a fractional quantity', { ...BUY, quantity: 1.5 }, 'quantity', /positive whole number/],
    ['a zero quantity', { ...BUY, quantity: '0' }, 'quantity', /positive whole number/],
    ['a zero risk amount', { ...BUY, risk_amount: 0 }, 'risk_amount', /greater than 0/],
    ['quantity and risk amount', { ...BUY, quantity: 5, risk_amount: 500 }, 'risk_amount', /one/],
    ['an empty key', { ...BUY, idempotency_key: ' ' }, 'idempotency_key', /empty/],
    ['a long key', { ...BUY, idempotency_key: 'k'.repeat(129) }, 'idempotency_key', /128/],
    ['a long comment', { ...BUY, comment: 'c'.repeat(501) }, 'comment', /500/],
    ['a stop on an EXIT', { symbol: 'INFY', action: 'EXIT', stop: 1 }, 'stop', /not used by EXIT/],
  ])('names the field of %s', (_label, body, field, message) => {
    const problem = problemOf(body);
    expect(problem.field).toBe(field);
    expect(problem.message.startsWith(field)).toBe(true);
    expect(problem.message).toMatch(message);
    expect(problem.issues[0]?.path.split('.')[0]).toBe(field);
  });

  it('checks a SELL the other way round', () => {
    const sell = { ...BUY, action: 'SELL', stop: 2480, targets: [2540] };
    const problem = problemOf(sell);
    expect(problem.issues).toEqual([
      { path: 'stop', message: 'must be above the price for a SELL' },
      { path: 'targets', message: 'TP1 must be below the price for a SELL' },
    ]);
    expect(problem.message).toBe('stop: must be above the price for a SELL (and 1 more)');
  });

  it('points at the bad target inside the array', () => {
    expect(problemOf({ ...BUY, targets: [2540, '2580.123'] }).issues[0]?.path).toBe('targets.1');
  });

  it('refuses the secret: the handler takes it out first', () => {
    expect(problemOf({ ...BUY, secret: 's' }).field).toBe('secret');
  });
});

describe('tradingViewAlertBody', () => {
  it('requires the secret and leaves it out of the alert', () => {
    const alert = tradingViewAlertBody.parse({ ...BUY, secret: 'hunter2-hunter2' });
    expect(alert).not.toHaveProperty('secret');
    expect(alert).toEqual(tradingViewAlertFields.parse(BUY));
    const missing = tradingViewAlertBody.safeParse(BUY);
    expect(missing.success ? null : describeAlertIssues(missing.error).field).toBe('secret');
  });

  it('documents itself as JSON Schema for OpenAPI', () => {
    const schema = z.toJSONSchema(tradingViewAlertBody, { io: 'input', unrepresentable: 'any' });
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: expect.arrayContaining(['secret', 'symbol', 'action']) as unknown,
      properties: {
        exchange: { default: 'NSE' },
        price: { type: ['number', 'string'] },
      },
    });
  });
});
