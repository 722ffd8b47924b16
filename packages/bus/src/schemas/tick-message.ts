import { z } from 'zod';
import { countSchema, epochMsSchema, priceSchema, tokenSchema } from './primitives';

/**
 * `ticks.<token>`: one market-data update, mirroring the broker port's `Tick`. Fields the
 * subscription mode does not carry (ltp mode has only the last price) are null.
 */
export const tickMessageSchema = z.object({
  token: tokenSchema,
  /** Kite subscription mode the tick came from: ltp, quote or full. */
  mode: z.enum(['ltp', 'quote', 'full']),
  lastPrice: priceSchema,
  /** Exchange timestamp when the venue sent one (full mode), else the receive time. */
  at: epochMsSchema,
  lastQuantity: countSchema.nullable(),
  averagePrice: priceSchema.nullable(),
  /** Cumulative volume traded today. */
  volume: countSchema.nullable(),
  /** Total quantity waiting on the buy and the sell side of the book. */
  buyQuantity: countSchema.nullable(),
  sellQuantity: countSchema.nullable(),
  /** Today's open, high and low; close is the previous session's close, as Kite sends it. */
  open: priceSchema.nullable(),
  high: priceSchema.nullable(),
  low: priceSchema.nullable(),
  close: priceSchema.nullable(),
  /** Top of the book (full mode only). */
  bestBid: priceSchema.nullable(),
  bestAsk: priceSchema.nullable(),
});

export type TickMessage = z.infer<typeof tickMessageSchema>;
