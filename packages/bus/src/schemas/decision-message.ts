import { z } from 'zod';
import { countSchema, epochMsSchema, idSchema, amountSchema, textSchema } from './primitives';

/**
 * `decisions`: the risk gates' answer to one signal. A rejection carries a reason (the domain's
 * EntryRejectionReason, or another gate's code) and zero size; heat is the open risk in paise
 * before and after this entry (equal when rejected).
 */
export const decisionMessageSchema = z
  .object({
    id: idSchema,
    signalId: idSchema,
    approved: z.boolean(),
    /** Machine-readable code of the gate that refused (PORTFOLIO_HEAT, …); null when approved. */
    reason: z.string().min(1).max(64).nullable(),
    /** For people: the numbers that decided, in words. */
    detail: textSchema.nullable(),
    /** Units to order (lots × lot size). */
    quantity: countSchema,
    lots: countSchema,
    /** What the trade loses if its stop fills at the stop price. */
    riskAmount: amountSchema,
    heatBefore: amountSchema,
    heatAfter: amountSchema,
    configSha: z.string().regex(/^[0-9a-f]{64}$/),
    /** Idempotency key of the order plan this decision creates. */
    clientPlanId: idSchema,
    correlationId: idSchema,
    at: epochMsSchema,
  })
  .refine((decision) => decision.approved || decision.reason !== null, {
    message: 'a rejected decision names its reason',
    path: ['reason'],
  });

export type DecisionMessage = z.infer<typeof decisionMessageSchema>;
