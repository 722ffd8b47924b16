import { LEG_ROLES, ORDER_SIDES, ORDER_STATUSES, ORDER_TYPES } from '@kavach/domain';
import { z } from 'zod';
import {
  countSchema,
  epochMsSchema,
  idSchema,
  priceSchema,
  textSchema,
  tokenSchema,
} from './primitives';

/**
 * `orders`: the current state of one order after a change (placed, acknowledged, filled,
 * cancelled, …). Quantities are cumulative; a view keeps the latest message per clientOrderId.
 * No check ties filledQuantity to quantity: an over-fill is a real event the views must show.
 */
export const orderMessageSchema = z.object({
  /** Our id, sent to Kite as the order `tag`. */
  clientOrderId: idSchema,
  /** Kite's order id; null until the broker acknowledged the order. */
  brokerOrderId: idSchema.nullable(),
  /** The OCO (bracket) group the order belongs to; null for a stand-alone order. */
  groupId: idSchema.nullable(),
  role: z.enum(LEG_ROLES),
  token: tokenSchema,
  tradingSymbol: z.string().min(1).max(64),
  side: z.enum(ORDER_SIDES),
  orderType: z.enum(ORDER_TYPES),
  quantity: countSchema,
  filledQuantity: countSchema,
  averagePrice: priceSchema.nullable(),
  /** LIMIT and SL; null otherwise. */
  price: priceSchema.nullable(),
  /** SL and SL-M; null otherwise. */
  triggerPrice: priceSchema.nullable(),
  status: z.enum(ORDER_STATUSES),
  /** The broker's words on the latest change (rejection reason, …). */
  statusMessage: textSchema.nullable(),
  correlationId: idSchema,
  at: epochMsSchema,
});

export type OrderMessage = z.infer<typeof orderMessageSchema>;
