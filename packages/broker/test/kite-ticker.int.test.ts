import { checkReliability } from '@kavach/testkit';
import type { KiteSimProcess } from '@kavach/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrokerEvent, Tick } from '../src/broker';
import type { KiteBroker } from '../src/kite';
import { createSimBroker, isMarketData, startQuietSim, waitForEvent } from './kite-harness';

let sim: KiteSimProcess;
let broker: KiteBroker;
let events: BrokerEvent[];
const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never);

const INFY = 408_065;
const NIFTY_50 = 256_265;

beforeAll(async () => {
  sim = await startQuietSim();
  ({ broker, events } = await createSimBroker(sim, {
    heartbeatTimeoutMs: 1_500,
    reconnect: { initialDelayMs: 100, maxDelayMs: 500, connectTimeoutMs: 3_000 },
  }));
  await sim.control('/price', { instrument: 'NSE:INFY', price: 1500 });
});
afterAll(async () => {
  await broker.stop();
  await sim.stop();
  exit.mockRestore();
});

interface TickWanted {
  readonly price?: number;
  readonly mode?: string;
}

function matches(tick: Tick, token: number, want: TickWanted): boolean {
  return (
    tick.token === token &&
    (want.price === undefined || tick.lastPrice === want.price) &&
    (want.mode === undefined || tick.mode === want.mode)
  );
}

const isTickOf =
  (token: number, want: TickWanted = {}) =>
  (event: BrokerEvent): event is Extract<BrokerEvent, { type: 'ticks' }> =>
    event.type === 'ticks' && event.ticks.some((tick) => matches(tick, token, want));

/** The tick that matched: one frame can carry several ticks of one instrument. */
function tickOf(
  event: Extract<BrokerEvent, { type: 'ticks' }>,
  token: number,
  want: TickWanted = {},
): Tick {
  const tick = event.ticks.find((t) => matches(t, token, want));
  if (tick === undefined) throw new Error(`no tick for ${token}`);
  return tick;
}

/** Sets a price and waits for the tick that carries it (in paise), after event `from`. */
async function expectTick(rupees: number, from: number): Promise<Tick> {
  await sim.control('/price', { instrument: 'NSE:INFY', price: rupees });
  const paise = Math.round(rupees * 100);
  const { event } = await waitForEvent(
    events,
    isTickOf(INFY, { price: paise }),
    `INFY at ${rupees}`,
    from,
  );
  return tickOf(event, INFY, { price: paise });
}

