import type { AlertChannel, AlertMessage } from './alert-types';
import { AlertSendError, describeError } from './alert-types';

export interface RetryPolicy {
  /** Sends in all, the first included. */
  readonly attempts: number;
  /** Wait before the second attempt; doubled for each one after. */
  readonly baseDelayMs: number;
  /** No wait is longer, whatever a 429 asks: a stale alert is worth less than the next one. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 1_000, maxDelayMs: 60_000 };

export type Delivery =
  | { readonly ok: true; readonly attempts: number }
  | { readonly ok: false; readonly attempts: number; readonly error: string };

export interface DeliverOptions {
  readonly channel: AlertChannel;
  readonly message: AlertMessage;
  readonly retry: RetryPolicy;
  /** Resolves after ms, or early when stopping; never rejects. */
  readonly wait: (ms: number) => Promise<void>;
  /** True once the service is stopping: one attempt, no more waiting. */
  readonly stopping: () => boolean;
  /** Told about each failed attempt (for the log). */
  readonly onAttemptFailed: (attempt: number, error: unknown) => void;
}

/** Sends one message on one channel, retrying with backoff; never throws. */
export async function deliverAlert(options: DeliverOptions): Promise<Delivery> {
  const { channel, message, retry } = options;
  let attempts = 0;
  for (;;) {
    attempts += 1;
    try {
      await channel.send(message);
      return { ok: true, attempts };
    } catch (error) {
      options.onAttemptFailed(attempts, error);
      const permanent = error instanceof AlertSendError && error.permanent;
      if (permanent || attempts >= retry.attempts || options.stopping()) {
        return { ok: false, attempts, error: describeError(error) };
      }
      await options.wait(retryDelay(error, attempts, retry));
    }
  }
}

/** The service's own wait (Telegram's retry_after) when it gave one, else exponential backoff. */
export function retryDelay(error: unknown, attempt: number, retry: RetryPolicy): number {
  const asked = error instanceof AlertSendError ? error.retryAfterMs : null;
  const backoff = retry.baseDelayMs * 2 ** (attempt - 1);
  return Math.min(asked ?? backoff, retry.maxDelayMs);
}
