import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@kavach/config';
import type { PrismaClient } from '@kavach/db';
import type { Clock } from '@kavach/domain';
import { createPrismaAlertStore } from './alert-store';
import type { AlertStore, NewAlertRow } from './alert-store';
import { createAlertThrottle, DEFAULT_THROTTLE } from './alert-throttle';
import type { AlertThrottleOptions } from './alert-throttle';
import { describeError } from './alert-types';
import type { AlertChannel, AlertChannelName, AlertInput, AlertMessage } from './alert-types';
import { formatDailySummary } from './daily-summary';
import type { DailySummary } from './daily-summary';
import { DEFAULT_RETRY, deliverAlert } from './deliver-alert';
import type { Delivery, RetryPolicy } from './deliver-alert';

export type AlertsOptions = ({ readonly prisma: PrismaClient } | { readonly store: AlertStore }) & {
  readonly clock: Clock;
  readonly logger: Logger;
  /** The configured channels; none means alerts are only logged. */
  readonly channels: readonly AlertChannel[];
  /** Dedupe window 5 min, 20 alerts a minute per channel unless told otherwise. */
  readonly throttle?: Partial<AlertThrottleOptions>;
  /** 3 attempts, 1 s then 2 s apart (or as long as a 429 asks, at most 60 s). */
  readonly retry?: Partial<RetryPolicy>;
  /** Waits between attempts; resolves early when the signal aborts. Tests inject their own. */
  readonly wait?: (ms: number, signal: AbortSignal) => Promise<void>;
};

export interface Alerts {
  /** The channels alerts go to. */
  readonly channels: readonly AlertChannelName[];
  /**
   * Records the alert on every channel and sends it in the background; returns at once and
   * never throws. Sends on one channel happen one at a time, in the order notified.
   */
  notify(input: AlertInput): void;
  /** The day's P&L summary at the close (call after the EOD square-off). */
  sendDailySummary(summary: DailySummary): void;
  /** Resolves when every alert notified so far is sent, failed or suppressed, and recorded. */
  idle(): Promise<void>;
  /** No more alerts; pending ones get one last attempt, then connections close. Idempotent. */
  stop(): Promise<void>;
}

const DUPLICATE = 'suppressed: the same alert went out within the dedupe window';
const RATE_CAPPED = 'suppressed: rate cap reached on this channel';

/**
 * The alert service. Every alert is stored once per channel (PENDING → SENT / FAILED, or
 * SUPPRESSED straight away), so the record shows what the trader was told and what was held back.
 *
 * Throttling, kept simple on purpose:
 * - dedupe: an alert whose key (default `kind:title`) was accepted less than the window ago is
 *   SUPPRESSED on every channel; the window restarts only when an alert is accepted, so a
 *   condition that keeps firing is reported once per window;
 * - rate cap: per channel, non-CRITICAL alerts beyond the cap within the rate window are
 *   SUPPRESSED and counted; the next alert sent on that channel says how many were held back.
 * Both live in memory: after a restart the first alert of each kind goes out again.
 */
