import { createLogger } from '@kavach/config';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { TelegramApi } from './telegram-api';
import { TelegramApiError } from './telegram-api';
import type { IncomingMessage } from './telegram-command-handler';
import { startTelegramCommands } from './telegram-commands';

const logger = createLogger('test', 'silent');

interface Call {
  readonly method: string;
  readonly params: Record<string, unknown>;
}

/** A Bot API whose getUpdates answers come from a script; the last answer waits for stop. */
function scriptedApi(polls: (unknown[] | Error)[]) {
  const calls: Call[] = [];
  let drained: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    drained = resolve;
  });
  const api: TelegramApi = {
    call<S extends z.ZodType>(
      method: string,
      params: Record<string, unknown>,
      schema: S,
      options?: { signal?: AbortSignal },
    ): Promise<z.infer<S>> {
      calls.push({ method, params });
      if (method !== 'getUpdates') return Promise.resolve(schema.parse({}));
      const next = polls.shift();
      if (next === undefined) {
        drained();
        return new Promise((_resolve, reject) => {
          options?.signal?.addEventListener('abort', () => {
            reject(new Error('aborted'));
          });
        });
      }
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(schema.parse(next));
    },
  };
  return { api, calls, done };
}

const update = (id: number, chatId: number, text: string) => ({
  update_id: id,
  message: { message_id: id, date: 0, chat: { id: chatId }, from: { username: 'trader' }, text },
});

describe('telegram command poller', () => {
  it('skips the backlog, advances the offset, answers each command and stops', async () => {
    const { api, calls, done } = scriptedApi([
      [update(40, 1, '/flatten CONFIRM 1234')],
      [update(41, 1, '/status'), { update_id: 42 }, update(43, 2, '/pause')],
      [],
    ]);
    const seen: IncomingMessage[] = [];
    const commands = startTelegramCommands({
      api,
      logger,
      handler: {
        handle: (message) => {
          seen.push(message);
          return Promise.resolve(message.chatId === '1' ? `answer to ${message.text}` : null);
        },
      },
    });
    await done;
    await commands.stop();
    // The stale confirmation waiting at start-up is never handled.
    expect(seen).toEqual([
      { chatId: '1', text: '/status', from: 'trader' },
      { chatId: '2', text: '/pause', from: 'trader' },
    ]);
    expect(calls.map((c) => [c.method, c.params.offset, c.params.timeout])).toEqual([
      ['getUpdates', -1, 0],
      ['getUpdates', 41, 25],
      ['sendMessage', undefined, undefined],
      ['getUpdates', 44, 25],
      ['getUpdates', 44, 25],
    ]);
    expect(calls[2]?.params).toEqual({ chat_id: '1', text: 'answer to /status' });
  });

  it('backs off after failures, honours retry_after, and resets after a success', async () => {
    const { api, done } = scriptedApi([
      [],
      new Error('ECONNRESET'),
      new Error('ECONNRESET'),
      new TelegramApiError('429 Too Many Requests', { status: 429, retryAfterMs: 5_000 }),
      [],
      new Error('ECONNRESET'),
    ]);
    const waits: number[] = [];
    const commands = startTelegramCommands({
      api,
      logger,
      handler: { handle: () => Promise.resolve(null) },
      wait: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    await done;
    await commands.stop();
    expect(waits).toEqual([1_000, 2_000, 5_000, 1_000]);
  });

  it('keeps polling when a handler throws, without replaying the update', async () => {
    const { api, calls, done } = scriptedApi([[], [update(7, 1, '/status')]]);
    const commands = startTelegramCommands({
      api,
      logger,
      skipBacklog: false,
      handler: { handle: () => Promise.reject(new Error('boom')) },
    });
    await done;
    await commands.stop();
    expect(calls.map((c) => c.params.offset)).toEqual([undefined, undefined, 8]);
  });
});
