import { SEGMENT_IDS } from './instrument';
import type { Segment } from './instrument';

/**
 * Kite's instrument_token is exchange_token << 8 | segment id, carried as an unsigned 32-bit
 * integer in ticker packets. Tokens above 2^31 exist, and JavaScript's << and | work on
 * signed 32-bit values, so everything here is plain multiplication and division.
 */
export const MAX_INSTRUMENT_TOKEN = 0xffff_ffff;
export const MAX_EXCHANGE_TOKEN = Math.floor(MAX_INSTRUMENT_TOKEN / 256);

const SEGMENT_BY_ID = new Map<number, Segment>(
  (Object.entries(SEGMENT_IDS) as [Segment, number][]).map(([segment, id]) => [id, segment]),
);

export interface DecodedInstrumentToken {
  readonly exchangeToken: number;
  readonly segment: Segment;
}

/** The segment a Kite segment id names, or null for an id Kite does not use. */
export function findSegmentById(id: number): Segment | null {
  return SEGMENT_BY_ID.get(id) ?? null;
}

export function encodeInstrumentToken(exchangeToken: number, segment: Segment): number {
  if (
    !Number.isSafeInteger(exchangeToken) ||
    exchangeToken < 0 ||
    exchangeToken > MAX_EXCHANGE_TOKEN
  ) {
    throw new RangeError(
      `exchange token must be an integer in 0..${MAX_EXCHANGE_TOKEN}, got ${exchangeToken}`,
    );
  }
  return exchangeToken * 256 + SEGMENT_IDS[segment];
}

export function decodeInstrumentToken(token: number): DecodedInstrumentToken {
  if (!Number.isSafeInteger(token) || token < 0 || token > MAX_INSTRUMENT_TOKEN) {
    throw new RangeError(
      `instrument token must be an integer in 0..${MAX_INSTRUMENT_TOKEN}, got ${token}`,
    );
  }
  const segment = findSegmentById(token % 256);
  if (segment === null) {
    throw new RangeError(`instrument token ${token} has unknown segment id ${token % 256}`);
  }
  return { exchangeToken: Math.floor(token / 256), segment };
}
