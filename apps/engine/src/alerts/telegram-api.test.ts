import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AlertMessage } from './alert-types';
import { AlertSendError } from './alert-types';
import { createTelegramApi, TelegramApiError } from './telegram-api';
import { createTelegramChannel, formatTelegramAlert } from './telegram-channel';

const TOKEN = '123456:SECRET-token';

interface Request {
  readonly url: string;
  readonly body: Record<string, unknown>;
}

/** A fetch that answers each request with the next scripted response. */
function scriptedFetch(answers: (() => Response)[]) {
  const requests: Request[] = [];
  const fetchStub: typeof fetch = (input, init) => {
    requests.push({
      url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      body: JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as Record<
        string,
        unknown
      >,
    });
    const answer = answers.shift();
    if (answer === undefined) return Promise.reject(new TypeError('fetch failed'));
    return Promise.resolve(answer());
  };
  return { fetch: fetchStub, requests };
}

const json = (status: number, body: unknown) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const message: AlertMessage = {
  kind: 'ORDER_REJECTED',
  severity: 'WARNING',
  title: 'Order <rejected>',
  body: 'INFY & co',
  at: 0,
  correlationId: null,
};

describe('telegram api', () => {
  it('posts JSON to /bot<token>/<method> under the configured root and returns the result', async () => {
    const stub = scriptedFetch([json(200, { ok: true, result: { message_id: 7 } })]);
    const api = createTelegramApi({ apiRoot: 'http://127.0.0.1:9/', botToken: TOKEN, ...stub });
    const result = await api.call(
      'sendMessage',
      { chat_id: '1', text: 'hi' },
      z.object({ message_id: z.number() }),
    );
    expect(result).toEqual({ message_id: 7 });
    expect(stub.requests).toEqual([
      { url: `http://127.0.0.1:9/bot${TOKEN}/sendMessage`, body: { chat_id: '1', text: 'hi' } },
    ]);
  });

  it("reads a 429's retry_after", async () => {
    const stub = scriptedFetch([
      json(429, {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 3',
        parameters: { retry_after: 3 },
      }),
    ]);
    const api = createTelegramApi({ apiRoot: 'http://x', botToken: TOKEN, ...stub });
    const error = await api.call('sendMessage', {}, z.unknown()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramApiError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 3_000, permanent: false });
  });

  it('calls a refused chat permanent and a network failure transient, never showing the token', async () => {
    const stub = scriptedFetch([
      json(403, { ok: false, error_code: 403, description: `Forbidden: bot ${TOKEN} was blocked` }),
    ]);
    const api = createTelegramApi({ apiRoot: 'http://x', botToken: TOKEN, ...stub });
    const refused = await api.call('sendMessage', {}, z.unknown()).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 403, permanent: true });
    expect((refused as Error).message).not.toContain('SECRET');
    const down = await api.call('sendMessage', {}, z.unknown()).catch((e: unknown) => e);
    expect(down).toMatchObject({
      status: null,
      permanent: false,
      message: 'telegram sendMessage: fetch failed',
    });
  });
});

describe('telegram channel', () => {
  it('formats alerts in HTML mode, escaped', () => {
    expect(formatTelegramAlert(message)).toBe('⚠️ <b>Order &lt;rejected&gt;</b>\nINFY &amp; co');
  });

  it('sends to every chat and, on retry, only to the chats that missed it', async () => {
    const stub = scriptedFetch([
      json(200, { ok: true, result: {} }),
      json(429, { ok: false, description: 'slow down', parameters: { retry_after: 2 } }),
      json(200, { ok: true, result: {} }),
    ]);
    const channel = createTelegramChannel({
      api: createTelegramApi({ apiRoot: 'http://x', botToken: TOKEN, ...stub }),
      chatIds: ['1', '2'],
    });
    const failed = await channel.send(message).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(AlertSendError);
    expect(failed).toMatchObject({ retryAfterMs: 2_000, permanent: false });
    await channel.send(message);
    expect(stub.requests.map((r) => r.body.chat_id)).toEqual(['1', '2', '2']);
    expect(stub.requests[0]?.body).toMatchObject({ parse_mode: 'HTML' });
  });
});
