import { createTransport } from 'nodemailer';
import { describeAlertContext, truncateText } from './alert-text';
import { AlertSendError, describeError } from './alert-types';
import type { AlertChannel, AlertMessage } from './alert-types';

export interface EmailChannelOptions {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465 (TLS). */
  readonly smtpUrl: string;
  readonly to: string;
  /** Default: the SMTP user when it is an address (what most relays insist on), else `to`. */
  readonly from?: string;
  /** Connection, greeting and socket timeout each; default 15 s. */
  readonly timeoutMs?: number;
}

export function formatEmailSubject(message: AlertMessage): string {
  return `[Kavach ${message.severity}] ${truncateText(message.title, 200)}`;
}

export function formatEmailText(message: AlertMessage): string {
  return `${message.body}\n\n--\n${describeAlertContext(message)}\n`;
}

/** Alerts by SMTP through nodemailer: one plain-text mail per alert. */
export function createEmailChannel(options: EmailChannelOptions): AlertChannel {
  const timeout = options.timeoutMs ?? 15_000;
  const transport = createTransport({
    url: options.smtpUrl,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  const from = options.from ?? senderFromUrl(options.smtpUrl) ?? options.to;

  return {
    name: 'EMAIL',
    async send(message) {
      try {
        await transport.sendMail({
          from: { name: 'Kavach', address: from },
          to: options.to,
          subject: formatEmailSubject(message),
          text: formatEmailText(message),
        });
      } catch (error) {
        throw new AlertSendError(`smtp: ${describeError(error)}`, {
          permanent: isPermanentSmtpError(error),
          cause: error,
        });
      }
    },
    close() {
      transport.close();
      return Promise.resolve();
    },
  };
}

/** The URL's user name when it looks like an address (most providers log in with one). */
function senderFromUrl(smtpUrl: string): string | null {
  try {
    const user = decodeURIComponent(new URL(smtpUrl).username);
    return user.includes('@') ? user : null;
  } catch {
    return null;
  }
}

/** 5xx replies and refused logins will fail the same way next time; 4xx and network errors may not. */
function isPermanentSmtpError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { responseCode, code } = error as { responseCode?: unknown; code?: unknown };
  if (code === 'EAUTH' || code === 'EENVELOPE') return true;
  return typeof responseCode === 'number' && responseCode >= 500;
}
