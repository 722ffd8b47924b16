import { KiteTicker } from 'kiteconnect';
import type { KiteTickerParams, Ticker } from 'kiteconnect';

/** What the published types leave out: the `root` option and the instance's parseBinary. */
export type KiteTickerWithRoot = Ticker & {
  readonly parseBinary: (frame: ArrayBuffer) => Record<string, unknown>[];
};

/**
 * The official ticker, pointed at kite-sim. Always without auto-reconnect: its reconnect path
 * calls process.exit. Its state is module-global, so make one per test process.
 */
export function createKiteTicker(
  params: Omit<KiteTickerParams, 'reconnect'> & { readonly root?: string },
): KiteTickerWithRoot {
  const options = { ...params, reconnect: false } as KiteTickerParams;
  return new KiteTicker(options) as unknown as KiteTickerWithRoot;
}

export function toArrayBuffer(buf: Buffer): ArrayBuffer {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}
