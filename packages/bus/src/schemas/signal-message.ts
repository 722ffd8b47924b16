import { EXCHANGES, ORDER_SIDES } from '@kavach/domain';
import { z } from 'zod';
import { epochMsSchema, idSchema, priceSchema, tokenSchema } from './primitives';

const featureMapSchema = z.record(z.string().min(1).max(64), z.number());

/** `signals`: a trade idea from a strategy or a webhook, before any risk gate. */
export const signalMessageSchema = z.object({
  id: idSchema,
  /** Strategy name (or `webhook:<source>` for TradingView alerts). */
  strategy: z.string().min(1).max(64),
  token: tokenSchema,
  exchange: z.enum(EXCHANGES),
  /** As Kite names it: `INFY`, `NIFTY25NOV24500CE`. */
  tradingSymbol: z.string().min(1).max(64),
  side: z.enum(ORDER_SIDES),
  entry: priceSchema,
  stop: priceSchema,
  tp1: priceSchema.nullable(),
  tp2: priceSchema.nullable(),
  /** Strategy confidence, 0 (none) to 1. */
  score: z.number().min(0).max(1),
  /** 1 = best of the signals ranked together; null when the signal was not ranked. */
  rank: z.int().min(1).nullable(),
  /** Raw feature values the strategy computed (indicator readings, ratios). */
  features: featureMapSchema,
  /** Each feature's contribution to the score. */
  featureScores: featureMapSchema,
  /** SHA-256 (hex) of the exact config that produced the signal. */
  configSha: z.string().regex(/^[0-9a-f]{64}$/),
  correlationId: idSchema,
  at: epochMsSchema,
});

export type SignalMessage = z.infer<typeof signalMessageSchema>;
