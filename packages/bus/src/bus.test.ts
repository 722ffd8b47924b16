import type { OrderStatus } from '@kavach/domain';
import { pino } from 'pino';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { makeOrder, makeSignal, makeTick } from '../test/fixtures';
import type { BusLogger } from './bus';
import type { TickChannel } from './channels';
import { tickChannel } from './channels';
import { BusValidationError } from './errors';
import { createLocalBus } from './local-bus';
import type { PayloadOf } from './payloads';
import type { SignalMessage } from './schemas/signal-message';
import type { TickMessage } from './schemas/tick-message';

describe('Bus types', () => {
  it('check each payload against its channel at compile time', async () => {
    const bus = createLocalBus();
    expectTypeOf<PayloadOf<'signals'>>().toEqualTypeOf<SignalMessage>();
    expectTypeOf<PayloadOf<TickChannel>>().toEqualTypeOf<TickMessage>();
    await bus.publish(tickChannel(makeTick().token), makeTick());
    // @ts-expect-error an order on the signals channel
    await expect(bus.publish('signals', makeOrder())).rejects.toBeInstanceOf(BusValidationError);
    // @ts-expect-error not a channel
    await expect(bus.publish('signal', makeSignal())).rejects.toBeInstanceOf(BusValidationError);
    await bus.subscribe('orders', (order, channel) => {
      expectTypeOf(order.status).toEqualTypeOf<OrderStatus>();
      expectTypeOf(channel).toEqualTypeOf<'orders'>();
    });
    await bus.close();
  });

  it('take a pino logger as it is', () => {
    const logger: BusLogger = pino({ level: 'silent' });
    expect(() => createLocalBus({ logger })).not.toThrow();
  });
});
