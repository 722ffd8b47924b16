import type { DepthLevel, Quote } from '../market/market-contract';
import {
  DEPTH_ENTRY_SIZE,
  DEPTH_LEVELS,
  DEPTH_OFFSET,
  isIndexToken,
  PACKET_SIZE,
} from './packet-layout';
import type { TickMode } from './tick-mode';

const UINT32_MAX = 0xffff_ffff;
const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;

/** Counts (volume, quantities, OI) are unsigned 32-bit on the wire; clamp instead of wrapping. */
function writeCount(buf: Buffer, value: number, offset: number): void {
  buf.writeUInt32BE(Math.min(Math.max(Math.trunc(value), 0), UINT32_MAX), offset);
}

function writePrice(buf: Buffer, paise: number, offset: number): void {
  buf.writeInt32BE(Math.min(Math.max(Math.round(paise), INT32_MIN), INT32_MAX), offset);
}

function writeSeconds(buf: Buffer, epochMs: number, offset: number): void {
  writeCount(buf, Math.floor(epochMs / 1000), offset);
}

function writeDepthSide(buf: Buffer, levels: readonly DepthLevel[], offset: number): void {
  for (let i = 0; i < DEPTH_LEVELS; i++) {
    const level = levels[i];
    const at = offset + i * DEPTH_ENTRY_SIZE;
    // Missing levels stay zero, as Kite sends them; the last two bytes are padding.
    if (level === undefined) continue;
    writeCount(buf, level.quantity, at);
    writePrice(buf, level.price, at + 4);
    buf.writeUInt16BE(Math.min(Math.max(level.orders, 0), 0xffff), at + 8);
  }
}

function encodeIndex(quote: Quote, mode: 'quote' | 'full'): Buffer {
  const buf = Buffer.alloc(PACKET_SIZE.index[mode]);
  writeCount(buf, quote.token, 0);
  writePrice(buf, quote.lastPrice, 4);
  // Indices put high/low before open/close, unlike tradables.
  writePrice(buf, quote.high, 8);
  writePrice(buf, quote.low, 12);
  writePrice(buf, quote.open, 16);
  writePrice(buf, quote.close, 20);
  writePrice(buf, quote.lastPrice - quote.close, 24);
  if (mode === 'full') writeSeconds(buf, quote.timestamp, 28);
  return buf;
}

function encodeTradable(quote: Quote, mode: 'quote' | 'full'): Buffer {
  const buf = Buffer.alloc(PACKET_SIZE.tradable[mode]);
  writeCount(buf, quote.token, 0);
  writePrice(buf, quote.lastPrice, 4);
  writeCount(buf, quote.lastQuantity, 8);
  writePrice(buf, quote.averagePrice, 12);
  writeCount(buf, quote.volume, 16);
  writeCount(buf, quote.buyQuantity, 20);
  writeCount(buf, quote.sellQuantity, 24);
  writePrice(buf, quote.open, 28);
  writePrice(buf, quote.high, 32);
  writePrice(buf, quote.low, 36);
  writePrice(buf, quote.close, 40);
  if (mode === 'full') {
    writeSeconds(buf, quote.lastTradeTime, 44);
    writeCount(buf, quote.oi, 48);
    writeCount(buf, quote.oiDayHigh, 52);
    writeCount(buf, quote.oiDayLow, 56);
    writeSeconds(buf, quote.timestamp, 60);
    writeDepthSide(buf, quote.depth.buy, DEPTH_OFFSET);
    writeDepthSide(buf, quote.depth.sell, DEPTH_OFFSET + DEPTH_LEVELS * DEPTH_ENTRY_SIZE);
  }
  return buf;
}

/** One ticker packet for a quote in a mode; the layout (index or tradable) follows the token. */
export function encodePacket(quote: Quote, mode: TickMode): Buffer {
  if (mode === 'ltp') {
    const buf = Buffer.alloc(PACKET_SIZE.tradable.ltp);
    writeCount(buf, quote.token, 0);
    writePrice(buf, quote.lastPrice, 4);
    return buf;
  }
  return isIndexToken(quote.token) ? encodeIndex(quote, mode) : encodeTradable(quote, mode);
}

/** A binary message: int16 packet count, then for each packet its int16 length and bytes. */
export function encodeFrame(packets: readonly Buffer[]): Buffer {
  if (packets.length > 0xffff)
    throw new RangeError(`too many packets in one frame: ${packets.length}`);
  const size = packets.reduce((total, p) => total + 2 + p.length, 2);
  const frame = Buffer.allocUnsafe(size);
  frame.writeUInt16BE(packets.length, 0);
  let offset = 2;
  for (const packet of packets) {
    frame.writeUInt16BE(packet.length, offset);
    packet.copy(frame, offset + 2);
    offset += 2 + packet.length;
  }
  return frame;
}

/** Kite's keep-alive: a one-byte binary message every second while nothing else is sent. */
export const HEARTBEAT_FRAME: Buffer = Buffer.from([0]);
