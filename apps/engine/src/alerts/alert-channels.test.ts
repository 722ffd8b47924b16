import { describe, expect, it } from 'vitest';
import { createAlertChannels, parseChatIds, readAlertSettings } from './alert-channels';
import type { AlertMessage } from './alert-types';
import { formatEmailSubject, formatEmailText } from './email-channel';
import { createWebhookChannel } from './webhook-channel';

const message: AlertMessage = {
  kind: 'KILL_SWITCH',
  severity: 'CRITICAL',
  title: 'Kill switch engaged',
  body: 'by telegram:1001: panic',
  at: Date.UTC(2026, 0, 5, 4, 0, 5),
  correlationId: 'corr-9',
};

describe('alert settings from the environment', () => {
  it('reads several chat ids', () => {
    expect(parseChatIds(' 1001, -100200 ,,1001')).toEqual(['1001', '-100200']);
    expect(parseChatIds(undefined)).toEqual([]);
  });

  it('turns on only the channels that are fully configured', () => {
    const off = readAlertSettings({ TELEGRAM_API_ROOT: 'https://api.telegram.org' });
    expect(off).toEqual({ telegram: null, email: null, webhookUrl: null });
    expect(createAlertChannels(off)).toEqual([]);
    const on = readAlertSettings({
      TELEGRAM_BOT_TOKEN: 't',
      TELEGRAM_CHAT_ID: '1,2',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:1',
      SMTP_URL: 'smtp://127.0.0.1:2',
      ALERT_EMAIL_TO: 'trader@example.com',
      ALERT_WEBHOOK_URL: 'http://127.0.0.1:3/hook',
    });
    expect(on.telegram).toEqual({
      apiRoot: 'http://127.0.0.1:1',
      botToken: 't',
      chatIds: ['1', '2'],
    });
    expect(on.email).toEqual({ smtpUrl: 'smtp://127.0.0.1:2', to: 'trader@example.com' });
    expect(createAlertChannels(on).map((c) => c.name)).toEqual(['TELEGRAM', 'EMAIL', 'WEBHOOK']);
    const halfEmail = readAlertSettings({
      TELEGRAM_API_ROOT: 'https://api.telegram.org',
      SMTP_URL: 'smtp://127.0.0.1:2',
    });
    expect(halfEmail.email).toBeNull();
  });
});

describe('e-mail text', () => {
  it('puts the severity in the subject and the context under the body, in IST', () => {
    expect(formatEmailSubject(message)).toBe('[Kavach CRITICAL] Kill switch engaged');
    expect(formatEmailText(message)).toBe(
      'by telegram:1001: panic\n\n--\nKind: KILL_SWITCH\nAt: 2026-01-05 09:30:05 IST\nCorrelation id: corr-9\n',
    );
  });
});

describe('webhook channel', () => {
  function channelAnswering(status: number, headers: Record<string, string> = {}) {
    const bodies: unknown[] = [];
    const fetchStub: typeof fetch = (_url, init) => {
      bodies.push(JSON.parse(typeof init?.body === 'string' ? init.body : 'null'));
      return Promise.resolve(new Response(status === 204 ? null : '', { status, headers }));
    };
    const channel = createWebhookChannel({ url: 'http://hook', fetch: fetchStub });
    return { channel, bodies };
  }

  it('posts the alert as JSON', async () => {
    const { channel, bodies } = channelAnswering(204);
    await channel.send(message);
    expect(bodies).toEqual([
      {
        kind: 'KILL_SWITCH',
        severity: 'CRITICAL',
        title: 'Kill switch engaged',
        body: 'by telegram:1001: panic',
        at: message.at,
        correlationId: 'corr-9',
      },
    ]);
  });

  it.each([
    [500, {}, { permanent: false, retryAfterMs: null }],
    [429, { 'retry-after': '4' }, { permanent: false, retryAfterMs: 4_000 }],
    [404, {}, { permanent: true }],
    [408, {}, { permanent: false }],
  ])('classifies HTTP %i', async (status, headers, expected) => {
    const { channel } = channelAnswering(status, headers);
    await expect(channel.send(message)).rejects.toMatchObject(expected);
  });
});
