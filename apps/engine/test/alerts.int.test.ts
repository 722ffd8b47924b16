import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalBus } from '@kavach/bus';
import type { Bus } from '@kavach/bus';
import { createLogger } from '@kavach/config';
import { VirtualClock } from '@kavach/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectAlertsToBus,
  createAlertChannels,
  createAlerts,
  createTelegramApiFor,
  createTelegramCommandHandler,
  readAlertSettings,
  startTelegramCommands,
} from '../src/alerts';
import type { Alerts, AlertSettings, TelegramControlPort } from '../src/alerts';
import type { Actor } from '../src/control/ports';
import { startFakeTelegram } from './support/fake-telegram-server';
import type { FakeTelegram } from './support/fake-telegram-server';
import { startLocalSmtpServer } from './support/local-smtp-server';
import type { LocalSmtpServer } from './support/local-smtp-server';
import { openTestDb } from './support/test-db';
import type { TestDb } from './support/test-db';

/**
 * Alerts end to end over real sockets: a fake Telegram Bot API, a real SMTP server and a webhook
 * receiver, all on 127.0.0.1, with every alert stored in an embedded PostgreSQL.
 */
const logger = createLogger('test', 'silent');
const TRADER_CHAT = 1001;
const PARTNER_CHAT = 1002;
const STRANGER_CHAT = 666;

interface Webhook {
  readonly url: string;
  readonly received: Record<string, unknown>[];
  /** Status codes to answer with, in order; 200 once they run out. */
  readonly statuses: number[];
  readonly server: Server;
}

