import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWithKiteTicker, toArrayBuffer } from '../../test/stock-tick-path';
import {
  encodeFrame,
  encodePacket,
  infyFields,
  PACKET_LAYOUTS,
  PACKET_SIZES,
} from '../../test/ticker-frames';
import type { DepthEntry, PacketFields, PacketSpec } from '../../test/ticker-frames';
import { decodeTicks } from './decode-ticks';

const RECEIVED_AT = 1_795_405_500_000;
const NIFTY_50 = 256265;
// The token's low byte is its segment: 3 is NSE CDS, 6 is BSE CDS.
const USDINR_NSE_CD = 1609 * 256 + 3;
const USDINR_BSE_CD = 1609 * 256 + 6;

/**
 * The two answers every well-formed frame must share, but for the token: Kite's tokens are
 * unsigned, which KiteTicker reads as int32 and decodeTicks as uint32.
 */
function decodeBoth(frame: Buffer) {
  return {
    ours: decodeTicks(frame, RECEIVED_AT),
    stock: decodeWithKiteTicker(toArrayBuffer(frame), RECEIVED_AT).map((tick) => ({
      ...tick,
      token: tick.token >>> 0,
    })),
  };
}

const int32 = fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff });
const uint16 = fc.integer({ min: 0, max: 0xffff });

// Zero, tiny, and exact half-paise amounts in the currency segments' units are where a
// rounding or "0 means none" rule would show a difference.
const wirePrice = fc.oneof(
  int32,
  fc.constant(0),
  fc.integer({ min: -500, max: 500 }),
  fc.integer({ min: -42_949_672, max: 42_949_672 }).map((n) => n * 50),
  fc.integer({ min: -42_949, max: 42_949 }).map((n) => n * 50_000),
);
const wireCount = fc.oneof(int32, fc.integer({ min: -5, max: 5 }));
const wireSeconds = fc.oneof(fc.constant(0), int32, fc.integer({ min: 1.7e9, max: 1.9e9 }));
// Every segment byte, so NSE CDS (3), BSE CDS (6) and indices (9) all come up.
const token = fc.oneof(
  int32,
  fc
    .tuple(fc.integer({ min: 0, max: 0x7f_ffff }), fc.integer({ min: 0, max: 12 }))
    .map(([id, segment]) => id * 256 + segment),
);

const depthEntry: fc.Arbitrary<DepthEntry> = fc.record({
  quantity: wireCount,
  price: wirePrice,
  orders: uint16,
});

const packetFields: fc.Arbitrary<PacketFields> = fc.record({
  token,
  lastPrice: wirePrice,
  lastQuantity: wireCount,
  averagePrice: wirePrice,
  volume: wireCount,
  buyQuantity: wireCount,
  sellQuantity: wireCount,
  open: wirePrice,
  high: wirePrice,
  low: wirePrice,
  close: wirePrice,
  change: int32,
  lastTradeTime: wireSeconds,
  oi: wireCount,
  oiDayHigh: wireCount,
  oiDayLow: wireCount,
  exchangeTimestamp: wireSeconds,
  depth: fc.array(depthEntry, { minLength: 10, maxLength: 10 }),
});

const packetSpec: fc.Arbitrary<PacketSpec> = fc.record({
  layout: fc.constantFrom(...PACKET_LAYOUTS),
  fields: packetFields,
});

const wellFormedFrame = fc.array(packetSpec, { maxLength: 24 }).map((specs) => ({
  specs,
  frame: encodeFrame(specs.map(encodePacket)),
}));

describe('the instrument token', () => {
  it('is read unsigned: a token past 2^31 stays the instrument Kite issued', () => {
    const nfoOption = 0x8000_0000 + 12_345 * 256 + 2;
    const frame = encodeFrame([
      encodePacket({ layout: 'ltp', fields: infyFields({ token: nfoOption }) }),
    ]);
    expect(decodeTicks(frame, RECEIVED_AT).ticks.map((tick) => tick.token)).toEqual([nfoOption]);
  });
});

