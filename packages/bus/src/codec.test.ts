import { paise } from '@kavach/domain';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { tickChannel } from './channels';
import { decodeMessage, encodeMessage, validatePayload } from './codec';
import { BusValidationError } from './errors';
import type { OrderMessage } from './schemas/order-message';
import { makeOrder, makeTick } from '../test/fixtures';
import { orderMessageArbitrary, tickMessageArbitrary } from '../test/arbitraries';

describe('encodeMessage / decodeMessage', () => {
  it('round-trips any valid order message', () => {
    fc.assert(
      fc.property(orderMessageArbitrary, (order) => {
        const decoded = decodeMessage('orders', encodeMessage('orders', order));
        expect(decoded).toEqual({ ok: true, payload: order });
      }),
    );
  });

  it('round-trips any valid tick on its own channel', () => {
    fc.assert(
      fc.property(tickMessageArbitrary, (tick) => {
        const channel = tickChannel(tick.token);
        expect(decodeMessage(channel, encodeMessage(channel, tick))).toEqual({
          ok: true,
          payload: tick,
        });
      }),
    );
  });

  it('writes money as plain JSON integers', () => {
    const raw = encodeMessage('orders', makeOrder({ price: paise(1_512_35) }));
    expect(JSON.parse(raw)).toMatchObject({ price: 151_235 });
  });

  it('never throws on whatever arrives from the wire', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (raw) => {
        const decoded = decodeMessage('signals', raw);
        expect(decoded.ok).toBe(false);
      }),
    );
  });

  it('explains what was wrong with a dropped message', () => {
    const decoded = decodeMessage('orders', JSON.stringify({ ...makeOrder(), status: 'DONE' }));
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.reason).toContain('status');
  });

  it('refuses a tick published on another instrument’s channel, both ways', () => {
    const other = tickChannel(makeTick().token + 1);
    expect(() => encodeMessage(other, makeTick())).toThrow(BusValidationError);
    expect(decodeMessage(other, JSON.stringify(makeTick()))).toMatchObject({ ok: false });
  });

  it('types payloads by channel', () => {
    expectTypeOf(validatePayload('orders', makeOrder())).toEqualTypeOf<OrderMessage>();
    // @ts-expect-error an order is not a tick
    expect(() => encodeMessage(tickChannel(1), makeOrder())).toThrow(BusValidationError);
  });
});