export function createAlerts(options: AlertsOptions): Alerts {
  const { clock, logger, channels } = options;
  const store = 'store' in options ? options.store : createPrismaAlertStore(options.prisma);
  const throttle = createAlertThrottle({ ...DEFAULT_THROTTLE, ...options.throttle });
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const stopSignal = new AbortController();
  const waitFor = options.wait ?? waitUnlessAborted;
  const queues = new Map<AlertChannelName, Promise<void>>();
  const pending = new Set<Promise<void>>();
  let stopping = false;
  let stopped: Promise<void> | null = null;

  /** Keeps a background job for idle(); the job must already handle its own errors. */
  function track(job: Promise<void>): void {
    const safe = job.catch((error: unknown) => {
      logger.error({ err: error }, 'alert job failed');
    });
    pending.add(safe);
    void safe.then(() => pending.delete(safe));
  }

  function enqueue(channel: AlertChannelName, job: () => Promise<void>): void {
    const previous = queues.get(channel) ?? Promise.resolve();
    const next = previous.then(job).catch((error: unknown) => {
      logger.error({ err: error, channel }, 'alert delivery job failed');
    });
    queues.set(channel, next);
    track(next);
  }

  function insertRow(row: NewAlertRow): Promise<string | null> {
    return store.insert(row).catch((error: unknown) => {
      // Telling the trader matters more than the record: send anyway.
      logger.error({ err: error, channel: row.channel, kind: row.kind }, 'alert not stored');
      return null;
    });
  }

  async function record(
    id: Promise<string | null>,
    channel: AlertChannelName,
    message: AlertMessage,
    delivery: Delivery,
  ): Promise<void> {
    if (delivery.ok) {
      logger.info({ channel, kind: message.kind, attempts: delivery.attempts }, 'alert sent');
    } else {
      logger.error(
        { channel, kind: message.kind, attempts: delivery.attempts, error: delivery.error },
        'alert not delivered',
      );
    }
    const rowId = await id;
    if (rowId === null) return;
    try {
      if (delivery.ok) await store.markSent(rowId, delivery.attempts, clock.now());
      else await store.markFailed(rowId, delivery.attempts, delivery.error);
    } catch (error) {
      logger.error({ err: error, channel, id: rowId }, 'alert outcome not stored');
    }
  }

  function dispatch(channel: AlertChannel, message: AlertMessage, row: NewAlertRow): void {
    const id = insertRow(row);
    if (row.status === 'SUPPRESSED') {
      track(id.then(() => undefined));
      return;
    }
    enqueue(channel.name, async () => {
      const delivery = await deliverAlert({
        channel,
        message,
        retry,
        wait: (ms) => waitFor(ms, stopSignal.signal),
        stopping: () => stopping,
        onAttemptFailed: (attempt, error) => {
          logger.warn(
            { channel: channel.name, attempt, error: describeError(error) },
            'alert send failed',
          );
        },
      });
      await record(id, channel.name, message, delivery);
    });
  }

  function notifyNow(input: AlertInput): void {
    const now = clock.now();
    const title = input.title.trim() === '' ? input.kind : input.title;
    const message: AlertMessage = {
      kind: input.kind,
      severity: input.severity,
      title,
      body: input.body,
      at: now,
      correlationId: input.correlationId ?? null,
    };
    const dedupeKey = input.dedupeKey ?? `${input.kind}:${title}`;
    const duplicate = throttle.isDuplicate(dedupeKey, now);
    for (const channel of channels) {
      const base = {
        channel: channel.name,
        severity: message.severity,
        kind: message.kind,
        dedupeKey,
        title,
        correlationId: message.correlationId,
        createdAt: now,
      };
      if (duplicate || !throttle.admit(channel.name, message.severity, now)) {
        const error = duplicate ? DUPLICATE : RATE_CAPPED;
        dispatch(channel, message, { ...base, body: message.body, status: 'SUPPRESSED', error });
        continue;
      }
      const held = throttle.takeSuppressed(channel.name);
      const outgoing =
        held === 0
          ? message
          : {
              ...message,
              body: `${message.body}\n\n(${held} earlier alert${held === 1 ? '' : 's'} held back by the rate cap: see the alert log)`,
            };
      dispatch(channel, outgoing, { ...base, body: outgoing.body, status: 'PENDING', error: null });
    }
    if (duplicate) logger.debug({ kind: input.kind, dedupeKey }, 'alert suppressed as a duplicate');
  }

  function notify(input: AlertInput): void {
    if (stopping) {
      logger.warn({ kind: input.kind, title: input.title }, 'alert after stop: not sent');
      return;
    }
    try {
      notifyNow(input);
    } catch (error) {
      logger.error({ err: error, kind: input.kind }, 'alert failed');
    }
  }

  async function idle(): Promise<void> {
    while (pending.size > 0) await Promise.all([...pending]);
  }

  async function stopNow(): Promise<void> {
    stopping = true;
    stopSignal.abort();
    await idle();
    for (const channel of channels) {
      try {
        await channel.close?.();
      } catch (error) {
        logger.warn({ err: error, channel: channel.name }, 'alert channel did not close');
      }
    }
  }

  return {
    channels: channels.map((c) => c.name),
    notify,
    sendDailySummary: (summary) => {
      try {
        notify(formatDailySummary(summary));
      } catch (error) {
        logger.error({ err: error, summary }, 'daily summary not sent');
      }
    },
    idle,
    stop: () => (stopped ??= stopNow()),
  };
}

function waitUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return sleep(ms, undefined, { signal }).catch(() => undefined);
}
