import { isoDateToEpochDay } from '@kavach/domain';
import type { Paise } from '@kavach/domain';

/**
 * Synthetic NFO exchange tokens for simulated contracts. Real tokens are arbitrary numbers
 * assigned by the exchange; the simulator needs tokens that are unique and, because the
 * engine stores them, the same for the same contract on every simulated day. So the token is
 * built from the contract itself, packed into Kite's 24-bit exchange_token:
 *
 *   bits 21–23  underlying slot × 3 + kind (FUT 0, CE 1, PE 2), 0..7
 *   bits 10–20  days from 2025-12-31 to the expiry, 1..2047 (2026-01-01 to 2031-08-09)
 *   bits  0–9   strike ÷ strike step (0 for futures), 0..1023
 *
 * Distinct contracts get distinct tokens by construction, never 0; what does not fit throws.
 */

const EPOCH_DAY_BASE = isoDateToEpochDay('2025-12-31');
const DAY_SLOTS = 2_048;
const STRIKE_SLOTS = 1_024;
const KIND_SLOTS = 8;
const KINDS = { FUT: 0, CE: 1, PE: 2 } as const;

export interface DerivativeTokenInput {
  readonly tokenSlot: number;
  readonly kind: keyof typeof KINDS;
  readonly expiry: string;
  /** Null for a future. */
  readonly strike: Paise | null;
  readonly strikeStep: Paise;
}

export function encodeDerivativeExchangeToken(input: DerivativeTokenInput): number {
  const { tokenSlot, kind, expiry, strike, strikeStep } = input;
  const kindSlot = tokenSlot * 3 + KINDS[kind];
  if (!Number.isSafeInteger(tokenSlot) || tokenSlot < 0 || kindSlot >= KIND_SLOTS) {
    throw new RangeError(`token slot ${tokenSlot} for ${kind} does not fit the token layout`);
  }
  const day = isoDateToEpochDay(expiry) - EPOCH_DAY_BASE;
  if (day < 1 || day >= DAY_SLOTS) {
    throw new RangeError(`expiry ${expiry} is outside 2026-01-01 to 2031-08-09`);
  }
  let strikeSlot = 0;
  if (strike !== null) {
    strikeSlot = strike / strikeStep;
    if (!Number.isSafeInteger(strikeSlot) || strikeSlot < 1 || strikeSlot >= STRIKE_SLOTS) {
      throw new RangeError(
        `strike ${strike} paise is not a multiple of ${strikeStep} below ${STRIKE_SLOTS} steps`,
      );
    }
  }
  return (kindSlot * DAY_SLOTS + day) * STRIKE_SLOTS + strikeSlot;
}
