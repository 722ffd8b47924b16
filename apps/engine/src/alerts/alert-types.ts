export const ALERT_SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_CHANNEL_NAMES = ['TELEGRAM', 'EMAIL', 'WEBHOOK'] as const;
export type AlertChannelName = (typeof ALERT_CHANNEL_NAMES)[number];

/** What a caller asks to tell the trader. */
export interface AlertInput {
  /** What raised it, machine-readable: ORDER_REJECTED, KILL_SWITCH, EOD, DAILY_SUMMARY, … */
  readonly kind: string;
  readonly severity: AlertSeverity;
  readonly title: string;
  readonly body: string;
  /** Repeats with the same key inside the dedupe window are stored SUPPRESSED; default kind+title. */
  readonly dedupeKey?: string;
  readonly correlationId?: string | null;
}

/** An alert as a channel sends it. */
export interface AlertMessage {
  readonly kind: string;
  readonly severity: AlertSeverity;
  readonly title: string;
  readonly body: string;
  /** When it was raised (epoch ms, from the engine's clock). */
  readonly at: number;
  readonly correlationId: string | null;
}

/** One way of reaching the trader. A send either delivers or throws (AlertSendError ideally). */
export interface AlertChannel {
  readonly name: AlertChannelName;
  send(message: AlertMessage): Promise<void>;
  /** Releases connections (SMTP); optional. */
  close?(): Promise<void>;
}

/**
 * A failed send, with what the retry loop needs: whether trying again can help (a bad token or
 * an unknown chat will not), and how long the service asked us to wait (Telegram's 429).
 */
export class AlertSendError extends Error {
  readonly retryAfterMs: number | null;
  readonly permanent: boolean;

  constructor(
    message: string,
    options: { retryAfterMs?: number | null; permanent?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AlertSendError';
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.permanent = options.permanent ?? false;
  }
}

/** A short, loggable description of any thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message === '' ? error.name : error.message;
  return String(error);
}
