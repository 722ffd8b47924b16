import { z } from 'zod';
import { epochMsSchema, idSchema, textSchema, tokenSchema } from './primitives';

export const RISK_SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'] as const;
export type RiskSeverity = (typeof RISK_SEVERITIES)[number];

/** `risk`: a risk event as stored (illegal transition, over-fill, loss limit hit, …). */
export const riskMessageSchema = z.object({
  id: idSchema,
  /** Machine-readable kind: ILLEGAL_TRANSITION, OVERFILL, DAILY_LOSS_STOP, … */
  kind: z.string().min(1).max(64),
  severity: z.enum(RISK_SEVERITIES),
  message: textSchema,
  token: tokenSchema.nullable(),
  clientOrderId: idSchema.nullable(),
  groupId: idSchema.nullable(),
  correlationId: idSchema.nullable(),
  at: epochMsSchema,
});

export type RiskMessage = z.infer<typeof riskMessageSchema>;