describe('decodeTicks', () => {
  it('reads a full packet into the tick toTick makes of KiteTicker’s parse', () => {
    const { ours, stock } = decodeBoth(
      encodeFrame([encodePacket({ layout: 'full', fields: infyFields() })]),
    );
    expect(ours).toEqual({
      ticks: [
        {
          token: 408065,
          mode: 'full',
          lastPrice: 157370,
          at: 1_795_405_499_000,
          lastQuantity: 7,
          averagePrice: 157013,
          volume: 1_250_000,
          buyQuantity: 40_000,
          sellQuantity: 38_500,
          open: 156505,
          high: 158020,
          low: 156000,
          close: 155240,
          bestBid: 157365,
          // An empty best level is no price at all.
          bestAsk: null,
        },
      ],
      unreadable: 0,
    });
    expect(ours.ticks).toEqual(stock);
  });

  it('takes an index’s OHLC in its own order and its time only in full mode', () => {
    const fields = infyFields({ token: NIFTY_50, high: 2_460_000, low: 2_440_000 });
    const frame = encodeFrame([
      encodePacket({ layout: 'indexQuote', fields }),
      encodePacket({ layout: 'indexFull', fields }),
      encodePacket({ layout: 'ltp', fields }),
      encodePacket({ layout: 'quote', fields: infyFields() }),
    ]);
    const { ours, stock } = decodeBoth(frame);
    expect(ours.ticks.map((t) => [t.mode, t.at, t.high, t.low, t.volume])).toEqual([
      ['quote', RECEIVED_AT, 2_460_000, 2_440_000, null],
      ['full', 1_795_405_499_000, 2_460_000, 2_440_000, null],
      ['ltp', RECEIVED_AT, null, null, null],
      ['quote', RECEIVED_AT, 158020, 156000, 1_250_000],
    ]);
    expect(ours.ticks).toEqual(stock);
  });

  it('rounds currency-segment prices to paise half away from zero, as rupeesToPaise does', () => {
    const frame = encodeFrame([
      // ₹83.2525 and ₹83.255 in NSE CDS's 10^-7 rupee units; -₹0.015 in BSE CDS's 10^-4.
      encodePacket({
        layout: 'ltp',
        fields: infyFields({ token: USDINR_NSE_CD, lastPrice: 832_525_000 }),
      }),
      encodePacket({
        layout: 'ltp',
        fields: infyFields({ token: USDINR_NSE_CD, lastPrice: 832_550_000 }),
      }),
      encodePacket({
        layout: 'ltp',
        fields: infyFields({ token: USDINR_BSE_CD, lastPrice: -150 }),
      }),
    ]);
    const { ours, stock } = decodeBoth(frame);
    expect(ours.ticks.map((t) => t.lastPrice)).toEqual([8325, 8326, -2]);
    expect(ours.ticks).toEqual(stock);
  });

  it('decodes every well-formed frame exactly as KiteTicker and toTick do', () => {
    fc.assert(
      fc.property(wellFormedFrame, ({ specs, frame }) => {
        const { ours, stock } = decodeBoth(frame);
        expect(ours).toEqual({ ticks: stock, unreadable: 0 });
        expect(ours.ticks).toHaveLength(specs.length);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a frame at any offset of a larger buffer, or as an ArrayBuffer', () => {
    fc.assert(
      fc.property(wellFormedFrame, fc.nat(64), ({ frame }, padding) => {
        const pool = Buffer.alloc(padding + frame.length + 16, 0xa5);
        frame.copy(pool, padding);
        const inPool = pool.subarray(padding, padding + frame.length);
        const expected = decodeTicks(frame, RECEIVED_AT);
        expect(decodeTicks(inPool, RECEIVED_AT)).toEqual(expected);
        expect(decodeTicks(toArrayBuffer(frame), RECEIVED_AT)).toEqual(expected);
      }),
    );
  });

  it('finds nothing in a heartbeat, an empty message or a frame of no packets', () => {
    for (const frame of [Buffer.from([0]), Buffer.alloc(0), encodeFrame([])]) {
      expect(decodeTicks(frame, RECEIVED_AT)).toEqual({ ticks: [], unreadable: 0 });
    }
  });

  it('skips a packet of a length no mode has, as KiteTicker does, and counts it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(packetSpec, fc.uint8Array({ maxLength: 200 })), { maxLength: 12 }),
        (entries) => {
          const packets = entries.map((e) =>
            e instanceof Uint8Array ? Buffer.from(e) : encodePacket(e),
          );
          const sizes = new Set(Object.values(PACKET_SIZES));
          const { ours, stock } = decodeBoth(encodeFrame(packets));
          expect(ours.ticks).toEqual(stock);
          expect(ours.unreadable).toBe(packets.filter((p) => !sizes.has(p.length)).length);
        },
      ),
    );
  });

  it('keeps the ticks before a cut and counts every packet from the cut on', () => {
    fc.assert(
      fc.property(
        wellFormedFrame.filter(({ specs }) => specs.length > 0),
        fc.nat(),
        ({ specs, frame }, cutSeed) => {
          const cut = frame.subarray(0, 2 + (cutSeed % (frame.length - 2)));
          const { ours, stock } = decodeBoth(cut);
          expect(ours.ticks.length + ours.unreadable).toBe(specs.length);
          expect(ours.unreadable).toBeGreaterThan(0);
          // KiteTicker agrees up to the cut; past it, it may read a stub as a shorter mode.
          expect(stock.slice(0, ours.ticks.length)).toEqual(ours.ticks);
          expect(stock.length).toBeLessThanOrEqual(ours.ticks.length + 1);
        },
      ),
    );
  });

  it('refuses a full packet cut to a quote’s length, which KiteTicker takes for a quote', () => {
    const whole = encodeFrame([encodePacket({ layout: 'full', fields: infyFields() })]);
    const cut = whole.subarray(0, 4 + PACKET_SIZES.quote);
    const { ours, stock } = decodeBoth(cut);
    expect(ours).toEqual({ ticks: [], unreadable: 1 });
    expect(stock.map((t) => t.mode)).toEqual(['quote']);
  });

  it('counts packets a corrupt count promises but the frame does not hold', () => {
    const frame = encodeFrame([encodePacket({ layout: 'ltp', fields: infyFields() })]);
    frame.writeUInt16BE(0xffff, 0);
    const { ours, stock } = decodeBoth(frame);
    expect(ours.ticks).toEqual(stock);
    expect(ours.unreadable).toBe(0xffff - 1);
  });
});
