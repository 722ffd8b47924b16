import { Prisma } from '@kavach/db';
import type { PrismaClient } from '@kavach/db';

/** How a delivery ended; PENDING while its first request is still being processed. */
export type DeliveryOutcome = 'ACCEPTED' | 'REJECTED' | 'FAILED';
export const PENDING = 'PENDING';

export type JsonObject = Prisma.InputJsonObject;

export interface NewDelivery {
  readonly strategyId: string;
  readonly idempotencyKey: string;
  /** The alert as sent, without its secret. */
  readonly payload: JsonObject;
  readonly correlationId: string;
  readonly receivedAt: number;
}

export interface StoredDelivery {
  readonly id: string;
  readonly payload: unknown;
  readonly outcome: DeliveryOutcome | typeof PENDING;
  /** 0 while PENDING. */
  readonly httpStatus: number;
  readonly response: unknown;
  readonly correlationId: string | null;
}

export interface DeliveryResult {
  readonly outcome: DeliveryOutcome;
  readonly httpStatus: number;
  readonly response: JsonObject;
}

export type Claim =
  | { readonly claimed: true; readonly delivery: StoredDelivery }
  | { readonly claimed: false; readonly delivery: StoredDelivery };

export interface WebhookStore {
  /**
   * Records the delivery as PENDING, or returns the row already holding its key. The insert
   * comes first so that the unique index, not a read, decides between two concurrent
   * deliveries: exactly one of them is `claimed`.
   */
  readonly claim: (delivery: NewDelivery) => Promise<Claim>;
  readonly find: (strategyId: string, idempotencyKey: string) => Promise<StoredDelivery | null>;
  /** Writes the outcome of a claimed delivery; a finished row is never overwritten. */
  readonly finish: (id: string, result: DeliveryResult) => Promise<void>;
}

/** WebhookDelivery rows through the Prisma client (prisma/schema.prisma, webhook_deliveries). */
export function createWebhookStore(prisma: PrismaClient): WebhookStore {
  async function find(strategyId: string, idempotencyKey: string) {
    const row = await prisma.webhookDelivery.findUnique({
      where: { strategyId_idempotencyKey: { strategyId, idempotencyKey } },
    });
    return row === null ? null : toStoredDelivery(row);
  }

  return {
    claim: async (delivery) => {
      try {
        const row = await prisma.webhookDelivery.create({
          data: {
            strategyId: delivery.strategyId,
            idempotencyKey: delivery.idempotencyKey,
            payload: delivery.payload,
            outcome: PENDING,
            httpStatus: 0,
            response: {},
            correlationId: delivery.correlationId,
            receivedAt: new Date(delivery.receivedAt),
          },
        });
        return { claimed: true, delivery: toStoredDelivery(row) };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const existing = await find(delivery.strategyId, delivery.idempotencyKey);
      // Rows are never deleted while the engine runs; a miss here is a broken invariant.
      if (existing === null) {
        throw new Error(`webhook delivery ${delivery.idempotencyKey} collided but is not stored`);
      }
      return { claimed: false, delivery: existing };
    },
    find,
    finish: async (id, result) => {
      await prisma.webhookDelivery.updateMany({
        where: { id, outcome: PENDING },
        data: {
          outcome: result.outcome,
          httpStatus: result.httpStatus,
          response: result.response,
        },
      });
    },
  };
}

/**
 * The (strategy_id, idempotency_key) index is the table's only unique constraint besides the
 * generated id, so any P2002 on insert is a repeated key. (isUniqueViolation in packages/db
 * matches single columns and is not exported.)
 */
function isDuplicateKey(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

function toStoredDelivery(row: {
  id: string;
  payload: unknown;
  outcome: string;
  httpStatus: number;
  response: unknown;
  correlationId: string | null;
}): StoredDelivery {
  return {
    id: row.id,
    payload: row.payload,
    // Only this module writes the column: anything but a final outcome is PENDING.
    outcome: isOutcome(row.outcome) ? row.outcome : PENDING,
    httpStatus: row.httpStatus,
    response: row.response,
    correlationId: row.correlationId,
  };
}

function isOutcome(value: string): value is DeliveryOutcome {
  return value === 'ACCEPTED' || value === 'REJECTED' || value === 'FAILED';
}
