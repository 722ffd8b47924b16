import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@kavach/config';
import { z } from 'zod';
import { AlertSendError, describeError } from './alert-types';
import type { TelegramApi } from './telegram-api';
import type { IncomingMessage, TelegramCommandHandler } from './telegram-command-handler';

const updatesSchema = z.array(
  z.object({
    update_id: z.number().int(),
    message: z
      .object({
        chat: z.object({ id: z.number() }),
        from: z.object({ username: z.string().optional() }).optional(),
        text: z.string().optional(),
      })
      .optional(),
  }),
);

type Update = z.infer<typeof updatesSchema>[number];

export interface TelegramCommandsOptions {
  readonly api: TelegramApi;
  readonly handler: TelegramCommandHandler;
  readonly logger: Logger;
  /** Long-poll duration Telegram holds each getUpdates open; 25 s. */
  readonly pollTimeoutSec?: number;
  /**
   * Drop what was sent while the engine was down (default true): a `/pause` or a confirmation
   * from hours ago must not act now.
   */
  readonly skipBacklog?: boolean;
  /** Backoff after a failed poll: doubles from initialMs up to maxMs; 1 s … 60 s. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** Waits between failed polls; resolves early when the signal aborts. Tests inject their own. */
  readonly wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface TelegramCommands {
  /** Ends the long poll (aborting the request in flight) and resolves when the loop has exited. */
  stop(): Promise<void>;
}

/**
 * Commands from Telegram by long polling getUpdates. The offset acknowledges an update before
 * it is handled: a command that crashes its handler must not be replayed on every poll.
 * Messages are handled one at a time, in order, so `/flatten` always precedes its confirmation.
 */
export function startTelegramCommands(options: TelegramCommandsOptions): TelegramCommands {
  const { api, handler, logger } = options;
  const pollTimeoutSec = options.pollTimeoutSec ?? 25;
  const backoff = options.backoff ?? { initialMs: 1_000, maxMs: 60_000 };
  const waitFor =
    options.wait ?? ((ms, signal) => sleep(ms, undefined, { signal }).catch(() => undefined));
  const abort = new AbortController();
  const { signal } = abort;
  // A function, not `signal.aborted` inline: the flag changes behind the compiler's back.
  const stopped = (): boolean => signal.aborted;

  async function getUpdates(params: Record<string, unknown>, timeoutSec: number) {
    return api.call(
      'getUpdates',
      { ...params, timeout: timeoutSec, allowed_updates: ['message'] },
      updatesSchema,
      {
        // The HTTP request must outlive Telegram's own long-poll timeout.
        timeoutMs: (timeoutSec + 10) * 1000,
        signal,
      },
    );
  }

  /** The offset after everything already waiting: offset -1 returns only the newest update. */
  async function offsetAfterBacklog(): Promise<number | undefined> {
    const newest = await getUpdates({ offset: -1 }, 0);
    const last = newest.at(-1);
    if (last === undefined) return undefined;
    logger.info({ upTo: last.update_id }, 'telegram: older commands skipped');
    return last.update_id + 1;
  }

  async function reply(chatId: string, text: string): Promise<void> {
    try {
      await api.call('sendMessage', { chat_id: chatId, text }, z.unknown(), { signal });
    } catch (error) {
      logger.warn({ chatId, error: describeError(error) }, 'telegram reply not sent');
    }
  }

  async function handleUpdate(update: Update): Promise<void> {
    const message = update.message;
    if (message?.text === undefined) return;
    const incoming: IncomingMessage = {
      chatId: String(message.chat.id),
      text: message.text,
      ...(message.from?.username === undefined ? {} : { from: message.from.username }),
    };
    try {
      const answer = await handler.handle(incoming);
      if (answer !== null) await reply(incoming.chatId, answer);
    } catch (error) {
      logger.error({ err: error, chatId: incoming.chatId }, 'telegram command handler failed');
    }
  }

  async function loop(): Promise<void> {
    let offset: number | undefined;
    let backlogSkipped = options.skipBacklog === false;
    let failures = 0;
    while (!stopped()) {
      try {
        if (!backlogSkipped) {
          offset = await offsetAfterBacklog();
          backlogSkipped = true;
        }
        const updates = await getUpdates(offset === undefined ? {} : { offset }, pollTimeoutSec);
        failures = 0;
        for (const update of updates) {
          if (stopped()) return;
          offset = Math.max(offset ?? 0, update.update_id + 1);
          await handleUpdate(update);
        }
      } catch (error) {
        if (stopped()) return;
        failures += 1;
        const asked = error instanceof AlertSendError ? error.retryAfterMs : null;
        const delay = Math.min(asked ?? backoff.initialMs * 2 ** (failures - 1), backoff.maxMs);
        // A 409 means another poller (or a webhook) holds this bot: say so, keep trying slowly.
        logger.warn({ error: describeError(error), failures, delay }, 'telegram getUpdates failed');
        await waitFor(delay, signal);
      }
    }
  }

  const running = loop().catch((error: unknown) => {
    logger.error({ err: error }, 'telegram command loop ended');
  });

  return {
    stop: async () => {
      abort.abort();
      await running;
    },
  };
}
