import type { Logger } from '@kavach/config';
import type { PrismaClient } from '@kavach/db';
import { toJson } from '@kavach/db';
import type { Clock, MarketCalendar, Paise } from '@kavach/domain';
import { classifyRejection, istDate, paise } from '@kavach/domain';
import type { TrackedOrder } from '../oco/oco-types';
import type { EntryIntent, EntryPipeline } from './entry-pipeline';

export interface RejectionActionsOptions {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly calendar: MarketCalendar;
  readonly logger: Logger;
  readonly pipeline: () => EntryPipeline;
  /** Whether a queued entry may go now (entry window, EOD cut-off). */
  readonly readyForEntries: (now: number) => boolean;
  /** What happened, for people (the events channel and the alerts on it). */
  readonly announce: (
    type: string,
    message: string,
    data: Readonly<Record<string, string | number | null>>,
  ) => void;
  readonly elapsed?: () => number;
  /** Pause before a retry: the market needs a moment to show a new price. */
  readonly retryDelayMs?: number;
}

export type RejectionAction = 'RETRIED' | 'QUEUED' | 'GAVE_UP' | 'ALERTED' | 'FAILED' | 'NONE';

/** An intent as stored in queued_entries.request: plain JSON, money in paise. */
interface StoredIntent {
  readonly intent: Omit<EntryIntent, 'receivedMono'>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * What a refused entry calls for, by the broker's reason: a price refusal (circuit, tick,
 * protection) is tried again at a fresh price, at most twice; a market-timing refusal is kept
 * for the next session, checked again then (risk gates, fresh price) before anything is sent;
 * margin, quantity and RMS blocks are raised and never retried; anything unknown is raised as
 * a failure. The ORDER_REJECTED risk event (and its alert) is the OCO manager's.
 */
export function createRejectionActions(options: RejectionActionsOptions) {
  const { prisma, clock, calendar, logger } = options;
  const elapsed = options.elapsed ?? (() => performance.now());
  const intents = new Map<string, EntryIntent>();
  let releasing = false;

  async function retry(intent: EntryIntent, why: string): Promise<RejectionAction> {
    const next: EntryIntent = {
      ...intent,
      attempt: intent.attempt + 1,
      receivedAt: clock.now(),
      receivedMono: elapsed(),
    };
    options.announce(
      'entryRetry',
      `entry re-tried at a fresh price (${next.attempt} of 2): ${why}`,
      {
        correlationId: intent.correlationId,
        attempt: next.attempt,
      },
    );
    await sleep(options.retryDelayMs ?? 250);
    const outcome = await options.pipeline().submit(next);
    if (outcome?.groupId == null) {
      logger.warn({ correlationId: intent.correlationId, outcome }, 'entry retry refused');
    }
    return 'RETRIED';
  }

  async function queue(groupId: string, intent: EntryIntent, why: string) {
    const now = clock.now();
    const notBefore = calendar.nextSessionOpen(now);
    const { receivedMono: _mono, ...stored } = intent;
    await prisma.queuedEntry.create({
      data: {
        groupId,
        correlationId: intent.correlationId,
        request: toJson({ intent: stored } satisfies StoredIntent),
        reason: why,
        notBefore: new Date(notBefore),
        queuedAt: new Date(now),
      },
    });
    options.announce(
      'entryQueued',
      `${intent.opportunity.strategy} entry queued for the session opening ${new Date(notBefore).toISOString()}: ${why}`,
      { groupId, correlationId: intent.correlationId, notBefore },
    );
    return 'QUEUED' as const;
  }

  function revive(stored: StoredIntent): EntryIntent {
    const { intent } = stored;
    const { opportunity } = intent;
    return {
      ...intent,
      opportunity: {
        ...opportunity,
        entry: paise(opportunity.entry),
        stop: paise(opportunity.stop),
        tp1: paise(opportunity.tp1),
        tp2: paise(opportunity.tp2),
      },
      targets: intent.targets.map((t: Paise) => paise(t)),
      // A retry at the new session: the signal's price is still the yardstick.
      attempt: intent.attempt + 1,
      receivedAt: clock.now(),
      receivedMono: elapsed(),
    };
  }

  return {
    /** The pipeline opened a bracket for this intent. */
    remember(groupId: string, intent: EntryIntent): void {
      intents.set(groupId, intent);
    },

    forget(groupId: string): void {
      intents.delete(groupId);
    },

    /** An entry order was refused by the broker with nothing filled. */
    async entryRejected(order: TrackedOrder): Promise<RejectionAction> {
      const intent = intents.get(order.groupId);
      intents.delete(order.groupId);
      const why = classifyRejection(order.state.statusMessage);
      const message = order.state.statusMessage ?? 'no reason given';
      if (intent === undefined) return 'NONE';
      switch (why.action) {
        case 'RETRY_FRESH_PRICE':
          if (intent.attempt >= why.maxRetries) {
            options.announce(
              'entryGaveUp',
              `entry refused for price ${intent.attempt + 1} times; not tried again: ${message}`,
              { correlationId: intent.correlationId },
            );
            return 'GAVE_UP';
          }
          return retry(intent, message);
        case 'QUEUE_NEXT_SESSION':
          return queue(order.groupId, intent, message);
        case 'ALERT_NO_RETRY':
          return 'ALERTED';
        case 'ALERT_FAILED':
          return 'FAILED';
      }
    },

    /** Sends queued entries whose session has come (checked again on the way); expires stale ones. */
    async releaseDue(): Promise<number> {
      if (releasing) return 0;
      releasing = true;
      try {
        const now = clock.now();
        const due = await prisma.queuedEntry.findMany({
          where: { status: 'QUEUED', notBefore: { lte: new Date(now) } },
          orderBy: { queuedAt: 'asc' },
          take: 50,
        });
        let released = 0;
        for (const row of due) {
          const close = calendar.sessionCloseOn(istDate(row.notBefore.getTime()));
          if (close !== null && now >= close) {
            await prisma.queuedEntry.update({
              where: { id: row.id },
              data: { status: 'EXPIRED', settledAt: new Date(now) },
            });
            continue;
          }
          if (!calendar.isMarketOpen(now) || !options.readyForEntries(now)) continue;
          const intent = revive(row.request as unknown as StoredIntent);
          const outcome = await options.pipeline().submit(intent);
          await prisma.queuedEntry.update({
            where: { id: row.id },
            data: {
              status: outcome?.groupId == null ? 'EXPIRED' : 'RELEASED',
              settledAt: new Date(clock.now()),
              releasedGroupId: outcome?.groupId ?? null,
            },
          });
          if (outcome?.groupId != null) released += 1;
        }
        return released;
      } finally {
        releasing = false;
      }
    },

    /** How many entries wait for their session (for status). */
    async queued(): Promise<number> {
      return prisma.queuedEntry.count({ where: { status: 'QUEUED' } });
    },
  };
}

export type RejectionActions = ReturnType<typeof createRejectionActions>;
