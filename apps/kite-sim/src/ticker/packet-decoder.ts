import type { DepthLevel } from '../market/market-contract';
import {
  DEPTH_ENTRY_SIZE,
  DEPTH_LEVELS,
  DEPTH_OFFSET,
  isIndexToken,
  PACKET_SIZE,
} from './packet-layout';
import type { TickMode } from './tick-mode';

/**
 * A ticker packet read back into integers (paise, epoch seconds). It exists to check the
 * encoder independently of the official client, and for tools that inspect frames.
 */
export interface DecodedPacket {
  readonly token: number;
  readonly mode: TickMode;
  readonly tradable: boolean;
  readonly lastPrice: number;
  readonly lastQuantity?: number;
  readonly averagePrice?: number;
  readonly volume?: number;
  readonly buyQuantity?: number;
  readonly sellQuantity?: number;
  readonly open?: number;
  readonly high?: number;
  readonly low?: number;
  readonly close?: number;
  /** Indices only: net change in paise as sent. */
  readonly change?: number;
  readonly lastTradeTime?: number;
  readonly oi?: number;
  readonly oiDayHigh?: number;
  readonly oiDayLow?: number;
  readonly exchangeTimestamp?: number;
  readonly depth?: { readonly buy: readonly DepthLevel[]; readonly sell: readonly DepthLevel[] };
}

function readDepth(buf: Buffer, offset: number): DepthLevel[] {
  const levels: DepthLevel[] = [];
  for (let i = 0; i < DEPTH_LEVELS; i++) {
    const at = offset + i * DEPTH_ENTRY_SIZE;
    levels.push({
      quantity: buf.readUInt32BE(at),
      price: buf.readInt32BE(at + 4) as DepthLevel['price'],
      orders: buf.readUInt16BE(at + 8),
    });
  }
  return levels;
}

export function decodePacket(buf: Buffer): DecodedPacket {
  const token = buf.readUInt32BE(0);
  const lastPrice = buf.readInt32BE(4);
  const tradable = !isIndexToken(token);
  if (buf.length === PACKET_SIZE.tradable.ltp) return { token, mode: 'ltp', tradable, lastPrice };
  if (
    !tradable &&
    (buf.length === PACKET_SIZE.index.quote || buf.length === PACKET_SIZE.index.full)
  ) {
    const full = buf.length === PACKET_SIZE.index.full;
    return {
      token,
      mode: full ? 'full' : 'quote',
      tradable,
      lastPrice,
      high: buf.readInt32BE(8),
      low: buf.readInt32BE(12),
      open: buf.readInt32BE(16),
      close: buf.readInt32BE(20),
      change: buf.readInt32BE(24),
      ...(full ? { exchangeTimestamp: buf.readUInt32BE(28) } : {}),
    };
  }
  if (buf.length !== PACKET_SIZE.tradable.quote && buf.length !== PACKET_SIZE.tradable.full) {
    throw new RangeError(`no ticker layout is ${buf.length} bytes long (token ${token})`);
  }
  const full = buf.length === PACKET_SIZE.tradable.full;
  const quote = {
    token,
    mode: full ? ('full' as const) : ('quote' as const),
    tradable,
    lastPrice,
    lastQuantity: buf.readUInt32BE(8),
    averagePrice: buf.readInt32BE(12),
    volume: buf.readUInt32BE(16),
    buyQuantity: buf.readUInt32BE(20),
    sellQuantity: buf.readUInt32BE(24),
    open: buf.readInt32BE(28),
    high: buf.readInt32BE(32),
    low: buf.readInt32BE(36),
    close: buf.readInt32BE(40),
  };
  if (!full) return quote;
  return {
    ...quote,
    lastTradeTime: buf.readUInt32BE(44),
    oi: buf.readUInt32BE(48),
    oiDayHigh: buf.readUInt32BE(52),
    oiDayLow: buf.readUInt32BE(56),
    exchangeTimestamp: buf.readUInt32BE(60),
    depth: {
      buy: readDepth(buf, DEPTH_OFFSET),
      sell: readDepth(buf, DEPTH_OFFSET + DEPTH_LEVELS * DEPTH_ENTRY_SIZE),
    },
  };
}

/** Split a binary message into its packets; a 1-byte message is a heartbeat with none. */
export function decodeFrame(frame: Buffer): Buffer[] {
  if (frame.length < 2) return [];
  const count = frame.readUInt16BE(0);
  const packets: Buffer[] = [];
  let offset = 2;
  for (let i = 0; i < count; i++) {
    const size = frame.readUInt16BE(offset);
    const end = offset + 2 + size;
    if (end > frame.length) throw new RangeError('ticker frame is shorter than its packet lengths');
    packets.push(frame.subarray(offset + 2, end));
    offset = end;
  }
  return packets;
}
