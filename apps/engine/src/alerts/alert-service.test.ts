import { createLogger } from '@kavach/config';
import { VirtualClock } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { createAlerts } from './alert-service';
import type { AlertsOptions } from './alert-service';
import type { AlertStore } from './alert-store';
import { AlertSendError } from './alert-types';
import type { AlertChannel, AlertChannelName, AlertInput, AlertMessage } from './alert-types';
import { createInMemoryAlertStore } from './in-memory-alert-store';

const logger = createLogger('test', 'silent');
const T0 = Date.UTC(2026, 0, 5, 4, 0);

interface FakeChannel extends AlertChannel {
  readonly sent: AlertMessage[];
  attempts: number;
  closed: boolean;
}

/** A channel that runs `behaviour` per attempt (default: delivers). */
function fakeChannel(
  name: AlertChannelName,
  behaviour: (attempt: number, message: AlertMessage) => Promise<void> = () => Promise.resolve(),
): FakeChannel {
  const channel: FakeChannel = {
    name,
    sent: [],
    attempts: 0,
    closed: false,
    async send(message) {
      channel.attempts += 1;
      await behaviour(channel.attempts, message);
      channel.sent.push(message);
    },
    close() {
      channel.closed = true;
      return Promise.resolve();
    },
  };
  return channel;
}

function setup(channels: AlertChannel[], extra: Partial<AlertsOptions> = {}) {
  const clock = new VirtualClock(T0);
  const store = createInMemoryAlertStore();
  const waits: number[] = [];
  const alerts = createAlerts({
    store,
    clock,
    logger,
    channels,
    wait: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    ...extra,
  });
  return { alerts, store, clock, waits };
}

const lossStop: AlertInput = {
  kind: 'DAILY_LOSS_STOP',
  severity: 'CRITICAL',
  title: 'Daily loss limit reached',
  body: 'realised -₹30,000.00',
  correlationId: 'c-1',
};

