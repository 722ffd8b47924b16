/**
 * Folds integers into one 32-bit seed (MurmurHash3's mixing steps). Used to derive
 * independent, reproducible random streams, e.g. one per (instrument, version) for its order
 * book, so that reading a quote never consumes the market's main random stream.
 */
export function mixSeed(...values: readonly number[]): number {
  let h = 0x9e37_79b9;
  for (const value of values) {
    let k = Math.imul(value | 0, 0xcc9e_2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b87_3593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe654_6b64) | 0;
    // Values above 2^32 (large tokens, epoch ms) contribute their high part too.
    const high = Math.floor(value / 0x1_0000_0000);
    if (high !== 0) h ^= Math.imul(high | 0, 0x85eb_ca6b);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return h | 0;
}
