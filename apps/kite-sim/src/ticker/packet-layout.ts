/**
 * Kite's binary ticker layout (all big-endian). Tradable instruments: ltp 8 bytes, quote 44,
 * full 184; indices: ltp 8, quote 28, full 32. Prices are int32 paise for NSE/NFO/BSE/BFO.
 */
export const PACKET_SIZE = {
  tradable: { ltp: 8, quote: 44, full: 184 },
  index: { ltp: 8, quote: 28, full: 32 },
} as const;

/** The low byte of an instrument token for an index (the INDICES segment). */
export const INDICES_SEGMENT_ID = 9;

export const DEPTH_LEVELS = 5;
export const DEPTH_ENTRY_SIZE = 12;
/** Where the ten depth entries (five bids, then five asks) start in a full packet. */
export const DEPTH_OFFSET = 64;

export function isIndexToken(token: number): boolean {
  return token % 256 === INDICES_SEGMENT_ID;
}
