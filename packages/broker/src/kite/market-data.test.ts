import { paise } from '@kavach/domain';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MarketDataState, Tick, TickMode } from '../broker';
import type { BrokerLogger } from './broker-logger';
import { createMarketData } from './market-data';
import type { TickerSocketHandlers } from './ticker-socket';

const silent: BrokerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** A ticker connection the test drives by hand. */
function createFakeSocket() {
  const calls: string[] = [];
  const sent: { tokens: readonly number[]; mode: TickMode }[] = [];
  let handlers: TickerSocketHandlers | undefined;
  const fake = {
    calls,
    sent,
    get handlers(): TickerSocketHandlers {
      if (handlers === undefined) throw new Error('no socket created');
      return handlers;
    },
    factory: (h: TickerSocketHandlers) => {
      handlers = h;
      return {
        connect: (token: string) => calls.push(`connect ${token}`),
        close: () => calls.push('close'),
        subscribe: (tokens: readonly number[], mode: TickMode) => {
          sent.push({ tokens, mode });
        },
        unsubscribe: (tokens: readonly number[]) => calls.push(`unsubscribe ${tokens.join(',')}`),
        dispose: () => calls.push('dispose'),
      };
    },
  };
  return fake;
}

function ltpTick(token: number): Tick {
  return {
    token,
    mode: 'ltp',
    lastPrice: paise(1500_00),
    at: 0,
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
  };
}

