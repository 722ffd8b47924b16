import { AlertSendError, describeError } from './alert-types';
import type { AlertChannel } from './alert-types';

export interface WebhookChannelOptions {
  readonly url: string;
  /** Default 10 s. */
  readonly timeoutMs?: number;
  /** Injected in unit tests; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
}

/**
 * Alerts as a JSON POST to any receiver (n8n, a pager, a Slack relay):
 * `{ kind, severity, title, body, at, correlationId }`, `at` in epoch ms.
 */
export function createWebhookChannel(options: WebhookChannelOptions): AlertChannel {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;

  return {
    name: 'WEBHOOK',
    async send(message) {
      let response: Response;
      try {
        response = await doFetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            kind: message.kind,
            severity: message.severity,
            title: message.title,
            body: message.body,
            at: message.at,
            correlationId: message.correlationId,
          }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new AlertSendError(`webhook: ${describeError(error)}`, { cause: error });
      }
      // The body is not needed, but must be consumed so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return;
      const { status } = response;
      throw new AlertSendError(`webhook: HTTP ${status}`, {
        retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
        // A receiver that refuses the request itself will refuse it again; overload and 5xx pass.
        permanent: status >= 400 && status < 500 && status !== 408 && status !== 429,
      });
    },
  };
}

/** Retry-After in seconds (the date form is rare for webhooks and is ignored). */
function retryAfterMs(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}
