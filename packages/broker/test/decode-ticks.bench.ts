import type { Clock } from '@kavach/domain';
import { recordBench } from '@kavach/testkit';
import { describe, expect, it } from 'vitest';
import type { Tick } from '../src/broker';
import { decodeTicks } from '../src/kite/decode-ticks';
import { handleBinaryFrame } from '../src/kite/ticker-messages';
import { decodeWithKiteTicker, parseWithKiteTicker, toArrayBuffer } from './stock-tick-path';
import { encodeFrame, encodePacket, infyFields } from './ticker-frames';

/**
 * Ticks decoded per second from one 500-packet full-mode frame (184-byte packets with depth),
 * a busy subscriber's batch:
 *   the engine's path: handleBinaryFrame, what the ticker socket does with a binary message,
 *     on the bytes as ws hands them over (a Buffer inside a larger one), system clock;
 *   decodeTicks alone, the same without the handler around it;
 *   KiteTicker + toTick: the path before ADR 8, on the ArrayBuffer KiteTicker is given;
 *   KiteTicker parser alone: the client's parse without mapping.
 * Target (issue 9): ≥ 1,000,000 ticks/s on one core.
 */
const PACKETS = 500;
const RECEIVED_AT = 1_795_405_500_000;
// The stock path takes ~50 ms a frame: a few iterations keep the whole run near 5 s.
const RUN = { time: 1_000, iterations: 10, warmupIterations: 5 };

const frameBytes = encodeFrame(
  Array.from({ length: PACKETS }, (_unused, i) =>
    encodePacket({
      layout: 'full',
      fields: infyFields({
        token: (10_000 + i) * 256 + 1,
        lastPrice: 157_370 + i,
        volume: 1_250_000 + i * 7,
      }),
    }),
  ),
);
const frame = toArrayBuffer(frameBytes);
// ws reads a message out of a socket chunk: a view at an offset, never a fresh ArrayBuffer.
const wsChunk = Buffer.alloc(frameBytes.length + 64);
frameBytes.copy(wsChunk, 14);
const wsMessage = wsChunk.subarray(14, 14 + frameBytes.length);

const systemClock: Clock = { now: () => Date.now() };

// Results are folded into a value the test checks, so no engine can drop the work as dead.
let sink = 0;
const handlers = {
  onFrame: () => undefined,
  onTicks: (ticks: readonly Tick[]) => {
    sink += ticks.length;
  },
};

const ticksPerSecond = (framesPerSecond: number) => Math.round(framesPerSecond * PACKETS);

describe('ticker frame decoding', () => {
  it('full mode, 500 packets in one frame', async ({ bench }) => {
    const results = await bench.compare(
      bench('engine path (handleBinaryFrame)', () => {
        handleBinaryFrame(wsMessage, systemClock, handlers);
      }),
      bench('decodeTicks alone', () => {
        sink += decodeTicks(frame, RECEIVED_AT).ticks.length;
      }),
      bench('KiteTicker + toTick', () => {
        sink += decodeWithKiteTicker(frame, RECEIVED_AT).length;
      }),
      bench('KiteTicker parser alone', () => {
        sink += parseWithKiteTicker(frame).length;
      }),
      RUN,
    );
    const ours = results.get('engine path (handleBinaryFrame)');
    const stock = results.get('KiteTicker + toTick');
    const measured = ticksPerSecond(ours.throughput.mean);
    const stockTicks = ticksPerSecond(stock.throughput.mean);
    recordBench({
      id: 'ticks_decoded',
      measured,
      figures: {
        stock_kiteticker_ticks_per_s: stockTicks,
        kiteticker_parse_only_ticks_per_s: ticksPerSecond(
          results.get('KiteTicker parser alone').throughput.mean,
        ),
        decode_ticks_only_ticks_per_s: ticksPerSecond(
          results.get('decodeTicks alone').throughput.mean,
        ),
        speedup_over_stock: Number((measured / stockTicks).toFixed(1)),
        stock_ms_per_frame: Number((1_000 / stock.throughput.mean).toFixed(2)),
        frame_packets: PACKETS,
        frame_bytes: frameBytes.length,
      },
      method:
        'One Kite frame of 500 full-mode packets (184 bytes each, with depth), decoded to port Ticks by the function the ticker socket calls on a binary message, in a loop on one core (vitest bench, mean); the stock path is KiteTicker’s parser plus toTick on the same frame.',
      source: import.meta.url,
    });
    expect(sink % PACKETS).toBe(0);
    expect(ours).toBeFasterThan(stock);
  });
});
