import type { PrismaClient } from '@kavach/db';
import { decodeCursor, pageOf } from './cursor';

export interface AuditEntryView {
  readonly id: string;
  readonly at: number;
  readonly actorType: 'USER' | 'SYSTEM';
  readonly actor: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly correlationId: string | null;
  readonly payload: unknown;
}

export interface AuditQuery {
  /** e.g. "api." or "trading_mode": actions starting with it. */
  readonly actionPrefix: string | null;
  /** Part of the actor's name or e-mail, any case. */
  readonly actor: string | null;
  readonly correlationId: string | null;
  readonly cursor: string | null | undefined;
  readonly limit: number;
}

/** The audit log, newest first, filtered, a page at a time. */
export async function readAuditLog(
  prisma: PrismaClient,
  query: AuditQuery,
): Promise<{ readonly items: AuditEntryView[]; readonly nextCursor: string | null }> {
  const cursor = decodeCursor(query.cursor);
  const rows = await prisma.auditLog.findMany({
    where: {
      AND: [
        query.actionPrefix === null ? {} : { action: { startsWith: query.actionPrefix } },
        query.actor === null ? {} : { actor: { contains: query.actor, mode: 'insensitive' } },
        query.correlationId === null ? {} : { correlationId: query.correlationId },
        cursor === null
          ? {}
          : { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] },
      ],
    },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
  });
  const { page, nextCursor } = pageOf(rows, query.limit, (row) => ({ at: row.at, id: row.id }));
  return {
    items: page.map((row) => ({
      id: row.id,
      at: row.at.getTime(),
      actorType: row.actorType,
      actor: row.actor,
      action: row.action,
      entity: row.entity,
      entityId: row.entityId,
      correlationId: row.correlationId,
      payload: row.payload,
    })),
    nextCursor,
  };
}
