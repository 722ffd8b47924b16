import { z } from 'zod';
import { escapeHtml, severityIcon, truncateText } from './alert-text';
import { AlertSendError, describeError } from './alert-types';
import type { AlertChannel, AlertMessage } from './alert-types';
import type { TelegramApi } from './telegram-api';
import { TelegramApiError } from './telegram-api';

export interface TelegramChannelOptions {
  readonly api: TelegramApi;
  /** Every chat that gets alerts (TELEGRAM_CHAT_ID, comma-separated). */
  readonly chatIds: readonly string[];
}

/** Telegram allows 4096 characters after entity parsing; the rest is kept for the title. */
const MAX_BODY = 3500;

/** The text of an alert in Telegram's HTML mode: icon, bold title, body. */
export function formatTelegramAlert(message: AlertMessage): string {
  const title = `${severityIcon(message.severity)} <b>${escapeHtml(truncateText(message.title, 200))}</b>`;
  const body = escapeHtml(truncateText(message.body, MAX_BODY));
  return body === '' ? title : `${title}\n${body}`;
}

/**
 * Alerts to every configured chat. A retry of the same message goes only to the chats that
 * have not received it yet: one unreachable chat must not spam the others.
 */
export function createTelegramChannel(options: TelegramChannelOptions): AlertChannel {
  const { api, chatIds } = options;
  // Keyed by the message object, which the alert service reuses across attempts.
  const delivered = new WeakMap<AlertMessage, Set<string>>();

  return {
    name: 'TELEGRAM',
    async send(message) {
      const done = delivered.get(message) ?? new Set<string>();
      delivered.set(message, done);
      const text = formatTelegramAlert(message);
      const failures: unknown[] = [];
      for (const chatId of chatIds) {
        if (done.has(chatId)) continue;
        try {
          await api.call(
            'sendMessage',
            { chat_id: chatId, text, parse_mode: 'HTML', disable_web_page_preview: true },
            z.unknown(),
          );
          done.add(chatId);
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length > 0) throw combineFailures(failures, chatIds.length);
    },
  };
}

/** One error for the retry loop: wait as long as the slowest chat asks; give up only if all are hopeless. */
function combineFailures(failures: readonly unknown[], chats: number): AlertSendError {
  const apiErrors = failures.filter((f): f is TelegramApiError => f instanceof TelegramApiError);
  const waits = apiErrors.map((e) => e.retryAfterMs ?? 0);
  const permanent = apiErrors.length === failures.length && apiErrors.every((e) => e.permanent);
  const first = failures[0];
  const prefix = chats > 1 ? `${failures.length} of ${chats} chats failed: ` : '';
  return new AlertSendError(`${prefix}${describeError(first)}`, {
    retryAfterMs: waits.length > 0 && Math.max(...waits) > 0 ? Math.max(...waits) : null,
    permanent,
    cause: first,
  });
}