async function startWebhookReceiver(): Promise<Webhook> {
  const received: Record<string, unknown>[] = [];
  const statuses: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const status = statuses.shift() ?? 200;
      if (status === 200) {
        received.push(
          JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
        );
      }
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/alerts`, received, statuses, server };
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let testDb: TestDb;
let telegram: FakeTelegram;
let smtp: LocalSmtpServer;
let webhook: Webhook;
let settings: AlertSettings;
let alerts: Alerts;
const clock = new VirtualClock(Date.UTC(2026, 0, 5, 4, 0));

beforeAll(async () => {
  [testDb, telegram, smtp, webhook] = await Promise.all([
    openTestDb(),
    startFakeTelegram(),
    startLocalSmtpServer(),
    startWebhookReceiver(),
  ]);
  // The way main.ts gets here: the parsed environment, nothing else.
  settings = readAlertSettings({
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_CHAT_ID: `${TRADER_CHAT},${PARTNER_CHAT}`,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    SMTP_URL: smtp.url,
    ALERT_EMAIL_TO: 'trader@example.com',
    ALERT_WEBHOOK_URL: webhook.url,
  });
  alerts = createAlerts({
    prisma: testDb.db.prisma,
    clock,
    logger,
    channels: createAlertChannels(settings),
    retry: { baseDelayMs: 20 },
  });
});

afterAll(async () => {
  await alerts.stop();
  await Promise.all([
    telegram.close(),
    smtp.close(),
    new Promise((resolve) => webhook.server.close(resolve)),
  ]);
  await testDb.close();
});

function rowsTitled(title: string) {
  return testDb.db.prisma.alert.findMany({
    where: { title },
    orderBy: [{ channel: 'asc' }, { createdAt: 'asc' }],
  });
}

describe('alerts', () => {
  it('reach Telegram (every chat), e-mail and the webhook, and are stored SENT', async () => {
    alerts.notify({
      kind: 'KILL_SWITCH',
      severity: 'CRITICAL',
      title: 'Kill switch engaged',
      body: 'by trader@example.com: stop <looks> wrong & fast',
      correlationId: 'corr-42',
    });
    await alerts.idle();

    expect(telegram.sent.filter((m) => m.text.includes('Kill switch engaged'))).toEqual([
      {
        chatId: String(TRADER_CHAT),
        text: '🔴 <b>Kill switch engaged</b>\nby trader@example.com: stop &lt;looks&gt; wrong &amp; fast',
        parseMode: 'HTML',
      },
      {
        chatId: String(PARTNER_CHAT),
        text: '🔴 <b>Kill switch engaged</b>\nby trader@example.com: stop &lt;looks&gt; wrong &amp; fast',
        parseMode: 'HTML',
      },
    ]);
    const mail = smtp.mails.find((m) => m.subject.includes('Kill switch engaged'));
    expect(mail?.subject).toBe('[Kavach CRITICAL] Kill switch engaged');
    expect(mail?.to).toEqual(['trader@example.com']);
    expect(mail?.text).toContain('by trader@example.com: stop <looks> wrong & fast');
    expect(mail?.text).toContain('At: 2026-01-05 09:30:00 IST');
    expect(webhook.received).toContainEqual({
      kind: 'KILL_SWITCH',
      severity: 'CRITICAL',
      title: 'Kill switch engaged',
      body: 'by trader@example.com: stop <looks> wrong & fast',
      at: clock.now(),
      correlationId: 'corr-42',
    });

    const rows = await rowsTitled('Kill switch engaged');
    expect(rows.map((r) => [r.channel, r.status, r.attempts, r.correlationId])).toEqual([
      ['TELEGRAM', 'SENT', 1, 'corr-42'],
      ['EMAIL', 'SENT', 1, 'corr-42'],
      ['WEBHOOK', 'SENT', 1, 'corr-42'],
    ]);
    expect(rows.every((r) => r.sentAt?.getTime() === clock.now())).toBe(true);
  });

  it('turn a risk event on the bus into a Telegram message, and suppress its repeat', async () => {
    const bus: Bus = createLocalBus();
    const off = await connectAlertsToBus(bus, alerts);
    const rejected = {
      id: 'risk-1',
      kind: 'ORDER_REJECTED',
      severity: 'CRITICAL' as const,
      message: 'STOP INFY rejected (UNKNOWN): RMS: blocked',
      token: 408065,
      clientOrderId: 'K9STOP',
      groupId: 'g-9',
      correlationId: 'corr-9',
      at: clock.now(),
    };
    await bus.publish('risk', rejected);
    await bus.publish('risk', { ...rejected, id: 'risk-2', severity: 'INFO', kind: 'NOTE' });
    await until(() => telegram.sent.some((m) => m.text.includes('RMS: blocked')), 'the alert');
    clock.advance(60_000);
    await bus.publish('risk', { ...rejected, id: 'risk-3' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await alerts.idle();
    await off();
    await bus.close();

    expect(telegram.sent.filter((m) => m.text.includes('RMS: blocked'))).toHaveLength(2);
    expect(telegram.sent.find((m) => m.text.includes('RMS: blocked'))?.text).toBe(
      '🔴 <b>Order rejected</b>\nSTOP INFY rejected (UNKNOWN): RMS: blocked\nOrder: K9STOP\nBracket: g-9',
    );
    const rows = await rowsTitled('Order rejected');
    expect(rows.map((r) => [r.channel, r.status])).toEqual([
      ['TELEGRAM', 'SENT'],
      ['TELEGRAM', 'SUPPRESSED'],
      ['EMAIL', 'SENT'],
      ['EMAIL', 'SUPPRESSED'],
      ['WEBHOOK', 'SENT'],
      ['WEBHOOK', 'SUPPRESSED'],
    ]);
    expect(await testDb.db.prisma.alert.count({ where: { kind: 'NOTE' } })).toBe(0);
  });

  it("wait for Telegram's retry_after, retry a refused mail, and record a dead webhook FAILED", async () => {
    telegram.rateLimitNext(1, 1);
    smtp.refuseNext(1);
    webhook.statuses.push(500, 500, 500);
    const started = Date.now();
    alerts.notify({
      kind: 'RECONCILIATION_FAILED',
      severity: 'CRITICAL',
      title: 'Reconciliation failed',
      body: 'orders: Kite answered 503',
    });
    await alerts.idle();

    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(telegram.sent.filter((m) => m.text.includes('Reconciliation failed'))).toHaveLength(2);
    expect(smtp.mails.filter((m) => m.subject.includes('Reconciliation failed'))).toHaveLength(1);
    const rows = await rowsTitled('Reconciliation failed');
    expect(rows.map((r) => [r.channel, r.status, r.attempts, r.error])).toEqual([
      ['TELEGRAM', 'SENT', 2, null],
      ['EMAIL', 'SENT', 2, null],
      ['WEBHOOK', 'FAILED', 3, 'webhook: HTTP 500'],
    ]);
  });

  it('send the daily summary with money in rupees', async () => {
    alerts.sendDailySummary({
      date: '2026-01-05',
      mode: 'PAPER',
      realisedPnl: -1_23_456_78,
      fees: 4_250,
      trades: 4,
      winners: 1,
      losers: 3,
      openPositions: 0,
    });
    await alerts.idle();
    const mail = smtp.mails.find((m) => m.subject.includes('Day summary'));
    expect(mail?.subject).toBe('[Kavach INFO] Day summary 2026-01-05: -₹1,23,456.78');
    expect(mail?.text).toContain(
      'Realised P&L: -₹1,23,456.78\nCharges: ₹42.50\nTrades: 4 (1 won, 3 lost)',
    );
    expect(
      telegram.sent.some((m) => m.text.includes('Day summary 2026-01-05: -₹1,23,456.78')),
    ).toBe(true);
  });
});

describe('telegram commands', () => {
  it('flatten only after the confirmation code, once, and only for authorised chats', async () => {
    const calls: { action: string; actor: Actor; reason: string }[] = [];
    const port: TelegramControlPort = {
      status: () => Promise.resolve('PAUSED · PAPER · no open positions'),
      pause: (actor, reason) => {
        calls.push({ action: 'pause', actor, reason });
        return Promise.resolve({ ok: true });
      },
      resume: (actor, reason) => {
        calls.push({ action: 'resume', actor, reason });
        return Promise.resolve({ ok: true });
      },
      flatten: (actor, reason) => {
        calls.push({ action: 'flatten', actor, reason });
        return Promise.resolve({ ok: true, message: 'flat: 4 orders handled in 0.8 s' });
      },
    };
    const telegramSettings = settings.telegram;
    if (telegramSettings === null) throw new Error('telegram not configured');
    // Sent while the engine was down: must not act when it comes back.
    telegram.userSays(TRADER_CHAT, '/pause stale');
    const commands = startTelegramCommands({
      api: createTelegramApiFor(telegramSettings),
      logger,
      pollTimeoutSec: 2,
      handler: createTelegramCommandHandler({
        port,
        chatIds: telegramSettings.chatIds,
        clock,
        logger,
      }),
    });
    const repliesTo = (chat: number) =>
      telegram.sent.filter((m) => m.chatId === String(chat) && m.parseMode === null);
    try {
      await until(() => telegram.pollOffsets.length >= 2, 'the first long poll');
      telegram.userSays(TRADER_CHAT, '/status');
      await until(() => repliesTo(TRADER_CHAT).length === 1, 'the /status reply');
      expect(repliesTo(TRADER_CHAT)[0]?.text).toBe('PAUSED · PAPER · no open positions');

      telegram.userSays(TRADER_CHAT, '/flatten stop hunting');
      await until(() => repliesTo(TRADER_CHAT).length === 2, 'the confirmation request');
      const code = /CONFIRM (\d{4})/.exec(repliesTo(TRADER_CHAT)[1]?.text ?? '')?.[1];
      expect(code).toMatch(/^\d{4}$/);

      telegram.userSays(STRANGER_CHAT, `/flatten CONFIRM ${code ?? ''}`);
      telegram.userSays(PARTNER_CHAT, `/flatten CONFIRM ${code ?? ''}`);
      await until(() => repliesTo(PARTNER_CHAT).length === 1, 'the partner’s reply');
      expect(repliesTo(PARTNER_CHAT)[0]?.text).toMatch(/No flatten is waiting/);
      expect(calls).toEqual([]);

      telegram.userSays(TRADER_CHAT, `/flatten CONFIRM ${code ?? ''}`);
      telegram.userSays(TRADER_CHAT, `/flatten CONFIRM ${code ?? ''}`);
      await until(() => repliesTo(TRADER_CHAT).length === 4, 'both confirmation replies');
      expect(
        repliesTo(TRADER_CHAT)
          .slice(2)
          .map((m) => m.text),
      ).toEqual([
        'Flattened: flat: 4 orders handled in 0.8 s',
        'No flatten is waiting for confirmation: send /flatten first.',
      ]);
    } finally {
      await commands.stop();
    }
    expect(calls).toEqual([
      {
        action: 'flatten',
        actor: { type: 'USER', name: `telegram:${TRADER_CHAT}` },
        reason: 'stop hunting',
      },
    ]);
    expect(repliesTo(STRANGER_CHAT)).toEqual([]);
    expect(telegram.pollOffsets[0]).toBe(-1);
  });
});
