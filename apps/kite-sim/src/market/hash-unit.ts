/**
 * A deterministic value in [0, 1) for a tuple of integers (a small integer hash, murmur3's
 * finaliser). Synthetic history must be identical on every request without storing anything.
 */
export function hashUnit(a: number, b: number, salt: number): number {
  let h =
    Math.imul(a | 0, 0x9e37_79b1) ^ Math.imul(b | 0, 0x85eb_ca6b) ^ Math.imul(salt, 0xc2b2_ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 0x1_0000_0000;
}
