import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bus, BusChannel, BusLogger, PayloadOf, TickMessage, Unsubscribe } from '../src';
import { BusClosedError, BusValidationError, CHANNELS, tickChannel } from '../src';
import type { CaptureLogger } from './capture-logger';
import { createCaptureLogger } from './capture-logger';
import {
  INFY_TOKEN,
  LTP_TICK,
  makeDecision,
  makeEvent,
  makeOrder,
  makeRisk,
  makeSignal,
  makeTick,
  NIFTY_CE_TOKEN,
} from './fixtures';

/** Buses on one transport, as separate processes on one Redis would be. */
export interface BusUnderTest {
  readonly bus: Bus;
  /** Another bus on the same transport, with the same logger. */
  readonly makePeer: () => Promise<Bus>;
  /** Puts a string on the transport without any validation (a foreign or broken publisher). */
  readonly publishRaw: (channel: string, raw: string) => Promise<void>;
  /** Closes every bus made and whatever else the harness opened. */
  readonly closeAll: () => Promise<void>;
}

export type MakeBus = (logger: BusLogger) => Promise<BusUnderTest>;

const WAIT = { timeout: 10_000, interval: 5 };

interface Received<C extends BusChannel> {
  readonly payloads: PayloadOf<C>[];
  readonly channels: C[];
  readonly handler: (payload: PayloadOf<C>, channel: C) => void;
}

function collect<C extends BusChannel>(): Received<C> {
  const payloads: PayloadOf<C>[] = [];
  const channels: C[] = [];
  return {
    payloads,
    channels,
    handler: (payload, channel) => {
      payloads.push(payload);
      channels.push(channel);
    },
  };
}

/** Every channel with one valid payload. */
const SAMPLES: readonly [BusChannel, PayloadOf<BusChannel>][] = [
  [CHANNELS.signals, makeSignal()],
  [CHANNELS.decisions, makeDecision({ approved: false, reason: 'PORTFOLIO_HEAT', quantity: 0 })],
  [CHANNELS.orders, makeOrder()],
  [CHANNELS.risk, makeRisk()],
  [CHANNELS.events, makeEvent()],
  [tickChannel(INFY_TOKEN), makeTick()],
  [tickChannel(NIFTY_CE_TOKEN), LTP_TICK],
];

/** Per channel, payloads its schema must refuse (cast: the type system would refuse them too). */
const INVALID: readonly [string, BusChannel, unknown][] = [
  ['fractional paise', CHANNELS.signals, makeSignal({ entry: 1512.35 as never })],
  ['bigint paise', CHANNELS.signals, { ...makeSignal(), stop: 150_000n }],
  ['score above 1', CHANNELS.signals, makeSignal({ score: 1.5 })],
  ['rejection without a reason', CHANNELS.decisions, makeDecision({ approved: false })],
  ['negative heat', CHANNELS.decisions, makeDecision({ heatAfter: -1 as never })],
  ['unknown order status', CHANNELS.orders, makeOrder({ status: 'DONE' as never })],
  ['missing field', CHANNELS.orders, { ...makeOrder(), role: undefined }],
  ['unknown severity', CHANNELS.risk, makeRisk({ severity: 'LOW' as never })],
  ['non-JSON data', CHANNELS.events, makeEvent({ data: { at: new Date(0) as never } })],
  ['NaN price', tickChannel(INFY_TOKEN), makeTick({ lastPrice: Number.NaN as never })],
  ['tick of another instrument', tickChannel(NIFTY_CE_TOKEN), makeTick()],
];

