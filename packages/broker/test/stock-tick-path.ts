import { KiteTicker } from 'kiteconnect';
import type { Tick } from '../src/broker';
import { toTick } from './map-tick';

/**
 * The path the engine took before ADR 8, kept as the oracle for decodeTicks and as the
 * bench's baseline: KiteTicker's own binary parser, then `toTick` as create-kite-broker
 * applied it (unreadable ticks skipped).
 *
 * The parser is a public method of KiteTicker missing from the client's typings. It is called
 * on the prototype: it never reads `this`, and constructing a KiteTicker would change the
 * module-wide reconnect settings that every instance shares.
 */
const { parseBinary } = KiteTicker.prototype as unknown as {
  readonly parseBinary: (binpacks: ArrayBuffer) => unknown[];
};

/** A copy of exactly the frame's bytes: the parser slices from 0 and reads byteLength. */
export function toArrayBuffer(frame: Uint8Array): ArrayBuffer {
  const copy = new ArrayBuffer(frame.byteLength);
  new Uint8Array(copy).set(frame);
  return copy;
}

/** KiteTicker's raw tick objects; it only parses messages longer than 2 bytes. */
export function parseWithKiteTicker(frame: ArrayBuffer): unknown[] {
  return frame.byteLength > 2 ? parseBinary(frame) : [];
}

export function mapStockTicks(raw: readonly unknown[], receivedAt: number): Tick[] {
  const ticks: Tick[] = [];
  for (const entry of raw) {
    const mapped = toTick(entry, receivedAt);
    if (mapped.ok) ticks.push(mapped.value);
  }
  return ticks;
}

export function decodeWithKiteTicker(frame: ArrayBuffer, receivedAt: number): Tick[] {
  return mapStockTicks(parseWithKiteTicker(frame), receivedAt);
}
