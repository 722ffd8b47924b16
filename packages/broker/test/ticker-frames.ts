/**
 * Kite ticker frames for tests, byte for byte the layout kite-sim's encoder writes
 * (apps/kite-sim/src/ticker/packet-encoder.ts, which packages may not import). Every field is
 * a raw int32 word so property tests can reach any value the wire can carry; kite-sim clamps
 * counts to uint32 instead, which is the same bits for what a real market sends.
 */

export type PacketLayout = 'ltp' | 'indexQuote' | 'indexFull' | 'quote' | 'full';

export const PACKET_LAYOUTS: readonly PacketLayout[] = [
  'ltp',
  'indexQuote',
  'indexFull',
  'quote',
  'full',
];

export const PACKET_SIZES: Readonly<Record<PacketLayout, number>> = {
  ltp: 8,
  indexQuote: 28,
  indexFull: 32,
  quote: 44,
  full: 184,
};

export interface DepthEntry {
  readonly quantity: number;
  readonly price: number;
  readonly orders: number;
}

/** One packet's words; a layout writes the ones it has. Prices in wire units, times in s. */
export interface PacketFields {
  readonly token: number;
  readonly lastPrice: number;
  readonly lastQuantity: number;
  readonly averagePrice: number;
  readonly volume: number;
  readonly buyQuantity: number;
  readonly sellQuantity: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Indices only: the net change as the venue sends it. */
  readonly change: number;
  readonly lastTradeTime: number;
  readonly oi: number;
  readonly oiDayHigh: number;
  readonly oiDayLow: number;
  readonly exchangeTimestamp: number;
  /** Five bids then five asks; missing entries stay zero, as Kite sends them. */
  readonly depth: readonly DepthEntry[];
}

export interface PacketSpec {
  readonly layout: PacketLayout;
  readonly fields: PacketFields;
}

const DEPTH_OFFSET = 64;
const DEPTH_ENTRY_SIZE = 12;
const DEPTH_ENTRIES = 10;

function writeIndex(buf: Buffer, f: PacketFields, full: boolean): void {
  // Indices put high and low before open and close, unlike tradables.
  buf.writeInt32BE(f.high, 8);
  buf.writeInt32BE(f.low, 12);
  buf.writeInt32BE(f.open, 16);
  buf.writeInt32BE(f.close, 20);
  buf.writeInt32BE(f.change, 24);
  if (full) buf.writeInt32BE(f.exchangeTimestamp, 28);
}

function writeDepth(buf: Buffer, depth: readonly DepthEntry[]): void {
  for (let i = 0; i < DEPTH_ENTRIES; i++) {
    const entry = depth[i];
    if (entry === undefined) continue;
    const at = DEPTH_OFFSET + i * DEPTH_ENTRY_SIZE;
    buf.writeInt32BE(entry.quantity, at);
    buf.writeInt32BE(entry.price, at + 4);
    buf.writeUInt16BE(entry.orders, at + 8);
  }
}

function writeTradable(buf: Buffer, f: PacketFields, full: boolean): void {
  buf.writeInt32BE(f.lastQuantity, 8);
  buf.writeInt32BE(f.averagePrice, 12);
  buf.writeInt32BE(f.volume, 16);
  buf.writeInt32BE(f.buyQuantity, 20);
  buf.writeInt32BE(f.sellQuantity, 24);
  buf.writeInt32BE(f.open, 28);
  buf.writeInt32BE(f.high, 32);
  buf.writeInt32BE(f.low, 36);
  buf.writeInt32BE(f.close, 40);
  if (!full) return;
  buf.writeInt32BE(f.lastTradeTime, 44);
  buf.writeInt32BE(f.oi, 48);
  buf.writeInt32BE(f.oiDayHigh, 52);
  buf.writeInt32BE(f.oiDayLow, 56);
  buf.writeInt32BE(f.exchangeTimestamp, 60);
  writeDepth(buf, f.depth);
}

export function encodePacket({ layout, fields }: PacketSpec): Buffer {
  const buf = Buffer.alloc(PACKET_SIZES[layout]);
  // Kite's tokens are unsigned; `| 0` writes the same 32 bits for a signed or unsigned one.
  buf.writeInt32BE(fields.token | 0, 0);
  buf.writeInt32BE(fields.lastPrice, 4);
  if (layout === 'indexQuote' || layout === 'indexFull') {
    writeIndex(buf, fields, layout === 'indexFull');
  } else if (layout === 'quote' || layout === 'full') {
    writeTradable(buf, fields, layout === 'full');
  }
  return buf;
}

/** A binary message: uint16 packet count, then each packet's uint16 length and bytes. */
export function encodeFrame(packets: readonly Buffer[]): Buffer {
  const size = packets.reduce((total, p) => total + 2 + p.length, 2);
  const frame = Buffer.alloc(size);
  frame.writeUInt16BE(packets.length, 0);
  let offset = 2;
  for (const packet of packets) {
    frame.writeUInt16BE(packet.length, offset);
    packet.copy(frame, offset + 2);
    offset += 2 + packet.length;
  }
  return frame;
}

/** INFY on NSE in full mode, the figures map-tick.test.ts uses. */
export function infyFields(overrides: Partial<PacketFields> = {}): PacketFields {
  return {
    token: 408065,
    lastPrice: 157370,
    lastQuantity: 7,
    averagePrice: 157013,
    volume: 1_250_000,
    buyQuantity: 40_000,
    sellQuantity: 38_500,
    open: 156505,
    high: 158020,
    low: 156000,
    close: 155240,
    change: 0,
    lastTradeTime: 1_795_405_498,
    oi: 0,
    oiDayHigh: 0,
    oiDayLow: 0,
    exchangeTimestamp: 1_795_405_499,
    depth: [
      { quantity: 120, price: 157365, orders: 3 },
      { quantity: 80, price: 157360, orders: 2 },
      { quantity: 0, price: 0, orders: 0 },
      { quantity: 0, price: 0, orders: 0 },
      { quantity: 0, price: 0, orders: 0 },
      { quantity: 0, price: 0, orders: 0 },
      { quantity: 50, price: 157380, orders: 1 },
    ],
    ...overrides,
  };
}
