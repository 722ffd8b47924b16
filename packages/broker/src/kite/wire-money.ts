import { rupeesToPaise } from '@kavach/domain';
import type { Paise } from '@kavach/domain';
import { readFiniteNumber } from './wire-fields';
import type { WireRecord } from './wire-fields';

/** A rupee amount (Kite's floats) as paise, rounded half away from zero. */
export function readPaise(record: WireRecord, field: string): Paise | undefined {
  const rupees = readFiniteNumber(record, field);
  if (rupees === undefined) return undefined;
  try {
    return rupeesToPaise(rupees);
  } catch (error) {
    // Beyond any real amount: treat as unreadable rather than crash on a venue's bad payload.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * A price Kite writes as 0 when there is none (a MARKET order's price, an unfilled order's
 * average, an unknown last price): null then.
 */
export function readOptionalPrice(record: WireRecord, field: string): Paise | null | undefined {
  const value = record[field];
  if (value === null || value === undefined) return null;
  const amount = readPaise(record, field);
  if (amount === undefined) return undefined;
  return amount === 0 ? null : amount;
}
