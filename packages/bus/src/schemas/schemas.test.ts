import { ORDER_STATUSES } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import {
  LTP_TICK,
  makeDecision,
  makeEvent,
  makeOrder,
  makeRisk,
  makeSignal,
  makeTick,
} from '../../test/fixtures';
import { decisionMessageSchema } from './decision-message';
import { eventMessageSchema } from './event-message';
import { orderMessageSchema } from './order-message';
import { riskMessageSchema } from './risk-message';
import { signalMessageSchema } from './signal-message';
import { tickMessageSchema } from './tick-message';

const accepts = (schema: { safeParse(value: unknown): { success: boolean } }, value: unknown) =>
  schema.safeParse(value).success;

describe('tick messages', () => {
  it('accept a full tick and an ltp tick whose other fields are null', () => {
    expect(accepts(tickMessageSchema, makeTick())).toBe(true);
    expect(accepts(tickMessageSchema, LTP_TICK)).toBe(true);
  });

  it.each([
    ['a negative price', { lastPrice: -5 }],
    ['rupees instead of paise', { lastPrice: 1512.35 }],
    ['a token beyond 32 bits', { token: 2 ** 32 }],
    ['an unknown mode', { mode: 'depth' }],
    ['a time in seconds with a fraction', { at: 1_763_616_600.5 }],
    ['a missing field as undefined', { bestBid: undefined }],
  ])('refuse %s', (_case, change) => {
    expect(accepts(tickMessageSchema, { ...makeTick(), ...change })).toBe(false);
  });
});

describe('signal messages', () => {
  it('accept a ranked signal and an unranked one without targets', () => {
    expect(accepts(signalMessageSchema, makeSignal())).toBe(true);
    expect(accepts(signalMessageSchema, makeSignal({ rank: null, tp1: null, tp2: null }))).toBe(
      true,
    );
  });

  it.each([
    ['a score below 0', { score: -0.1 }],
    ['rank 0', { rank: 0 }],
    ['a feature that is not a number', { features: { rsi: '70' } }],
    ['an unknown exchange', { exchange: 'MCX' }],
    ['a config SHA that is not hex SHA-256', { configSha: 'abc' }],
    ['an empty id', { id: '' }],
  ])('refuse %s', (_case, change) => {
    expect(accepts(signalMessageSchema, { ...makeSignal(), ...change })).toBe(false);
  });
});

describe('decision messages', () => {
  it('accept an approval and a rejection with its reason', () => {
    expect(accepts(decisionMessageSchema, makeDecision())).toBe(true);
    const rejection = makeDecision({
      approved: false,
      reason: 'ZERO_LOTS',
      detail: 'heat room ₹500.00 is below one lot',
      quantity: 0,
      lots: 0,
    });
    expect(accepts(decisionMessageSchema, rejection)).toBe(true);
  });

  it('refuse a rejection that does not say why', () => {
    const result = decisionMessageSchema.safeParse(makeDecision({ approved: false }));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['reason']);
  });
});

describe('order messages', () => {
  it('accept every domain order status', () => {
    for (const status of ORDER_STATUSES) {
      expect(accepts(orderMessageSchema, makeOrder({ status }))).toBe(true);
    }
  });

  it('accept an over-fill: the views must be able to show one', () => {
    expect(accepts(orderMessageSchema, makeOrder({ quantity: 80, filledQuantity: 90 }))).toBe(true);
  });

  it.each([
    ['an unknown role', { role: 'TP3' }],
    ['an unknown order type', { orderType: 'STOP' }],
    ['a fractional quantity', { quantity: 1.5 }],
  ])('refuse %s', (_case, change) => {
    expect(accepts(orderMessageSchema, { ...makeOrder(), ...change })).toBe(false);
  });

  it('drop keys they do not know, so a newer publisher does not break an older view', () => {
    const parsed = orderMessageSchema.parse({ ...makeOrder(), exchangeOrderId: '1100000012345' });
    expect(parsed).toEqual(makeOrder());
  });
});

describe('risk messages', () => {
  it('accept an event tied to nothing in particular', () => {
    const risk = makeRisk({ token: null, clientOrderId: null, groupId: null, correlationId: null });
    expect(accepts(riskMessageSchema, risk)).toBe(true);
  });

  it('refuse an unknown severity', () => {
    expect(accepts(riskMessageSchema, { ...makeRisk(), severity: 'FATAL' })).toBe(false);
  });
});

describe('event messages', () => {
  it('accept types the bus does not know yet, with any JSON data', () => {
    const event = makeEvent({ type: 'newThing', data: { list: [1, 'a', null, { deep: true }] } });
    expect(accepts(eventMessageSchema, event)).toBe(true);
  });

  it.each([
    ['a type with spaces', { type: 'trading state' }],
    ['an empty type', { type: '' }],
    ['data that is not an object', { data: [1, 2] }],
    ['undefined inside data', { data: { a: undefined } }],
    ['a number JSON cannot hold', { data: { a: Number.POSITIVE_INFINITY } }],
  ])('refuse %s', (_case, change) => {
    expect(accepts(eventMessageSchema, { ...makeEvent(), ...change })).toBe(false);
  });
});