function setUp(logger: BrokerLogger = silent) {
  const socket = createFakeSocket();
  const states: [MarketDataState, string | null][] = [];
  const expired: string[] = [];
  const ticks: Tick[] = [];
  const updates: unknown[] = [];
  const data = createMarketData({
    createSocket: socket.factory,
    heartbeatTimeoutMs: 10_000,
    reconnect: {
      initialDelayMs: 500,
      maxDelayMs: 4_000,
      connectTimeoutMs: 5_000,
      closeWaitMs: 2_000,
    },
    logger,
    onState: (state, reason) => states.push([state, reason]),
    onTicks: (batch) => ticks.push(...batch),
    onOrderUpdate: (payload) => updates.push(payload),
    onSessionExpired: (message) => expired.push(message),
  });
  return { socket, data, states, expired, ticks, updates };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createMarketData', () => {
  it('connects, and sends every subscription grouped by mode on open', async () => {
    const { socket, data, states } = setUp();
    data.subscribe([1, 2], 'full');
    data.subscribe([3], 'ltp');
    const started = data.start('token-1');
    expect(socket.calls).toEqual(['connect token-1']);
    socket.handlers.onOpen();
    await started;
    expect(states).toEqual([
      ['CONNECTING', null],
      ['CONNECTED', null],
    ]);
    expect(socket.sent).toEqual([
      { tokens: [1, 2], mode: 'full' },
      { tokens: [3], mode: 'ltp' },
    ]);
    data.subscribe([4], 'quote');
    data.unsubscribe([1, 99]);
    expect(socket.sent.at(-1)).toEqual({ tokens: [4], mode: 'quote' });
    expect(socket.calls.at(-1)).toBe('unsubscribe 1');
  });

  it('reconnects with doubling, capped delays and resubscribes after each connect', async () => {
    const { socket, data, states } = setUp();
    data.subscribe([7], 'quote');
    const started = data.start('t');
    socket.handlers.onOpen();
    await started;
    socket.handlers.onClose();
    expect(states.at(-1)).toEqual(['RECONNECTING', 'ticker connection closed']);
    const connectsAt: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const before = socket.calls.length;
      await vi.advanceTimersToNextTimerAsync();
      expect(socket.calls.slice(before)).toEqual(['connect t']);
      connectsAt.push(Date.now());
      socket.handlers.onClose();
    }
    // 500, 1000, 2000, 4000, 4000 ms after each loss.
    expect(connectsAt.map((at, i) => at - (connectsAt[i - 1] ?? 0))).toEqual([
      500, 1_000, 2_000, 4_000, 4_000,
    ]);
    await vi.advanceTimersToNextTimerAsync();
    socket.handlers.onOpen();
    expect(states.at(-1)).toEqual(['CONNECTED', null]);
    expect(socket.sent).toEqual([
      { tokens: [7], mode: 'quote' },
      { tokens: [7], mode: 'quote' },
    ]);
  });

  it('never opens a second connection before the first has closed', async () => {
    const { socket, data } = setUp();
    void data.start('t');
    socket.handlers.onOpen();
    socket.handlers.onSilent('no data');
    expect(socket.calls).toEqual(['connect t', 'close']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(socket.calls).toEqual(['connect t', 'close']);
    socket.handlers.onClose();
    await vi.advanceTimersByTimeAsync(500);
    expect(socket.calls).toEqual(['connect t', 'close', 'connect t']);
  });

  it('goes STALE after the heartbeat timeout without frames, and forces a reconnect', async () => {
    const { socket, data, states } = setUp();
    void data.start('t');
    socket.handlers.onOpen();
    for (let i = 0; i < 5; i += 1) {
      await vi.advanceTimersByTimeAsync(9_000);
      socket.handlers.onFrame();
    }
    expect(states.at(-1)?.[0]).toBe('CONNECTED');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(states.at(-1)).toEqual(['STALE', 'no ticker data for 10000 ms']);
    expect(socket.calls.at(-1)).toBe('close');
    socket.handlers.onClose();
    expect(states.at(-1)?.[0]).toBe('RECONNECTING');
  });

  it('aborts a connection attempt that does not open in time', async () => {
    const { socket, data } = setUp();
    void data.start('t');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(socket.calls).toEqual(['connect t', 'close']);
  });

  it('passes ticks and order updates on while open', () => {
    const { socket, data, ticks, updates } = setUp();
    void data.start('t');
    socket.handlers.onTicks([ltpTick(9)], 0);
    socket.handlers.onOpen();
    socket.handlers.onTicks([ltpTick(1), ltpTick(2)], 0);
    socket.handlers.onOrderUpdate({ order_id: 'x' });
    expect(ticks).toEqual([ltpTick(1), ltpTick(2)]);
    expect(updates).toEqual([{ order_id: 'x' }]);
  });

  it('counts unreadable packets, logs them, and keeps the good ticks beside them', () => {
    const logged: { fields: object; message: string }[] = [];
    const { socket, data, ticks } = setUp({
      ...silent,
      debug: (fields, message) => logged.push({ fields, message }),
    });
    void data.start('t');
    socket.handlers.onOpen();
    socket.handlers.onTicks([], 2);
    socket.handlers.onTicks([ltpTick(3)], 1);
    expect(ticks).toEqual([ltpTick(3)]);
    expect(logged.filter((entry) => entry.message === 'unreadable tick packets skipped')).toEqual([
      { fields: { unreadable: 2, total: 2 }, message: 'unreadable tick packets skipped' },
      { fields: { unreadable: 1, total: 3 }, message: 'unreadable tick packets skipped' },
    ]);
  });

  it('stops on a refused session, says CLOSED, and comes back with a new token', async () => {
    const { socket, data, states, expired } = setUp();
    const started = data.start('old');
    socket.handlers.onError('Unexpected server response: 403');
    socket.handlers.onClose();
    await expect(started).rejects.toThrow('session expired');
    expect(expired).toEqual(['ticker refused the session: Unexpected server response: 403']);
    expect(states.at(-1)).toEqual(['CLOSED', 'session expired']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(socket.calls).toEqual(['connect old']);
    data.setAccessToken('new');
    expect(socket.calls).toEqual(['connect old', 'connect new']);
    socket.handlers.onOpen();
    expect(states.at(-1)).toEqual(['CONNECTED', null]);
  });

  it('retries a refusal of a token that was replaced while connecting', async () => {
    const { socket, data, states, expired } = setUp();
    void data.start('old');
    data.setAccessToken('new');
    socket.handlers.onError('Unexpected server response: 403');
    socket.handlers.onClose();
    expect(expired).toEqual([]);
    expect(states.at(-1)?.[0]).toBe('RECONNECTING');
    await vi.advanceTimersByTimeAsync(500);
    expect(socket.calls).toEqual(['connect old', 'connect new']);
  });

  it('stops: closes the socket, waits for it, says CLOSED, and never reconnects', async () => {
    const { socket, data, states } = setUp();
    const started = data.start('t');
    socket.handlers.onOpen();
    await started;
    const stopped = data.stop();
    expect(socket.calls.at(-1)).toBe('close');
    socket.handlers.onClose();
    await stopped;
    expect(socket.calls.at(-1)).toBe('dispose');
    expect(states.at(-1)).toEqual(['CLOSED', 'stopped']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(socket.calls.filter((call) => call.startsWith('connect'))).toHaveLength(1);
  });

  it('rejects a start that never connected when stopped', async () => {
    const { data } = setUp();
    const started = data.start('t');
    const stopped = data.stop();
    await expect(started).rejects.toThrow('stopped');
    await vi.advanceTimersByTimeAsync(2_000);
    await stopped;
  });
});