describe('alert service', () => {
  it('sends to every channel and records each one SENT', async () => {
    const telegram = fakeChannel('TELEGRAM');
    const email = fakeChannel('EMAIL');
    const { alerts, store } = setup([telegram, email]);
    alerts.notify(lossStop);
    await alerts.idle();
    expect(telegram.sent).toEqual([
      {
        kind: 'DAILY_LOSS_STOP',
        severity: 'CRITICAL',
        title: 'Daily loss limit reached',
        body: 'realised -₹30,000.00',
        at: T0,
        correlationId: 'c-1',
      },
    ]);
    expect(email.sent).toHaveLength(1);
    expect(store.rows.map((r) => [r.channel, r.status, r.attempts, r.sentAt])).toEqual([
      ['TELEGRAM', 'SENT', 1, T0],
      ['EMAIL', 'SENT', 1, T0],
    ]);
    expect(store.rows[0]?.dedupeKey).toBe('DAILY_LOSS_STOP:Daily loss limit reached');
  });

  it('returns before sending finishes, and a hanging channel does not hold another', async () => {
    let release: () => void = () => undefined;
    const slow = fakeChannel(
      'TELEGRAM',
      () =>
        new Promise((resolve) => {
          release = resolve;
        }),
    );
    const fast = fakeChannel('WEBHOOK');
    const { alerts, store } = setup([slow, fast]);
    alerts.notify(lossStop);
    expect(slow.sent).toHaveLength(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fast.sent).toHaveLength(1);
    expect(store.rows.find((r) => r.channel === 'TELEGRAM')?.status).toBe('PENDING');
    release();
    await alerts.idle();
    expect(store.rows.find((r) => r.channel === 'TELEGRAM')?.status).toBe('SENT');
  });

  it('suppresses a repeat within the dedupe window and sends it again after', async () => {
    const telegram = fakeChannel('TELEGRAM');
    const { alerts, store, clock } = setup([telegram], { throttle: { dedupeWindowMs: 60_000 } });
    alerts.notify(lossStop);
    clock.advance(59_999);
    alerts.notify({ ...lossStop, body: 'realised -₹31,000.00' });
    alerts.notify({ ...lossStop, dedupeKey: 'something else' });
    clock.advance(1);
    alerts.notify(lossStop);
    await alerts.idle();
    expect(telegram.sent.map((m) => m.at)).toEqual([T0, T0 + 59_999, T0 + 60_000]);
    expect(store.rows.map((r) => r.status)).toEqual(['SENT', 'SUPPRESSED', 'SENT', 'SENT']);
    expect(store.rows[1]?.error).toMatch(/dedupe window/);
    expect(store.rows[1]?.attempts).toBe(0);
  });

  it('holds back what exceeds the rate cap and says so in the next message', async () => {
    const telegram = fakeChannel('TELEGRAM');
    const { alerts, store, clock } = setup([telegram], {
      throttle: { maxPerChannel: 2, rateWindowMs: 60_000 },
    });
    const warning = (n: number): AlertInput => ({
      kind: 'ORDER_REJECTED',
      severity: 'WARNING',
      title: `rejected ${n}`,
      body: `order ${n}`,
    });
    for (let n = 1; n <= 5; n += 1) alerts.notify(warning(n));
    alerts.notify({ ...lossStop, title: 'critical goes through' });
    clock.advance(60_000);
    alerts.notify(warning(6));
    await alerts.idle();
    expect(telegram.sent.map((m) => m.title)).toEqual([
      'rejected 1',
      'rejected 2',
      'critical goes through',
      'rejected 6',
    ]);
    // The next message sent on the channel, here the CRITICAL one, carries the count.
    expect(telegram.sent[2]?.body).toBe(
      'realised -₹30,000.00\n\n(3 earlier alerts held back by the rate cap: see the alert log)',
    );
    expect(telegram.sent[3]?.body).toBe('order 6');
    expect(store.rows.filter((r) => r.status === 'SUPPRESSED').map((r) => r.title)).toEqual([
      'rejected 3',
      'rejected 4',
      'rejected 5',
    ]);
    expect(store.rows.find((r) => r.title === 'rejected 4')?.error).toMatch(/rate cap/);
  });

  it('retries with backoff and records the attempts', async () => {
    const flaky = fakeChannel('WEBHOOK', (attempt) =>
      attempt < 3 ? Promise.reject(new Error(`down ${attempt}`)) : Promise.resolve(),
    );
    const { alerts, store, waits } = setup([flaky]);
    alerts.notify(lossStop);
    await alerts.idle();
    expect(flaky.sent).toHaveLength(1);
    expect(waits).toEqual([1_000, 2_000]);
    expect(store.rows[0]).toMatchObject({ status: 'SENT', attempts: 3, error: null });
  });

  it("waits as long as the service asks (Telegram's retry_after), capped", async () => {
    const limited = fakeChannel('TELEGRAM', (attempt) =>
      attempt === 1
        ? Promise.reject(new AlertSendError('429', { retryAfterMs: 7_000 }))
        : attempt === 2
          ? Promise.reject(new AlertSendError('429', { retryAfterMs: 600_000 }))
          : Promise.resolve(),
    );
    const { alerts, waits } = setup([limited]);
    alerts.notify(lossStop);
    await alerts.idle();
    expect(waits).toEqual([7_000, 60_000]);
    expect(limited.sent).toHaveLength(1);
  });

  it('records FAILED with the error after the last attempt, without throwing', async () => {
    const dead = fakeChannel('EMAIL', () => Promise.reject(new Error('connection refused')));
    const ok = fakeChannel('WEBHOOK');
    const { alerts, store, waits } = setup([dead, ok]);
    expect(() => {
      alerts.notify(lossStop);
    }).not.toThrow();
    await alerts.idle();
    expect(dead.attempts).toBe(3);
    expect(waits).toEqual([1_000, 2_000]);
    expect(store.rows.find((r) => r.channel === 'EMAIL')).toMatchObject({
      status: 'FAILED',
      attempts: 3,
      error: 'connection refused',
      sentAt: null,
    });
    expect(store.rows.find((r) => r.channel === 'WEBHOOK')?.status).toBe('SENT');
  });

  it('does not retry a permanent failure', async () => {
    const refused = fakeChannel('TELEGRAM', () =>
      Promise.reject(new AlertSendError('403 bot was blocked by the user', { permanent: true })),
    );
    const { alerts, store, waits } = setup([refused]);
    alerts.notify(lossStop);
    await alerts.idle();
    expect(refused.attempts).toBe(1);
    expect(waits).toEqual([]);
    expect(store.rows[0]).toMatchObject({ status: 'FAILED', attempts: 1 });
  });

  it('still sends when the record cannot be written', async () => {
    const telegram = fakeChannel('TELEGRAM');
    const broken: AlertStore = {
      insert: () => Promise.reject(new Error('database down')),
      markSent: () => Promise.reject(new Error('unreachable')),
      markFailed: () => Promise.reject(new Error('unreachable')),
    };
    const alerts = createAlerts({
      store: broken,
      clock: new VirtualClock(T0),
      logger,
      channels: [telegram],
    });
    alerts.notify(lossStop);
    await alerts.idle();
    expect(telegram.sent).toHaveLength(1);
  });

  it('sends one channel in notify order', async () => {
    const order: string[] = [];
    const telegram = fakeChannel('TELEGRAM', async (_attempt, message) => {
      await new Promise((resolve) => setTimeout(resolve, message.title === 'first' ? 20 : 0));
      order.push(message.title);
    });
    const { alerts } = setup([telegram]);
    alerts.notify({ ...lossStop, title: 'first' });
    alerts.notify({ ...lossStop, title: 'second' });
    await alerts.idle();
    expect(order).toEqual(['first', 'second']);
  });

  it('on stop, gives up waiting to retry, ignores new alerts and closes the channels', async () => {
    const dead = fakeChannel('EMAIL', () => Promise.reject(new Error('down')));
    const clock = new VirtualClock(T0);
    const store = createInMemoryAlertStore();
    // The real wait: a 1-hour backoff that only stop() can cut short.
    const alerts = createAlerts({
      store,
      clock,
      logger,
      channels: [dead],
      retry: { baseDelayMs: 3_600_000, maxDelayMs: 3_600_000 },
    });
    alerts.notify(lossStop);
    await new Promise((resolve) => setImmediate(resolve));
    await alerts.stop();
    expect(dead.attempts).toBe(2);
    expect(store.rows[0]).toMatchObject({ status: 'FAILED', attempts: 2 });
    expect(dead.closed).toBe(true);
    alerts.notify({ ...lossStop, title: 'after stop' });
    await alerts.idle();
    expect(store.rows).toHaveLength(1);
  });

  it('sends the daily summary with money in rupees from paise', async () => {
    const telegram = fakeChannel('TELEGRAM');
    const { alerts } = setup([telegram]);
    alerts.sendDailySummary({
      date: '2026-01-05',
      mode: 'PAPER',
      realisedPnl: 1_234_550,
      fees: 12_000,
      trades: 5,
      winners: 3,
      losers: 2,
      openPositions: 0,
    });
    alerts.sendDailySummary({ date: '2026-01-05', realisedPnl: 1.5, trades: 0, openPositions: 0 });
    await alerts.idle();
    expect(telegram.sent).toHaveLength(1);
    expect(telegram.sent[0]).toMatchObject({
      kind: 'DAILY_SUMMARY',
      severity: 'INFO',
      title: 'Day summary 2026-01-05: +₹12,345.50',
    });
    expect(telegram.sent[0]?.body).toBe(
      [
        'Realised P&L: +₹12,345.50',
        'Charges: ₹120.00',
        'Trades: 5 (3 won, 2 lost)',
        'Open positions: none',
        'Mode: PAPER',
      ].join('\n'),
    );
  });

  it('makes a summary with positions left open CRITICAL', async () => {
    const telegram = fakeChannel('TELEGRAM');
    const { alerts } = setup([telegram]);
    alerts.sendDailySummary({
      date: '2026-01-06',
      realisedPnl: -50_000,
      trades: 1,
      openPositions: 2,
    });
    await alerts.idle();
    expect(telegram.sent[0]).toMatchObject({
      severity: 'CRITICAL',
      title: 'Day summary 2026-01-06: -₹500.00',
    });
    expect(telegram.sent[0]?.body).toContain('Open positions: 2, still open');
  });
});
