import { randomBytes } from 'node:crypto';
import type { LegRole } from '@kavach/domain';

const ROLE_CODES: Readonly<Record<LegRole, string>> = {
  ENTRY: 'E',
  STOP: 'S',
  TP1: 'A',
  TP2: 'B',
  EXIT: 'X',
  HEDGE: 'H',
  // Never sent by the engine: the id an imported external order is stored under.
  EXTERNAL: 'Z',
};

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 18;

/**
 * A fresh client order id, sent to Kite as the order tag: 20 letters and digits, "k" + a
 * role letter + 18 random base-36 characters (93 bits), so ids never repeat across restarts
 * and a tag in the broker's book says which role it played.
 */
export function createClientOrderId(
  role: LegRole,
  random: (size: number) => Uint8Array = randomBytes,
): string {
  const bytes = random(RANDOM_LENGTH);
  let suffix = '';
  for (let i = 0; i < RANDOM_LENGTH; i += 1)
    suffix += ALPHABET.charAt((bytes[i] ?? 0) % ALPHABET.length);
  return `k${ROLE_CODES[role]}${suffix}`;
}
