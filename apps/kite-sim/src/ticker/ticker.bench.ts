import { describe, expect, it } from 'vitest';
import { FAKE_INSTRUMENTS, makeQuote } from '../../test/fake-market';
import type { Quote } from '../market/market-contract';
import { encodeFrame, encodePacket } from './packet-encoder';

// Ticker encoding throughput: one binary frame of 500 instruments in full mode (184-byte
// packets with 5-level depth), the shape of a busy subscriber's batch. Ticks per second =
// frames per second × 500.
const INSTRUMENTS = 500;
const base = makeQuote(FAKE_INSTRUMENTS.infy, 157_370, 1_795_400_000_000);
const quotes: Quote[] = Array.from({ length: INSTRUMENTS }, (_unused, i) => ({
  ...base,
  token: (10_000 + i) * 256 + 1,
}));

describe('ticker encoder', () => {
  it.for([
    ['full mode, 500 instruments in one frame', 'full'],
    ['quote mode, 500 instruments in one frame', 'quote'],
  ] as const)('%s', async ([name, mode], { bench }) => {
    const result = await bench(name, () =>
      encodeFrame(quotes.map((q) => encodePacket(q, mode))),
    ).run();
    const ticksPerSecond = Math.round(result.throughput.mean * INSTRUMENTS);
    console.log(`${name}: ${ticksPerSecond} ticks encoded/s`);
    expect(result.throughput.mean).toBeGreaterThan(0);
  });
});
