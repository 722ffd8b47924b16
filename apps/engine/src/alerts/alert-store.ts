import type { PrismaClient } from '@kavach/db';
import { truncateText } from './alert-text';
import type { AlertChannelName, AlertSeverity } from './alert-types';

export type StoredAlertStatus = 'PENDING' | 'SENT' | 'FAILED' | 'SUPPRESSED';

/** One alert on one channel, as first written. */
export interface NewAlertRow {
  readonly channel: AlertChannelName;
  readonly severity: AlertSeverity;
  readonly kind: string;
  readonly dedupeKey: string;
  readonly title: string;
  readonly body: string;
  readonly status: 'PENDING' | 'SUPPRESSED';
  /** For a SUPPRESSED row: why (duplicate, rate cap), so the record explains the silence. */
  readonly error: string | null;
  readonly correlationId: string | null;
  readonly createdAt: number;
}

/** Where alerts are recorded: the `alerts` table in the engine, memory in unit tests. */
export interface AlertStore {
  insert(row: NewAlertRow): Promise<string>;
  markSent(id: string, attempts: number, sentAt: number): Promise<void>;
  markFailed(id: string, attempts: number, error: string): Promise<void>;
}

/** Column limits of the Alert model (prisma/schema.prisma). */
const LIMITS = { kind: 64, dedupeKey: 256, title: 256, correlationId: 64 } as const;

export function createPrismaAlertStore(prisma: PrismaClient): AlertStore {
  return {
    async insert(row) {
      const created = await prisma.alert.create({
        data: {
          channel: row.channel,
          severity: row.severity,
          kind: truncateText(row.kind, LIMITS.kind),
          dedupeKey: truncateText(row.dedupeKey, LIMITS.dedupeKey),
          title: truncateText(row.title, LIMITS.title),
          body: row.body,
          status: row.status,
          error: row.error,
          // A correlation id longer than the column is not one the engine made: drop it.
          correlationId:
            row.correlationId !== null && row.correlationId.length <= LIMITS.correlationId
              ? row.correlationId
              : null,
          createdAt: new Date(row.createdAt),
        },
        select: { id: true },
      });
      return created.id;
    },
    async markSent(id, attempts, sentAt) {
      await prisma.alert.update({
        where: { id },
        data: { status: 'SENT', attempts, sentAt: new Date(sentAt), error: null },
      });
    },
    async markFailed(id, attempts, error) {
      await prisma.alert.update({
        where: { id },
        data: { status: 'FAILED', attempts, error },
      });
    },
  };
}