export function describeBusContract(name: string, makeBus: MakeBus): void {
  describe(`${name} (Bus contract)`, () => {
    let logger: CaptureLogger;
    let harness: BusUnderTest;
    let bus: Bus;

    beforeEach(async () => {
      logger = createCaptureLogger();
      harness = await makeBus(logger);
      bus = harness.bus;
    });

    afterEach(async () => {
      await harness.closeAll();
    });

    /**
     * Publishes a marker from `bus` and waits until `subscriber` has it: one publishing and one
     * subscribing connection keep their order, so everything published before has arrived.
     */
    async function settle(subscriber: Bus, via: 'events' | 'risk' = 'events'): Promise<void> {
      const id = `settle-${Math.random()}`;
      const seen: string[] = [];
      const stop =
        via === 'events'
          ? await subscriber.subscribe(CHANNELS.events, (event) => seen.push(event.message))
          : await subscriber.subscribe(CHANNELS.risk, (risk) => seen.push(risk.id));
      if (via === 'events') await bus.publish(CHANNELS.events, makeEvent({ message: id }));
      else await bus.publish(CHANNELS.risk, makeRisk({ id }));
      await vi.waitFor(() => {
        expect(seen).toContain(id);
      }, WAIT);
      await stop();
    }

    it('delivers every channel’s payload intact to a subscriber on another bus', async () => {
      const peer = await harness.makePeer();
      const received = collect<BusChannel>();
      for (const [channel] of SAMPLES) await peer.subscribe(channel, received.handler);
      for (const [channel, payload] of SAMPLES) await bus.publish(channel, payload);
      await vi.waitFor(() => {
        expect(received.payloads).toHaveLength(SAMPLES.length);
      }, WAIT);
      expect(received.channels).toEqual(SAMPLES.map(([channel]) => channel));
      expect(received.payloads).toEqual(SAMPLES.map(([, payload]) => payload));
      // Money stays integer paise as a plain number on the way through.
      const signal = received.payloads[0] as PayloadOf<'signals'>;
      expect(typeof signal.entry).toBe('number');
      expect(Number.isInteger(signal.entry)).toBe(true);
    });

    it('delivers to subscribers on the publishing bus too, as a copy without unknown keys', async () => {
      const received = collect<'orders'>();
      await bus.subscribe(CHANNELS.orders, received.handler);
      const order = { ...makeOrder(), internalNote: 'not for the wire' };
      await bus.publish(CHANNELS.orders, order);
      await vi.waitFor(() => {
        expect(received.payloads).toHaveLength(1);
      }, WAIT);
      expect(received.payloads[0]).toEqual(makeOrder());
      expect(received.payloads[0]).not.toBe(order);
    });

    it('never calls a handler inside publish()', async () => {
      let publishing = false;
      const calledWhilePublishing: boolean[] = [];
      await bus.subscribe(CHANNELS.risk, () => calledWhilePublishing.push(publishing));
      publishing = true;
      const sent = bus.publish(CHANNELS.risk, makeRisk());
      publishing = false;
      await sent;
      await vi.waitFor(() => {
        expect(calledWhilePublishing).toEqual([false]);
      }, WAIT);
    });

    it.each(INVALID)(
      'refuses to publish an invalid payload: %s',
      async (_case, channel, payload) => {
        const received = collect<BusChannel>();
        await bus.subscribe(channel, received.handler);
        const sent = bus.publish(channel, payload as PayloadOf<typeof channel>);
        await expect(sent).rejects.toBeInstanceOf(BusValidationError);
        await expect(sent).rejects.toMatchObject({ channel });
        await settle(bus, channel === CHANNELS.events ? 'risk' : 'events');
        expect(received.payloads).toEqual([]);
        expect(bus.stats().published).toBe(1); // the settle marker only
      },
    );

    it('refuses channels that are not bus channels', async () => {
      for (const channel of ['ticks.abc', 'ticks.-1', 'ticks.01', 'ticks.4294967296', 'nope']) {
        await expect(
          bus.publish(channel as BusChannel, makeTick() as never),
        ).rejects.toBeInstanceOf(BusValidationError);
        await expect(bus.subscribe(channel as BusChannel, () => undefined)).rejects.toBeInstanceOf(
          BusValidationError,
        );
      }
    });

    it('drops malformed messages from the wire, counts and logs them, and keeps delivering', async () => {
      const peer = await harness.makePeer();
      const signals = collect<'signals'>();
      const ticks: [TickMessage, number][] = [];
      await peer.subscribe(CHANNELS.signals, signals.handler);
      await peer.subscribeTicks((tick, token) => ticks.push([tick, token]));

      await harness.publishRaw(CHANNELS.signals, 'not json {');
      await harness.publishRaw(CHANNELS.signals, JSON.stringify({ id: 1 }));
      await harness.publishRaw(CHANNELS.signals, JSON.stringify({ ...makeSignal(), entry: 1.5 }));
      await harness.publishRaw(tickChannel(NIFTY_CE_TOKEN), JSON.stringify(makeTick()));
      await harness.publishRaw('ticks.not-a-token', JSON.stringify(makeTick()));
      await bus.publish(CHANNELS.signals, makeSignal({ id: 'after' }));
      await bus.publish(tickChannel(INFY_TOKEN), makeTick());

      await vi.waitFor(() => {
        expect(signals.payloads.map((s) => s.id)).toEqual(['after']);
        expect(ticks).toEqual([[makeTick(), INFY_TOKEN]]);
      }, WAIT);
      expect(peer.stats()).toMatchObject({ dropped: 5, received: 2, handlerErrors: 0 });
      expect(logger.messages('warn')).toContain('malformed bus message dropped');
    });

    it('keeps publish order per channel', async () => {
      const peer = await harness.makePeer();
      const orders = collect<'orders'>();
      const ticks: number[] = [];
      await peer.subscribe(CHANNELS.orders, orders.handler);
      await peer.subscribeTicks((tick) => ticks.push(tick.lastQuantity ?? -1));
      const sends: Promise<void>[] = [];
      for (let i = 0; i < 300; i += 1) {
        sends.push(bus.publish(CHANNELS.orders, makeOrder({ filledQuantity: i, at: i })));
        sends.push(bus.publish(tickChannel(INFY_TOKEN), makeTick({ lastQuantity: i })));
      }
      await Promise.all(sends);
      const expected = Array.from({ length: 300 }, (_, i) => i);
      await vi.waitFor(() => {
        expect(orders.payloads.map((o) => o.filledQuantity)).toEqual(expected);
        expect(ticks).toEqual(expected);
      }, WAIT);
    });

    it('delivers each message to every subscriber, on this bus and on others', async () => {
      const peer = await harness.makePeer();
      const [first, second, third] = [
        collect<'decisions'>(),
        collect<'decisions'>(),
        collect<'decisions'>(),
      ] as const;
      const handlers = [first, second, third];
      await bus.subscribe(CHANNELS.decisions, first.handler);
      await bus.subscribe(CHANNELS.decisions, second.handler);
      await peer.subscribe(CHANNELS.decisions, third.handler);
      // The same function twice is two subscriptions.
      const twice = collect<'decisions'>();
      await peer.subscribe(CHANNELS.decisions, twice.handler);
      await peer.subscribe(CHANNELS.decisions, twice.handler);
      const decisions = [makeDecision({ id: 'd1' }), makeDecision({ id: 'd2' })];
      for (const decision of decisions) await bus.publish(CHANNELS.decisions, decision);
      await vi.waitFor(() => {
        for (const { payloads } of handlers) expect(payloads).toEqual(decisions);
        expect(twice.payloads.map((d) => d.id)).toEqual(['d1', 'd1', 'd2', 'd2']);
      }, WAIT);
      expect(peer.stats().received).toBe(2);
    });

    it('stops delivery to an unsubscribed handler only, and can subscribe again', async () => {
      const peer = await harness.makePeer();
      const kept = collect<'signals'>();
      const dropped = collect<'signals'>();
      await peer.subscribe(CHANNELS.signals, kept.handler);
      const unsubscribe = await peer.subscribe(CHANNELS.signals, dropped.handler);
      await bus.publish(CHANNELS.signals, makeSignal({ id: 's1' }));
      await vi.waitFor(() => {
        expect(dropped.payloads).toHaveLength(1);
      }, WAIT);

      await unsubscribe();
      await unsubscribe();
      await bus.publish(CHANNELS.signals, makeSignal({ id: 's2' }));
      await vi.waitFor(() => {
        expect(kept.payloads.map((s) => s.id)).toEqual(['s1', 's2']);
      }, WAIT);
      expect(dropped.payloads.map((s) => s.id)).toEqual(['s1']);

      // Last handler gone, then a new one: the channel subscription is made again.
      const alone = await bus.subscribe(CHANNELS.risk, () => undefined);
      await alone();
      const again = collect<'risk'>();
      await peer.subscribe(CHANNELS.risk, again.handler);
      await bus.publish(CHANNELS.risk, makeRisk());
      await vi.waitFor(() => {
        expect(again.payloads).toHaveLength(1);
      }, WAIT);
    });

    it('stops delivery at once, even for a message already on its way', async () => {
      const calls: string[] = [];
      let unsubscribeSecond: Unsubscribe = () => Promise.resolve();
      await bus.subscribe(CHANNELS.risk, (risk) => {
        calls.push(`first ${risk.id}`);
        void unsubscribeSecond();
      });
      unsubscribeSecond = await bus.subscribe(CHANNELS.risk, (risk) => {
        calls.push(`second ${risk.id}`);
      });
      await bus.publish(CHANNELS.risk, makeRisk({ id: 'r1' }));
      await settle(bus);
      expect(calls).toEqual(['first r1']);
    });

    it('delivers every instrument’s ticks to subscribeTicks, with the token', async () => {
      const peer = await harness.makePeer();
      const all: [TickMessage, number][] = [];
      const infyOnly = collect<`ticks.${number}`>();
      const stopAll = await peer.subscribeTicks((tick, token) => all.push([tick, token]));
      await peer.subscribe(tickChannel(INFY_TOKEN), infyOnly.handler);
      await bus.publish(tickChannel(INFY_TOKEN), makeTick());
      await bus.publish(tickChannel(NIFTY_CE_TOKEN), LTP_TICK);
      await bus.publish(CHANNELS.signals, makeSignal());
      await vi.waitFor(() => {
        expect(all).toEqual([
          [makeTick(), INFY_TOKEN],
          [LTP_TICK, NIFTY_CE_TOKEN],
        ]);
        expect(infyOnly.payloads).toEqual([makeTick()]);
      }, WAIT);
      expect(infyOnly.channels).toEqual([tickChannel(INFY_TOKEN)]);

      await stopAll();
      await bus.publish(tickChannel(INFY_TOKEN), makeTick({ lastQuantity: 99 }));
      await vi.waitFor(() => {
        expect(infyOnly.payloads).toHaveLength(2);
      }, WAIT);
      expect(all).toHaveLength(2);
    });

    it('isolates handler failures: the other handlers still get every message', async () => {
      const peer = await harness.makePeer();
      const good = collect<'orders'>();
      await peer.subscribe(CHANNELS.orders, () => {
        throw new Error('view crashed');
      });
      await peer.subscribe(CHANNELS.orders, good.handler);
      // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the case under test
      await peer.subscribe(CHANNELS.orders, async () => {
        await Promise.resolve();
        throw new Error('async view crashed');
      });
      await peer.subscribeTicks(() => {
        throw new Error('tick view crashed');
      });
      await bus.publish(CHANNELS.orders, makeOrder({ at: 1 }));
      await bus.publish(tickChannel(INFY_TOKEN), makeTick());
      await bus.publish(CHANNELS.orders, makeOrder({ at: 2 }));
      await vi.waitFor(() => {
        expect(good.payloads.map((o) => o.at)).toEqual([1, 2]);
        expect(peer.stats().handlerErrors).toBe(5);
      }, WAIT);
      const errors = logger.entries.filter((entry) => entry.level === 'error');
      expect(errors).toHaveLength(5);
      expect(errors[0]?.context).toMatchObject({ channel: 'orders' });
    });

    it('closes once, however often close() is called, and then refuses work', async () => {
      const peer = await harness.makePeer();
      const received = collect<'events'>();
      await peer.subscribe(CHANNELS.events, received.handler);
      await Promise.all([peer.close(), peer.close()]);
      await peer.close();

      await expect(peer.publish(CHANNELS.events, makeEvent())).rejects.toBeInstanceOf(
        BusClosedError,
      );
      // Ignoring the promise of a lost message is safe: its rejection is already handled.
      void peer.publish(CHANNELS.events, makeEvent());
      await expect(peer.subscribe(CHANNELS.events, () => undefined)).rejects.toBeInstanceOf(
        BusClosedError,
      );
      await expect(peer.subscribeTicks(() => undefined)).rejects.toBeInstanceOf(BusClosedError);
      // A closed bus still refuses a bad payload as a caller bug first.
      await expect(peer.publish(CHANNELS.events, {} as never)).rejects.toBeInstanceOf(
        BusValidationError,
      );

      await bus.publish(CHANNELS.events, makeEvent());
      await settle(bus);
      expect(received.payloads).toEqual([]);
      expect(peer.stats().publishFailures).toBe(2);
    });
  });
}
