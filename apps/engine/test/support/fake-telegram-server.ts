import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A sendMessage call the bot made. */
export interface SentTelegramMessage {
  readonly chatId: string;
  readonly text: string;
  readonly parseMode: string | null;
}

interface Update {
  readonly update_id: number;
  readonly message: {
    readonly message_id: number;
    readonly date: number;
    readonly chat: { readonly id: number; readonly type: 'private' };
    readonly from: { readonly id: number; readonly is_bot: false; readonly username: string };
    readonly text: string;
  };
}

interface Poll {
  readonly offset: number;
  readonly respond: (updates: readonly Update[]) => void;
}

export interface FakeTelegram {
  /** For TELEGRAM_API_ROOT. */
  readonly apiRoot: string;
  readonly token: string;
  readonly sent: readonly SentTelegramMessage[];
  /** Every getUpdates request's offset, in order. */
  readonly pollOffsets: readonly (number | null)[];
  /** A person writes to the bot from a chat; a waiting long poll gets it at once. */
  userSays(chatId: number, text: string): void;
  /** The next n sendMessage calls answer 429 with this retry_after (seconds). */
  rateLimitNext(n: number, retryAfterSec: number): void;
  close(): Promise<void>;
}

/**
 * The parts of the Telegram Bot API the engine uses (sendMessage, getUpdates with offsets and
 * long polling), on 127.0.0.1. Requests with another token get Telegram's 401.
 */
export async function startFakeTelegram(token = '424242:fake-bot-token'): Promise<FakeTelegram> {
  const sent: SentTelegramMessage[] = [];
  const pollOffsets: (number | null)[] = [];
  const updates: Update[] = [];
  const polls = new Set<Poll>();
  let nextUpdateId = 500;
  let rateLimited = 0;
  let retryAfter = 1;

  const answer = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const pending = (offset: number): Update[] => updates.filter((u) => u.update_id >= offset);

  function getUpdates(body: Record<string, unknown>, res: ServerResponse): void {
    const offset = typeof body.offset === 'number' ? body.offset : null;
    pollOffsets.push(offset);
    if (offset !== null && offset < 0) {
      answer(res, 200, { ok: true, result: updates.slice(offset) });
      return;
    }
    // An offset confirms every update before it: Telegram forgets them.
    if (offset !== null) updates.splice(0, updates.length, ...pending(offset));
    const ready = pending(offset ?? 0);
    const timeoutSec = typeof body.timeout === 'number' ? body.timeout : 0;
    if (ready.length > 0 || timeoutSec === 0) {
      answer(res, 200, { ok: true, result: ready });
      return;
    }
    const poll: Poll = {
      offset: offset ?? 0,
      respond: (result) => {
        clearTimeout(timer);
        polls.delete(poll);
        if (!res.writableEnded) answer(res, 200, { ok: true, result });
      },
    };
    const timer = setTimeout(() => {
      poll.respond([]);
    }, timeoutSec * 1000);
    polls.add(poll);
    res.on('close', () => {
      clearTimeout(timer);
      polls.delete(poll);
    });
  }

  function sendMessage(body: Record<string, unknown>, res: ServerResponse): void {
    if (rateLimited > 0) {
      rateLimited -= 1;
      answer(res, 429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      });
      return;
    }
    const chatId =
      typeof body.chat_id === 'number' || typeof body.chat_id === 'string'
        ? String(body.chat_id)
        : null;
    if (chatId === null || typeof body.text !== 'string' || body.text === '') {
      answer(res, 400, {
        ok: false,
        error_code: 400,
        description: 'Bad Request: chat or message text missing',
      });
      return;
    }
    sent.push({
      chatId,
      text: body.text,
      parseMode: typeof body.parse_mode === 'string' ? body.parse_mode : null,
    });
    answer(res, 200, { ok: true, result: { message_id: sent.length, date: 0, text: body.text } });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    if (match?.[1] !== token) {
      answer(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      return;
    }
    if (match[2] === 'getUpdates') getUpdates(body, res);
    else if (match[2] === 'sendMessage') sendMessage(body, res);
    else answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      answer(res, 500, { ok: false, error_code: 500, description: 'fake telegram failed' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    sent,
    pollOffsets,
    userSays(chatId, text) {
      nextUpdateId += 1;
      updates.push({
        update_id: nextUpdateId,
        message: {
          message_id: nextUpdateId,
          date: 0,
          chat: { id: chatId, type: 'private' },
          from: { id: chatId, is_bot: false, username: `user${chatId}` },
          text,
        },
      });
      for (const poll of [...polls]) {
        const ready = pending(poll.offset);
        if (ready.length > 0) poll.respond(ready);
      }
    },
    rateLimitNext(n, retryAfterSec) {
      rateLimited = n;
      retryAfter = retryAfterSec;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const poll of [...polls]) poll.respond([]);
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
