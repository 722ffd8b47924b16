import type { Env } from '@kavach/config';
import type { AlertChannel } from './alert-types';
import { createEmailChannel } from './email-channel';
import { createTelegramApi } from './telegram-api';
import type { TelegramApi } from './telegram-api';
import { createTelegramChannel } from './telegram-channel';
import { createWebhookChannel } from './webhook-channel';

export interface TelegramSettings {
  readonly apiRoot: string;
  readonly botToken: string;
  /** Alerts go to all of them; they are also the only chats whose commands are obeyed. */
  readonly chatIds: readonly string[];
}

export interface EmailSettings {
  readonly smtpUrl: string;
  readonly to: string;
  readonly from?: string;
}

/** Which channels are on; an absent (null) one is off. */
export interface AlertSettings {
  readonly telegram: TelegramSettings | null;
  readonly email: EmailSettings | null;
  readonly webhookUrl: string | null;
}

export type AlertEnv = Pick<
  Env,
  | 'TELEGRAM_BOT_TOKEN'
  | 'TELEGRAM_CHAT_ID'
  | 'TELEGRAM_API_ROOT'
  | 'SMTP_URL'
  | 'ALERT_EMAIL_TO'
  | 'ALERT_WEBHOOK_URL'
>;

/** `123, -100456` → ['123', '-100456']: TELEGRAM_CHAT_ID may name several chats. */
export function parseChatIds(value: string | undefined): string[] {
  if (value === undefined) return [];
  return [...new Set(value.split(',').map((id) => id.trim()))].filter((id) => id !== '');
}

/** The alert settings the parsed environment describes (e-mail needs both SMTP_URL and ALERT_EMAIL_TO). */
export function readAlertSettings(env: AlertEnv): AlertSettings {
  const chatIds = parseChatIds(env.TELEGRAM_CHAT_ID);
  return {
    telegram:
      env.TELEGRAM_BOT_TOKEN !== undefined && chatIds.length > 0
        ? { apiRoot: env.TELEGRAM_API_ROOT, botToken: env.TELEGRAM_BOT_TOKEN, chatIds }
        : null,
    email:
      env.SMTP_URL !== undefined && env.ALERT_EMAIL_TO !== undefined
        ? { smtpUrl: env.SMTP_URL, to: env.ALERT_EMAIL_TO }
        : null,
    webhookUrl: env.ALERT_WEBHOOK_URL ?? null,
  };
}

export function createTelegramApiFor(settings: TelegramSettings): TelegramApi {
  return createTelegramApi({ apiRoot: settings.apiRoot, botToken: settings.botToken });
}

/** One channel per configured setting. */
export function createAlertChannels(settings: AlertSettings): AlertChannel[] {
  const channels: AlertChannel[] = [];
  if (settings.telegram !== null) {
    channels.push(
      createTelegramChannel({
        api: createTelegramApiFor(settings.telegram),
        chatIds: settings.telegram.chatIds,
      }),
    );
  }
  if (settings.email !== null) channels.push(createEmailChannel(settings.email));
  if (settings.webhookUrl !== null)
    channels.push(createWebhookChannel({ url: settings.webhookUrl }));
  return channels;
}
