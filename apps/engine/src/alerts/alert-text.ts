import { formatIstTimestamp } from '@kavach/domain';
import type { AlertMessage, AlertSeverity } from './alert-types';

const ICONS: Record<AlertSeverity, string> = {
  INFO: 'ℹ️',
  WARNING: '⚠️',
  CRITICAL: '🔴',
};

/** A marker a trader recognises on a phone lock screen before reading the text. */
export function severityIcon(severity: AlertSeverity): string {
  return ICONS[severity];
}

/** Cuts text to a length, saying so, so a long broker message cannot break a channel's limit. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Telegram's HTML parse mode needs only these three escaped. */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The footer every long-form alert (e-mail) carries: what, when (IST), which trade. */
export function describeAlertContext(message: AlertMessage): string {
  const lines = [`Kind: ${message.kind}`, `At: ${formatIstTimestamp(message.at)} IST`];
  if (message.correlationId !== null) lines.push(`Correlation id: ${message.correlationId}`);
  return lines.join('\n');
}
