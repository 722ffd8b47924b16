import { MAX_INSTRUMENT_TOKEN, MAX_PAISE } from '@kavach/domain';
import type { Paise } from '@kavach/domain';
import { z } from 'zod';

/**
 * Wire primitives. Money is a JSON number of integer paise (never a bigint: JSON has none, and
 * MAX_PAISE is far inside the exact float range); times are epoch milliseconds.
 */

// A local copy: this check runs for every price of every message.
const MAX = MAX_PAISE;

function isPaise(value: unknown): value is Paise {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX;
}

/** A price in paise: an integer in 0..MAX_PAISE (an untraded instrument can show 0). */
export const priceSchema = z.custom<Paise>(isPaise, {
  message: `expected integer paise in 0..${MAX_PAISE}`,
});

/** An amount that cannot be negative (risk, heat), in paise. */
export const amountSchema = priceSchema;

/** Kite's instrument_token: an unsigned 32-bit integer. */
export const tokenSchema = z.int().min(0).max(MAX_INSTRUMENT_TOKEN);

/** Epoch milliseconds (UTC); display code converts to IST. */
export const epochMsSchema = z.int().min(0);

/** Share, contract or lot counts. */
export const countSchema = z.int().min(0);

/** Identifiers (database ids, client order ids, correlation ids): non-empty, bounded. */
export const idSchema = z.string().min(1).max(128);

/** Free text for people; bounded so a runaway message cannot flood every view. */
export const textSchema = z.string().max(4_000);