describe('market data through our ticker socket under our own reconnect loop', () => {
  it('connects, subscribes in full mode and converts ticks to paise', async () => {
    await broker.start();
    expect(events.flatMap((e) => (e.type === 'marketData' ? [e.state] : []))).toEqual([
      'CONNECTING',
      'CONNECTED',
    ]);
    broker.subscribe([INFY], 'full');
    // Kite sends the current tick on subscribe, in quote mode until our mode message lands.
    const first = await waitForEvent(events, isTickOf(INFY, { mode: 'full' }), 'a full tick');
    expect(tickOf(first.event, INFY, { mode: 'full' })).toMatchObject({
      mode: 'full',
      lastPrice: 1500_00,
    });
    const tick = await expectTick(1512.35, first.index + 1);
    expect(tick.lastPrice).toBe(1512_35);
    expect(Number.isSafeInteger(tick.bestBid)).toBe(true);
    expect(Number.isSafeInteger(tick.bestAsk)).toBe(true);
    expect(tick.bestBid! < tick.bestAsk!).toBe(true);
    expect(Number.isSafeInteger(tick.volume)).toBe(true);
  });

  it('keeps ltp subscriptions in their mode', async () => {
    const from = events.length;
    broker.subscribe([NIFTY_50], 'ltp');
    const { event } = await waitForEvent(
      events,
      isTickOf(NIFTY_50, { mode: 'ltp' }),
      'a NIFTY 50 ltp tick',
      from,
    );
    expect(tickOf(event, NIFTY_50, { mode: 'ltp' })).toMatchObject({
      mode: 'ltp',
      volume: null,
      bestBid: null,
    });
  });

  it('goes STALE when the ticker falls silent, forces a reconnect, recovers when it speaks', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'ticker muted at kite-sim: no ticks, no heartbeats',
        expected:
          'market data STALE after the heartbeat timeout, a forced reconnect, CONNECTED and ticking again once it speaks; no process exit',
        source: import.meta.url,
      },
      async () => {
        const from = events.length;
        await sim.control('/ticker/mute', { muted: true });
        const stale = await waitForEvent(events, isMarketData('STALE'), 'STALE', from);
        expect(stale.event.reason).toContain('1500 ms');
        await waitForEvent(
          events,
          isMarketData('RECONNECTING'),
          'the forced reconnect',
          stale.index,
        );
        await sim.control('/ticker/mute', { muted: false });
        const back = await waitForEvent(
          events,
          isMarketData('CONNECTED'),
          'reconnected',
          stale.index,
        );
        await expectTick(1504.2, back.index);
        expect(exit).not.toHaveBeenCalled();
        return { heartbeatTimeoutMs: 1500 };
      },
    );
  });

  it('reconnects and resubscribes after every dropped connection, without exiting', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'ticker connection dropped by kite-sim, three times',
        expected:
          'RECONNECTING then CONNECTED each time, resubscribed in full mode (ticks flow); no process exit',
        source: import.meta.url,
      },
      async () => {
        for (const [round, price] of [1501.05, 1502.1, 1503.15].entries()) {
          const from = events.length;
          await sim.control('/ticker/drop');
          const lost = await waitForEvent(
            events,
            isMarketData('RECONNECTING'),
            `drop ${round}`,
            from,
          );
          const back = await waitForEvent(
            events,
            isMarketData('CONNECTED'),
            `reconnect ${round}`,
            lost.index,
          );
          const tick = await expectTick(price, back.index);
          expect(tick.mode).toBe('full');
        }
        expect(exit).not.toHaveBeenCalled();
        return { drops: 3 };
      },
    );
  });

  it('a refused session on reconnect: sessionExpired, CLOSED; a new token brings it back', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'ticker dropped while the session had expired (TokenException, 403 on reconnect)',
        expected:
          'sessionExpired once, market data CLOSED; a new token reconnects it and ticks flow; no process exit',
        source: import.meta.url,
      },
      async () => {
        const from = events.length;
        await sim.control('/session/expire', {});
        await sim.control('/ticker/drop');
        const expired = await waitForEvent(
          events,
          (e): e is Extract<BrokerEvent, { type: 'sessionExpired' }> => e.type === 'sessionExpired',
          'sessionExpired',
          from,
        );
        // Told by whichever notices first: the ticker's refused handshake (403) or Kite's
        // TokenException text from the status probe.
        expect(expired.event.message).toMatch(/403|api_key|access_token/);
        const closed = await waitForEvent(events, isMarketData('CLOSED'), 'CLOSED', from);
        expect(closed.event.reason).toBe('session expired');

        broker.setAccessToken(await sim.mintAccessToken());
        const back = await waitForEvent(
          events,
          isMarketData('CONNECTED'),
          'reconnected',
          closed.index,
        );
        await expectTick(1505.25, back.index);
        expect(events.filter((e) => e.type === 'sessionExpired')).toHaveLength(1);
        expect(exit).not.toHaveBeenCalled();
      },
    );
  });

  it('stops cleanly: CLOSED, no process exit', async () => {
    await broker.stop();
    const last = events.filter((e) => e.type === 'marketData').at(-1);
    expect(last).toMatchObject({ state: 'CLOSED', reason: 'stopped' });
    expect(exit).not.toHaveBeenCalled();
  });
});
