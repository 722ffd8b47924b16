import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  FULL_SAMPLE_JS_TICK,
  FULL_SAMPLE_QUOTE,
  INDEX_QUOTE,
  QUOTE_SAMPLE_JS_TICK,
  QUOTE_SAMPLE_QUOTE,
  SAMPLE_PACKET_SHA256,
} from '../../test/fixtures/ticker-vectors';
import { createKiteTicker, toArrayBuffer } from '../../test/kite-ticker';
import type { Quote } from '../market/market-contract';
import { decodeFrame, decodePacket } from './packet-decoder';
import { encodeFrame, encodePacket, HEARTBEAT_FRAME } from './packet-encoder';
import type { TickMode } from './tick-mode';

// Parsing needs no connection; the constructor only records settings.
const ticker = createKiteTicker({ api_key: 'k', access_token: 't' });

function parseWithKiteTicker(frame: Buffer): Record<string, unknown>[] {
  return ticker.parseBinary(toArrayBuffer(frame));
}

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

describe('encodePacket against the published sample packets', () => {
  it('writes the full-mode sample byte for byte', () => {
    const packet = encodePacket(FULL_SAMPLE_QUOTE, 'full');
    expect(packet).toHaveLength(184);
    expect(sha256(packet)).toBe(SAMPLE_PACKET_SHA256.full);
  });

  it('writes the quote-mode sample byte for byte', () => {
    const packet = encodePacket(QUOTE_SAMPLE_QUOTE, 'quote');
    expect(packet).toHaveLength(44);
    expect(sha256(packet)).toBe(SAMPLE_PACKET_SHA256.quote);
  });

  it('decodes in the official KiteTicker to what Zerodha publishes for the samples', () => {
    const frame = encodeFrame([
      encodePacket(FULL_SAMPLE_QUOTE, 'full'),
      encodePacket(QUOTE_SAMPLE_QUOTE, 'quote'),
    ]);
    const [full, quote] = parseWithKiteTicker(frame);
    expect(full).toEqual({ ...FULL_SAMPLE_JS_TICK, change: expect.any(Number) as number });
    expect(quote).toEqual({ ...QUOTE_SAMPLE_JS_TICK, change: expect.any(Number) as number });
    // Both clients derive change from last price and close, not from the packet.
    expect(full?.change).toBeCloseTo(((1573.7 - 1567.8) * 100) / 1567.8, 10);
  });
});

describe('encodePacket and the two decoders agree', () => {
  const cases: [string, Quote, TickMode, number][] = [
    ['tradable ltp', FULL_SAMPLE_QUOTE, 'ltp', 8],
    ['tradable quote', FULL_SAMPLE_QUOTE, 'quote', 44],
    ['tradable full', FULL_SAMPLE_QUOTE, 'full', 184],
    ['index ltp', INDEX_QUOTE, 'ltp', 8],
    ['index quote', INDEX_QUOTE, 'quote', 28],
    ['index full', INDEX_QUOTE, 'full', 32],
  ];

  it.each(cases)('%s', (_label, quote, mode, size) => {
    const packet = encodePacket(quote, mode);
    expect(packet).toHaveLength(size);
    const ours = decodePacket(packet);
    const [theirs] = parseWithKiteTicker(encodeFrame([packet]));
    expect(ours.token).toBe(quote.token);
    expect(ours.mode).toBe(mode);
    expect(theirs).toMatchObject({
      instrument_token: quote.token,
      mode,
      tradable: quote.token % 256 !== 9,
      last_price: quote.lastPrice / 100,
    });
    if (mode === 'ltp') return;
    expect(theirs?.ohlc).toEqual({
      open: quote.open / 100,
      high: quote.high / 100,
      low: quote.low / 100,
      close: quote.close / 100,
    });
    expect([ours.open, ours.high, ours.low, ours.close]).toEqual([
      quote.open,
      quote.high,
      quote.low,
      quote.close,
    ]);
  });

  it('gives index packets the exchange timestamp in full mode and the net change', () => {
    const packet = encodePacket(INDEX_QUOTE, 'full');
    expect(decodePacket(packet)).toMatchObject({
      change: INDEX_QUOTE.lastPrice - INDEX_QUOTE.close,
      exchangeTimestamp: INDEX_QUOTE.timestamp / 1000,
    });
    const [tick] = parseWithKiteTicker(encodeFrame([packet]));
    expect(tick?.exchange_timestamp).toEqual(new Date(INDEX_QUOTE.timestamp));
  });

  it('pads missing depth levels with zeros', () => {
    const thin: Quote = {
      ...FULL_SAMPLE_QUOTE,
      depth: { buy: FULL_SAMPLE_QUOTE.depth.buy.slice(0, 1), sell: [] },
    };
    const decoded = decodePacket(encodePacket(thin, 'full'));
    expect(decoded.depth?.buy.slice(1)).toEqual(
      Array(4).fill({ quantity: 0, price: 0, orders: 0 }),
    );
    expect(decoded.depth?.sell).toEqual(Array(5).fill({ quantity: 0, price: 0, orders: 0 }));
  });

  it('frames packets with a count and lengths, and heartbeats are one byte', () => {
    const a = encodePacket(FULL_SAMPLE_QUOTE, 'ltp');
    const b = encodePacket(INDEX_QUOTE, 'quote');
    const frame = encodeFrame([a, b]);
    expect(frame.readUInt16BE(0)).toBe(2);
    expect(decodeFrame(frame)).toEqual([a, b]);
    expect(HEARTBEAT_FRAME).toHaveLength(1);
    expect(decodeFrame(HEARTBEAT_FRAME)).toEqual([]);
  });
});
