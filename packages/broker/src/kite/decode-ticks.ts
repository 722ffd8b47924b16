import type { Paise } from '@kavach/domain';
import type { Tick, TickMode } from '../broker';

/**
 * Kite's binary ticker frames decoded straight into the port's Tick, without the official
 * client's per-field buffer copies and rupee floats. Same answers as KiteTicker's parser
 * followed by `toTick` (test/map-tick.ts) for every well-formed frame; see decode-ticks.test.ts.
 * The ticker socket (kite-ws-ticker-socket.ts) calls it on every ticks frame (ADR 8).
 *
 * Frame: uint16 packet count, then per packet a uint16 length and that many bytes, all
 * big-endian. The packet's length says its mode: ltp 8, index quote 28, index full 32,
 * quote 44, full 184.
 *
 * The instrument token is read as uint32, as Kite issues it (pykiteconnect does too): KiteTicker
 * reads it as int32, which turns tokens past 2^31 (NFO options among them) negative, and an
 * engine then ticks an instrument it does not know. Every other 32-bit field is read as int32
 * as KiteTicker does (pykiteconnect reads uint32): a volume past 2^31 turns negative on both
 * paths, kept so that the property test can hold this decoder to the stock path.
 */

/** What one frame decoded to. */
export interface DecodedTicks {
  readonly ticks: readonly Tick[];
  /**
   * Declared packets that gave no tick: cut off by the end of the frame, or of a length no
   * mode has. The ticks before a cut are still good, so a bad frame is not all-or-nothing,
   * the way the stock path skips an unreadable tick and keeps the rest.
   */
  readonly unreadable: number;
}

const NO_TICKS: DecodedTicks = { ticks: [], unreadable: 0 };

const LTP_SIZE = 8;
const INDEX_QUOTE_SIZE = 28;
const INDEX_FULL_SIZE = 32;
const QUOTE_SIZE = 44;
const FULL_SIZE = 184;

/** Best bid and ask: the first of five buy, then of five sell depth entries (12 bytes each). */
const BEST_BID_OFFSET = 64;
const BEST_ASK_OFFSET = 124;

// The token's low byte is its segment; currency segments send prices in finer units than
// paise (KiteTicker divides NSE CDS by 10^7 and BSE CDS by 10^4 to get rupees).
const SEGMENT_NSE_CD = 3;
const SEGMENT_BSE_CD = 6;
const NSE_CD_UNITS_PER_PAISE = 100_000;
const BSE_CD_UNITS_PER_PAISE = 100;

function findUnitsPerPaise(token: number): number {
  const segment = token & 0xff;
  if (segment === SEGMENT_NSE_CD) return NSE_CD_UNITS_PER_PAISE;
  if (segment === SEGMENT_BSE_CD) return BSE_CD_UNITS_PER_PAISE;
  return 1;
}

/**
 * Wire units to paise, half away from zero like rupeesToPaise, in integers only. An int32
 * always fits the Paise range, so paise()'s check is skipped on this hot path.
 */
function toPaise(units: number, unitsPerPaise: number): Paise {
  if (unitsPerPaise === 1) return units as Paise;
  const magnitude = Math.abs(units);
  // Exact: an int32 over 10^2 or 10^5 is never within a float's error of the next integer.
  const whole = Math.floor(magnitude / unitsPerPaise);
  const rounded = (magnitude - whole * unitsPerPaise) * 2 >= unitsPerPaise ? whole + 1 : whole;
  return (units < 0 && rounded !== 0 ? -rounded : rounded) as Paise;
}

/** Kite writes 0 for a price it does not have (no trade yet, an empty level). */
function toOptionalPaise(units: number, unitsPerPaise: number): Paise | null {
  const amount = toPaise(units, unitsPerPaise);
  return amount === 0 ? null : amount;
}

/** Epoch seconds, 0 when the venue sent none; then the receive time stands in. */
function toEpochMs(seconds: number, receivedAt: number): number {
  return seconds === 0 ? receivedAt : seconds * 1000;
}

/** The price of a depth entry when it has quantity; KiteTicker reads quantities as int32 too. */
function readBestPrice(view: DataView, entry: number, unitsPerPaise: number): Paise | null {
  if (view.getInt32(entry) <= 0) return null;
  return toOptionalPaise(view.getInt32(entry + 4), unitsPerPaise);
}

