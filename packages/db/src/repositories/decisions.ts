import type { Paise } from '@kavach/domain';
import { DuplicateKeyError } from '../errors';
import type { Decision as DecisionRow } from '../generated/prisma/client';
import { fromDbAmount, toDbAmount } from '../money';
import { isUniqueViolation } from '../unique-violation';
import type { DbClient } from './db-client';

export interface NewDecision {
  readonly signalId: string;
  readonly approved: boolean;
  /** The gate's typed reason when refused; null when approved. */
  readonly reason: string | null;
  readonly capital: Paise;
  readonly riskAmount: Paise;
  readonly riskPctBps: number;
  readonly quantity: number;
  readonly lots: number;
  readonly heatBefore: Paise;
  readonly heatAfter: Paise;
  /** The config that produced this decision; must already be stored. */
  readonly configSha: string;
  /** Idempotency key of the plan: a retry with the same id is refused. */
  readonly clientPlanId: string;
  readonly correlationId: string;
  readonly createdAt?: Date;
}

export interface StoredDecision extends Required<Omit<NewDecision, 'createdAt'>> {
  readonly id: string;
  readonly createdAt: Date;
}

const CLIENT_PLAN_ID = { table: 'decisions', column: 'client_plan_id' } as const;

/** Throws DuplicateKeyError('DUPLICATE_CLIENT_PLAN_ID') when the plan id is taken. */
export async function persistDecision(
  db: DbClient,
  decision: NewDecision,
): Promise<StoredDecision> {
  try {
    const row = await db.decision.create({
      data: {
        signalId: decision.signalId,
        approved: decision.approved,
        reason: decision.reason,
        capitalPaise: toDbAmount(decision.capital),
        riskAmountPaise: toDbAmount(decision.riskAmount),
        riskPctBps: decision.riskPctBps,
        quantity: decision.quantity,
        lots: decision.lots,
        heatBeforePaise: toDbAmount(decision.heatBefore),
        heatAfterPaise: toDbAmount(decision.heatAfter),
        configSha: decision.configSha,
        clientPlanId: decision.clientPlanId,
        correlationId: decision.correlationId,
        ...(decision.createdAt === undefined ? {} : { createdAt: decision.createdAt }),
      },
    });
    return toStoredDecision(row);
  } catch (error) {
    if (isUniqueViolation(error, CLIENT_PLAN_ID)) {
      throw new DuplicateKeyError('DUPLICATE_CLIENT_PLAN_ID', decision.clientPlanId, {
        cause: error,
      });
    }
    throw error;
  }
}

export async function findDecisionByClientPlanId(
  db: DbClient,
  clientPlanId: string,
): Promise<StoredDecision | null> {
  const row = await db.decision.findUnique({ where: { clientPlanId } });
  return row === null ? null : toStoredDecision(row);
}

function toStoredDecision(row: DecisionRow): StoredDecision {
  return {
    id: row.id,
    signalId: row.signalId,
    approved: row.approved,
    reason: row.reason,
    capital: fromDbAmount(row.capitalPaise),
    riskAmount: fromDbAmount(row.riskAmountPaise),
    riskPctBps: row.riskPctBps,
    quantity: row.quantity,
    lots: row.lots,
    heatBefore: fromDbAmount(row.heatBeforePaise),
    heatAfter: fromDbAmount(row.heatAfterPaise),
    configSha: row.configSha,
    clientPlanId: row.clientPlanId,
    correlationId: row.correlationId,
    createdAt: row.createdAt,
  };
}