function decodeLtp(view: DataView, at: number, receivedAt: number): Tick {
  const token = view.getUint32(at);
  return {
    token,
    mode: 'ltp',
    lastPrice: toPaise(view.getInt32(at + 4), findUnitsPerPaise(token)),
    at: receivedAt,
    lastQuantity: null,
    averagePrice: null,
    volume: null,
    buyQuantity: null,
    sellQuantity: null,
    open: null,
    high: null,
    low: null,
    close: null,
    bestBid: null,
    bestAsk: null,
  };
}

/** Indices carry no trade fields and order their OHLC high, low, open, close. */
function decodeIndex(view: DataView, at: number, full: boolean, receivedAt: number): Tick {
  const token = view.getUint32(at);
  const units = findUnitsPerPaise(token);
  const mode: TickMode = full ? 'full' : 'quote';
  return {
    token,
    mode,
    lastPrice: toPaise(view.getInt32(at + 4), units),
    at: full ? toEpochMs(view.getInt32(at + 28), receivedAt) : receivedAt,
    lastQuantity: null,
    averagePrice: null,
    volume: null,
    buyQuantity: null,
    sellQuantity: null,
    open: toOptionalPaise(view.getInt32(at + 16), units),
    high: toOptionalPaise(view.getInt32(at + 8), units),
    low: toOptionalPaise(view.getInt32(at + 12), units),
    close: toOptionalPaise(view.getInt32(at + 20), units),
    bestBid: null,
    bestAsk: null,
  };
}

function decodeQuote(view: DataView, at: number, full: boolean, receivedAt: number): Tick {
  const token = view.getUint32(at);
  const units = findUnitsPerPaise(token);
  const mode: TickMode = full ? 'full' : 'quote';
  return {
    token,
    mode,
    lastPrice: toPaise(view.getInt32(at + 4), units),
    at: full ? toEpochMs(view.getInt32(at + 60), receivedAt) : receivedAt,
    lastQuantity: view.getInt32(at + 8),
    averagePrice: toOptionalPaise(view.getInt32(at + 12), units),
    volume: view.getInt32(at + 16),
    buyQuantity: view.getInt32(at + 20),
    sellQuantity: view.getInt32(at + 24),
    open: toOptionalPaise(view.getInt32(at + 28), units),
    high: toOptionalPaise(view.getInt32(at + 32), units),
    low: toOptionalPaise(view.getInt32(at + 36), units),
    close: toOptionalPaise(view.getInt32(at + 40), units),
    bestBid: full ? readBestPrice(view, at + BEST_BID_OFFSET, units) : null,
    bestAsk: full ? readBestPrice(view, at + BEST_ASK_OFFSET, units) : null,
  };
}

/** Null for a length no mode has; KiteTicker drops those packets silently. */
function decodePacket(view: DataView, at: number, size: number, receivedAt: number): Tick | null {
  switch (size) {
    case LTP_SIZE:
      return decodeLtp(view, at, receivedAt);
    case INDEX_QUOTE_SIZE:
      return decodeIndex(view, at, false, receivedAt);
    case INDEX_FULL_SIZE:
      return decodeIndex(view, at, true, receivedAt);
    case QUOTE_SIZE:
      return decodeQuote(view, at, false, receivedAt);
    case FULL_SIZE:
      return decodeQuote(view, at, true, receivedAt);
    default:
      return null;
  }
}

function viewFrame(frame: ArrayBuffer | Uint8Array): DataView {
  return frame instanceof Uint8Array
    ? new DataView(frame.buffer, frame.byteOffset, frame.byteLength)
    : new DataView(frame);
}

/**
 * One binary frame as ticks; never throws on bad bytes. A heartbeat (1 byte) or empty frame is
 * no ticks. `receivedAt` (epoch ms) stands in for the exchange time where the packet has none,
 * as in `toTick`.
 */
export function decodeTicks(frame: ArrayBuffer | Uint8Array, receivedAt: number): DecodedTicks {
  if (frame.byteLength < 2) return NO_TICKS;
  const view = viewFrame(frame);
  const end = view.byteLength;
  const count = view.getUint16(0);
  const ticks: Tick[] = [];
  let unreadable = 0;
  let offset = 2;
  for (let i = 0; i < count; i++) {
    const start = offset + 2;
    // A cut-off length or body ends the frame: nothing after it can be located.
    if (start > end) return { ticks, unreadable: unreadable + count - i };
    const size = view.getUint16(offset);
    offset = start + size;
    if (offset > end) return { ticks, unreadable: unreadable + count - i };
    const tick = decodePacket(view, start, size, receivedAt);
    if (tick === null) unreadable++;
    else ticks.push(tick);
  }
  return { ticks, unreadable };
}
